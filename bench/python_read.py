#!/usr/bin/env python3
"""tracediff.read against the command line's reader and against json.loads, on one trace.

Four readers of the same file, best of --runs, taken in alternating rounds (another job on the
machine then slows them alike):

  tracediff.read      the Python module: read_trace in C++ on two threads (ReadOptions::threads
                      = 2, as the module reads), then the NumPy arrays (views of the trace's
                      memory, no copy); wall time of the call, from Python
  read_trace (C++)    tracediff_read_bench --runs 1 FILE: the command line's reader (one
                      thread), timed inside the process (no process start-up, no Python)
  read_trace, 2 thr.  the same with --threads 2: the module's reader without Python
  json.loads          per line, keeping step and loss of the step records in lists, then NumPy
                      arrays: what a notebook does without tracediff (one thread)

Targets (issue 14): tracediff.read at >= 80% of the speed of the C++ reader it runs (two
threads), and >= 20x json.loads.
Prints MB/s over the file's bytes and CPU seconds.

Usage: PYTHONPATH=build/python python_read.py --read-bench build/bench/tracediff_read_bench
           [--runs 5] [--json-runs 2] TRACE
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

import tracediff


def time_call(function):
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def module_read(path):
    t = tracediff.read(path, fields=["loss"])
    return len(t.steps), t.values["loss"]


def json_read(path):
    steps, losses = [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            if record.get("kind") == "step" and "loss" in record:
                steps.append(record["step"])
                losses.append(record["loss"])
    return len(steps), (np.array(steps, dtype=np.int64), np.array(losses, dtype=np.float64))


def bench_read(binary, path, threads):
    """(wall, cpu, steps) from one tracediff_read_bench --runs 1 run."""
    out = subprocess.run([binary, "--runs", "1", "--threads", str(threads), path],
                         capture_output=True, text=True, check=True).stdout.splitlines()[-1].split()
    return float(out[3]), float(out[5]), int(out[2])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--read-bench", required=True, help="tracediff_read_bench")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--json-runs", type=int, default=2)
    ap.add_argument("trace")
    args = ap.parse_args()
    mb = os.path.getsize(args.trace) / 1e6

    best = {"tracediff.read": [1e30, 1e30, 0], "read_trace (C++)": [1e30, 1e30, 0],
            "read_trace (C++, 2 threads)": [1e30, 1e30, 0], "json.loads": [1e30, 1e30, 0]}
    for run in range(args.runs):
        wall, cpu, (steps, values) = time_call(lambda: module_read(args.trace))
        assert values.dtype == np.float64
        best["tracediff.read"] = [min(best["tracediff.read"][0], wall),
                                  min(best["tracediff.read"][1], cpu), steps]
        for name, threads in (("read_trace (C++)", 1), ("read_trace (C++, 2 threads)", 2)):
            wall, cpu, steps = bench_read(args.read_bench, args.trace, threads)
            best[name] = [min(best[name][0], wall), min(best[name][1], cpu), steps]
        if run < args.json_runs:
            wall, cpu, (steps, _) = time_call(lambda: json_read(args.trace))
            best["json.loads"] = [min(best["json.loads"][0], wall),
                                  min(best["json.loads"][1], cpu), steps]

    counts = {v[2] for v in best.values()}
    if len(counts) != 1:
        sys.exit(f"python_read: the readers disagree on the step count: {best}")
    print(f"{args.trace}: {mb:.1f} MB, {counts.pop()} steps; best of {args.runs} "
          f"({args.json_runs} for json.loads)")
    print("| reader | wall s | MB/s | CPU s |")
    print("|---|---|---|---|")
    for name, (wall, cpu, _) in best.items():
        print(f"| {name} | {wall:.3f} | {mb / wall:.0f} | {cpu:.3f} |")
    module, native, native2, baseline = (best[k][0] for k in best)
    print(f"tracediff.read vs read_trace (C++, 2 threads): {native2 / module:.0%} of its speed "
          f"(target >= 80%; by CPU time "
          f"{best['read_trace (C++, 2 threads)'][1] / best['tracediff.read'][1]:.0%})")
    print(f"tracediff.read vs read_trace (C++, 1 thread): {native / module:.0%} of its speed")
    print(f"tracediff.read vs json.loads: {baseline / module:.1f}x faster (target >= 20x; by "
          f"CPU time {best['json.loads'][1] / best['tracediff.read'][1]:.1f}x)")


if __name__ == "__main__":
    main()
