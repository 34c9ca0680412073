#!/usr/bin/env python3
"""Benchmark: `surveyor-agent collect` (host + software) against the
FusionInventory agent and plain `dpkg-query -W`, side by side in one run, and
the software collector on a generated root of browser profiles (--profiles
profiles, --extensions extensions each: Chromium profiles with Local State,
Secure Preferences and each extension's manifest.json and messages.json,
and Firefox profiles with profiles.ini and extensions.json).

For each command it runs RUNS times (after one warm-up), measuring wall time
and the child's peak RSS (from wait4's rusage), and prints medians and the
ratios. A benchmark, not a test: it measures and prints; it does not fail on a
slow machine.

    tests/bench/collect_vs_fusioninventory.py [--runs N] [--agent PATH]
        [--profiles 50] [--extensions 10]
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"


def measure(argv, runs):
    """Median wall seconds and peak RSS MiB of `argv` over `runs` runs.

    Peak RSS comes from GNU time (%M), which reports the measured program's own
    high-water mark; a Python child's rusage would also count the forked
    interpreter's pages before exec.
    """
    walls, rss = [], []
    with tempfile.NamedTemporaryFile("r") as report:
        for i in range(runs + 1):
            start = time.perf_counter()
            proc = subprocess.run([GNU_TIME, "-f", "%M", "-o", report.name] + argv,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wall = time.perf_counter() - start
            if proc.returncode not in (0, 1):
                sys.exit(f"{argv[0]} exited {proc.returncode}")
            if i == 0:
                continue  # Warm-up: page cache, dynamic loader.
            report.seek(0)
            walls.append(wall)
            rss.append(int(report.read().strip().splitlines()[-1]) / 1024.0)
    return statistics.median(walls), statistics.median(rss)


def make_browser_root(root, profiles, per_profile):
    """A root with `profiles` browser profiles (4 in 5 Chromium, the rest
    Firefox) of `per_profile` extensions each, spread over 5 users. Returns
    the number of extensions written."""
    os.makedirs(os.path.join(root, "etc"))
    users = [f"user{i}" for i in range(5)]
    with open(os.path.join(root, "etc", "passwd"), "w") as f:
        for i, u in enumerate(users):
            f.write(f"{u}:x:{1000 + i}:{1000 + i}::/home/{u}:/bin/bash\n")
    written = 0
    chromium = profiles - profiles // 5
    for n in range(profiles):
        user = users[n % len(users)]
        home = os.path.join(root, "home", user)
        if n < chromium:
            data = os.path.join(home, ".config", "google-chrome")
            prof = f"Profile {n}"
            settings = {}
            for e in range(per_profile):
                ext_id = "".join(chr(ord("a") + (n * 7 + e * 3 + k) % 16) for k in range(32))
                path = f"{ext_id}/1.{e}.{n}_0"
                ext_dir = os.path.join(data, prof, "Extensions", path)
                os.makedirs(os.path.join(ext_dir, "_locales", "en"))
                with open(os.path.join(ext_dir, "manifest.json"), "w") as f:
                    json.dump({"manifest_version": 3, "name": "__MSG_extName__",
                               "version": f"1.{e}.{n}", "default_locale": "en",
                               "permissions": ["storage", "tabs"],
                               "host_permissions": ["<all_urls>"] if e % 3 == 0 else [],
                               "content_scripts": [{"matches": ["https://*.example.com/*"],
                                                    "js": ["c.js"]}]}, f)
                with open(os.path.join(ext_dir, "_locales", "en", "messages.json"), "w") as f:
                    json.dump({"extName": {"message": f"Extension {e} of profile {n}"}}, f)
                settings[ext_id] = {"location": 1, "from_webstore": True, "path": path,
                                    "first_install_time": "13400000000000000",
                                    "disable_reasons": [] if e % 4 else [1]}
                written += 1
            with open(os.path.join(data, prof, "Secure Preferences"), "w") as f:
                json.dump({"extensions": {"settings": settings}}, f)
            state_path = os.path.join(data, "Local State")
            state = {"profile": {"info_cache": {}}}
            if os.path.exists(state_path):
                with open(state_path) as f:
                    state = json.load(f)
            state["profile"]["info_cache"][prof] = {"name": f"Person {n}"}
            with open(state_path, "w") as f:
                json.dump(state, f)
        else:
            ff = os.path.join(home, ".mozilla", "firefox")
            prof = f"p{n:04d}.default"
            os.makedirs(os.path.join(ff, prof))
            with open(os.path.join(ff, "profiles.ini"), "a") as f:
                f.write(f"[Profile{n}]\nName=p{n}\nIsRelative=1\nPath={prof}\n\n")
            addons = [{"id": f"ext{e}-{n}@example.org", "type": "extension",
                       "version": f"2.{e}", "active": True, "location": "app-profile",
                       "signedState": 2, "defaultLocale": {"name": f"Add-on {e}"},
                       "installDate": 1700000000000,
                       "userPermissions": {"permissions": ["storage"],
                                           "origins": ["<all_urls>"] if e % 2 else []}}
                      for e in range(per_profile)]
            written += per_profile
            with open(os.path.join(ff, prof, "extensions.json"), "w") as f:
                json.dump({"schemaVersion": 35, "addons": addons}, f)
    return written


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_agent = os.path.join(here, "..", "..", "build", "agent", "surveyor-agent")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--agent", default=default_agent)
    ap.add_argument("--profiles", type=int, default=50)
    ap.add_argument("--extensions", type=int, default=10)
    args = ap.parse_args()

    if not os.path.exists(GNU_TIME):
        sys.exit("GNU time not found: apt-get install time")
    fusion = shutil.which("fusioninventory-inventory")
    if not fusion:
        sys.exit("fusioninventory-inventory not found: apt-get install fusioninventory-agent")
    packages = subprocess.run(["dpkg-query", "-W"], capture_output=True, text=True).stdout.count("\n")
    commands = [
        ("surveyor-agent collect", [args.agent, "collect", "--only", "host,software",
                                    "--format", "proto", "-o", os.devnull]),
        ("fusioninventory-inventory", [fusion]),
        ("dpkg-query -W", ["dpkg-query", "-W"]),
    ]
    print(f"{packages} dpkg packages, {os.cpu_count()} CPUs, {args.runs} runs each (median)")
    results = {}
    for name, argv in commands:
        print(f"  measuring {name} ...", file=sys.stderr, flush=True)
        results[name] = measure(argv, args.runs)
    print(f"{'command':28} {'wall ms':>9} {'peak RSS MiB':>13}")
    for name, (wall, rss) in results.items():
        print(f"{name:28} {wall * 1000:9.1f} {rss:13.1f}")
    s_wall, s_rss = results["surveyor-agent collect"]
    f_wall, f_rss = results["fusioninventory-inventory"]
    d_wall, _ = results["dpkg-query -W"]
    print(f"wall time: FusionInventory / Surveyor = {f_wall / s_wall:.1f}x "
          f"(target >= 20x); Surveyor / dpkg-query = {s_wall / d_wall:.2f}x (target <= ~2x)")
    print(f"peak RSS:  FusionInventory / Surveyor = {f_rss / s_rss:.1f}x (target >= 5x)")
    d_rss = results["dpkg-query -W"][1]
    print(f"Surveyor / dpkg-query: wall {s_wall / d_wall:.2f}x (target <= 1.2x), "
          f"peak RSS {s_rss / d_rss:.2f}x (target <= 1.3x)")

    with tempfile.TemporaryDirectory() as root:
        n = make_browser_root(root, args.profiles, args.extensions)
        print(f"  measuring browsers ({args.profiles} profiles, {n} extensions) ...",
              file=sys.stderr, flush=True)
        b_wall, b_rss = measure([args.agent, "collect", "--root", root, "--only",
                                 "software", "--format", "proto", "-o", os.devnull],
                                args.runs)
        help_wall, help_rss = measure([args.agent, "--help"], args.runs)
    print(f"{'collect, browsers only':28} {b_wall * 1000:9.1f} {b_rss:13.1f}"
          f"   ({args.profiles} profiles, {n} extensions)")
    print(f"{'surveyor-agent --help':28} {help_wall * 1000:9.1f} {help_rss:13.1f}")


if __name__ == "__main__":
    main()
