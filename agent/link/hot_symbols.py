#!/usr/bin/env python3
"""The agent's hot functions, for the linker to lay out together.

A program's code is mapped from its file, and the kernel maps the pages
around each page it touches (fault-around, 64 KiB by default) when they are in
the page cache, as a warm binary's are. Code the agent runs spread over a
9 MB binary therefore makes most of the binary resident. Linking the functions
the agent runs next to each other (lld's --symbol-ordering-file, see
agent/CMakeLists.txt) keeps its resident memory close to what it runs.

This script runs the agent under Valgrind's callgrind on the fixture roots
(collect in every format, --help, --version) and lists the functions of the
agent binary that ran.

    hot_symbols.py --agent build/agent/surveyor-agent --write agent/link/hot-symbols.txt
        Regenerate the ordering file (after changing what the agent runs).
    hot_symbols.py --agent build/agent/surveyor-agent --check agent/link/hot-symbols.txt
        CTest: fails when the file misses more than --max-missing of the
        functions that run, or when the linked binary spreads them over more
        64 KiB windows than --max-window-ratio times the fewest they fit in.
"""
import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ROOTS = os.path.join(SOURCE, "tests", "fixtures", "roots")
WINDOW = 64 * 1024


def workloads():
    runs = [["--help"], ["--version"], ["collect", "--help"]]
    for root in ("debian-desktop", "protected-server", "browser-desktop"):
        path = os.path.join(ROOTS, root)
        for fmt in ("table", "proto", "json"):
            runs.append(["collect", "--root", path, "--format", fmt, "-o", os.devnull])
    return runs


CALLGRIND_NAME = re.compile(r"^(ob|cob|fn|cfn)=\((\d+)\)(?: (.*))?$")


def functions_in(profile, binary):
    """Names of the functions of `binary` in a callgrind profile (the
    functions that ran and the ones they called)."""
    objects, names, found = {}, {}, set()
    current_ob = callee_ob = None
    with open(profile, errors="replace") as f:
        for line in f:
            m = CALLGRIND_NAME.match(line.rstrip("\n"))
            if not m:
                continue
            kind, ident, name = m.groups()
            if kind in ("ob", "cob"):
                if name:
                    objects[ident] = name
                if kind == "ob":
                    current_ob, callee_ob = objects.get(ident), None
                else:
                    callee_ob = objects.get(ident)
                continue
            if name:
                names[ident] = name
            ob = current_ob if kind == "fn" else (callee_ob or current_ob)
            if kind == "cfn":
                callee_ob = None
            if ob and os.path.realpath(ob) == binary:
                symbol = re.sub(r"'\d+$", "", names[ident])  # recursion marks
                if not symbol.startswith("0x") and symbol != "(below main)":
                    found.add(symbol)
    return found


def profile(agent):
    """{function name: how many of the workloads ran it}."""
    valgrind = shutil.which("valgrind")
    if not valgrind:
        sys.exit("hot_symbols.py: valgrind not found (apt-get install valgrind; "
                 "install/setup.sh installs it)")
    binary = os.path.realpath(agent)
    hot = {}
    with tempfile.TemporaryDirectory() as tmp:
        for i, args in enumerate(workloads()):
            out = os.path.join(tmp, f"callgrind.{i}")
            proc = subprocess.run(
                [valgrind, "--tool=callgrind", "--demangle=no",
                 f"--callgrind-out-file={out}", binary] + args,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if proc.returncode not in (0, 1) or not os.path.exists(out):
                sys.exit(f"hot_symbols.py: surveyor-agent {' '.join(args)} exited "
                         f"{proc.returncode}:\n{proc.stderr[-2000:]}")
            for name in functions_in(out, binary):
                hot[name] = hot.get(name, 0) + 1
    return hot


def read_order(path):
    with open(path) as f:
        return {l.strip() for l in f if l.strip() and not l.startswith("#")}


def layout(agent, hot):
    """(bytes of the hot functions, 64 KiB windows they occupy) in `agent`."""
    nm = subprocess.run(["nm", "-S", "--defined-only", agent], capture_output=True,
                        text=True, check=True).stdout
    size, windows = 0, set()
    seen = set()
    for line in nm.splitlines():
        parts = line.split()
        if len(parts) != 4 or parts[2] not in "tTwW" or parts[3] not in hot:
            continue
        addr, length = int(parts[0], 16), int(parts[1], 16)
        if (addr, parts[3]) in seen:
            continue
        seen.add((addr, parts[3]))
        size += length
        for w in range(addr // WINDOW, (addr + max(length, 1) - 1) // WINDOW + 1):
            windows.add(w)
    return size, len(windows)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--agent", required=True, help="the surveyor-agent binary")
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", metavar="FILE", help="write the ordering file")
    mode.add_argument("--check", metavar="FILE", help="check the ordering file "
                      "and the binary's layout")
    ap.add_argument("--max-missing", type=float, default=0.10,
                    help="largest share of running functions the file may miss")
    ap.add_argument("--max-window-ratio", type=float, default=3.0,
                    help="most 64 KiB windows the hot code may occupy, as a "
                         "multiple of the fewest it fits in")
    args = ap.parse_args()

    print(f"profiling {len(workloads())} agent runs under callgrind ...",
          file=sys.stderr, flush=True)
    hot = profile(args.agent)
    if not hot:
        sys.exit("hot_symbols.py: no function of the agent ran (was it built "
                 "with symbols?)")
    if args.write:
        with open(args.write, "w") as f:
            f.write("# Functions surveyor-agent runs, laid out together by lld\n"
                    "# (agent/CMakeLists.txt). Generated by agent/link/hot_symbols.py\n"
                    "# --write; regenerate after changing what the agent runs.\n"
                    "# Those every run needs come first, then those fewer runs\n"
                    "# need, so the common path stays densest.\n")
            for name in sorted(hot, key=lambda n: (-hot[n], n)):
                f.write(name + "\n")
        print(f"wrote {len(hot)} functions to {args.write}")
        return 0

    listed = read_order(args.check)
    missing = sorted(set(hot) - listed)
    share = len(missing) / len(hot)
    size, windows = layout(args.agent, hot)
    fewest = max(1, math.ceil(size / WINDOW))
    print(f"{len(hot)} functions ran; {len(missing)} ({share:.1%}) not in "
          f"{os.path.basename(args.check)}")
    print(f"hot code: {size / 1024:.0f} KiB in {windows} windows of 64 KiB "
          f"(fits in {fewest}; ratio {windows / fewest:.2f})")
    failed = False
    if share > args.max_missing:
        failed = True
        print(f"FAIL: more than {args.max_missing:.0%} of the running functions "
              f"are missing; regenerate with --write. First missing:")
        for name in missing[:20]:
            print("  " + name)
    if windows > args.max_window_ratio * fewest:
        failed = True
        print(f"FAIL: the hot code is spread over more than "
              f"{args.max_window_ratio}x the windows it fits in: was the agent "
              f"linked with lld and the ordering file?")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
