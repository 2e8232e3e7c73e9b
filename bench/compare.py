#!/usr/bin/env python3
"""Whole-process comparison: tracediff against the Python baseline and a bare simdjson pass.

Runs each command on the same files, alternating, several times; reports the median wall
time, the peak resident memory, throughput over the input bytes, and the ratios the issue
sets as targets:

  two traces    tracediff table          >= 25x faster than baseline.py
                tracediff table          no slower than bare_simdjson over both files
  many traces   tracediff table (pairs)  no slower than bare_simdjson over all files
                tracediff table --matrix step1   likewise
  memory        peak RSS <= 64 MiB + 50 bytes per step per trace

Usage:
  compare.py --tracediff build-perf/tracediff --bare build-bench/bench/bare_simdjson \\
             [--python] [--runs 3] [--steps 1000000] TRACE TRACE [TRACE...]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time


def run(cmd):
    """Wall seconds and peak RSS (bytes) of one run of `cmd`, output discarded."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit("failed: %s" % " ".join(cmd))
    return wall, usage.ru_maxrss * 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tracediff", required=True)
    ap.add_argument("--bare", required=True, help="the bare_simdjson binary")
    ap.add_argument("--python", action="store_true", help="also time baseline.py")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--steps", type=int, default=1000000, help="step records per trace")
    ap.add_argument("traces", nargs="+")
    args = ap.parse_args()

    here = os.path.dirname(os.path.abspath(__file__))
    total_bytes = sum(os.path.getsize(p) for p in args.traces)
    n = len(args.traces)
    commands = {
        "tracediff table": [args.tracediff, "table"] + args.traces,
        "bare simdjson (1 thread)": [args.bare] + args.traces,
    }
    if n > 2:
        commands["tracediff table --matrix step1"] = [args.tracediff, "table", "--matrix",
                                                      "step1"] + args.traces
    if args.python:
        commands["python baseline"] = [sys.executable, os.path.join(here, "baseline.py")] + \
            args.traces

    walls = {name: [] for name in commands}
    rss = {name: 0 for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            wall, peak = run(cmd)
            walls[name].append(wall)
            rss[name] = max(rss[name], peak)
    median = {name: statistics.median(w) for name, w in walls.items()}

    print("%d traces, %.1f MB in total, %d runs each (median wall time)" %
          (n, total_bytes / 1e6, args.runs))
    print("%-34s %9s %9s %11s" % ("command", "wall s", "MB/s", "peak RSS"))
    for name in commands:
        print("%-34s %9.3f %9.0f %8.1f MB" % (name, median[name],
                                             total_bytes / 1e6 / median[name], rss[name] / 1e6))
    bare = median["bare simdjson (1 thread)"]
    for name in commands:
        if name.startswith("tracediff"):
            print("%s vs bare simdjson: %.2fx (target >= 1)" % (name, bare / median[name]))
    if args.python:
        print("tracediff table vs python baseline: %.1fx (target >= 25)" %
              (median["python baseline"] / median["tracediff table"]))
    limit = 64 * 1024 * 1024 + 50 * args.steps * n
    peak = max(v for k, v in rss.items() if k.startswith("tracediff"))
    print("tracediff peak RSS %.1f MB, limit %.1f MB (64 MiB + 50 B x %d steps x %d traces): "
          "%.1f bytes per step per trace above 64 MiB" %
          (peak / 1e6, limit / 1e6, args.steps, n,
           max(0, peak - 64 * 1024 * 1024) / (args.steps * n)))


if __name__ == "__main__":
    main()
