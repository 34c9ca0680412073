#!/usr/bin/env python3
"""Benchmark: `surveyor-agent collect` (host + software) against the
FusionInventory agent and plain `dpkg-query -W`, side by side in one run.

For each command it runs RUNS times (after one warm-up), measuring wall time
and the child's peak RSS (from wait4's rusage), and prints medians and the
ratios. A benchmark, not a test: it measures and prints; it does not fail on a
slow machine.

    tests/bench/collect_vs_fusioninventory.py [--runs N] [--agent PATH]
"""
import argparse
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


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default_agent = os.path.join(here, "..", "..", "build", "agent", "surveyor-agent")
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--agent", default=default_agent)
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


if __name__ == "__main__":
    main()
