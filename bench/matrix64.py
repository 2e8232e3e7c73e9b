#!/usr/bin/env python3
"""The matrix case: many traces, every pair compared (issue 23).

Writes N traces of S steps with gen_trace.py (python style, --variant 0..N-1; default 64 x
100,000, so 2016 pairs) into --dir unless they are there, then runs in alternating rounds:

  table              tracediff table on all of them (step 1, step 2, median and max per pair)
  matrix step1       tracediff table --matrix step1
  matrix median      tracediff table --matrix median
  original table     --original's table (the build before the work on issue 23), if given
  numpy table        baseline_numpy.py (json.loads per line, NumPy per pair), run by the
                     Python given with --python (one with NumPy: Debian's /usr/bin/python3)

and prints each one's median wall time, user CPU and system CPU (of the child process, from
wait4) and peak RSS, then the ratios the issue's targets are about:

  matrix step1 / table        <= 0.2
  original table / table      >= 2
  numpy table / table         (the issue measured 5.5x before)

The machine may be shared: CPU time is the steadier measure. Before timing, the outputs of the
table and the original's are compared (they must print the same numbers).

Usage:
  matrix64.py --tracediff build-bench/tracediff [--original OLD/tracediff]
              [--python /usr/bin/python3]
              [--runs 5] [--python-runs 3] [--dir /tmp/matrix64] [--traces 64] [--steps 100000]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))


def make_traces(directory, count, steps):
    os.makedirs(directory, exist_ok=True)
    paths = [os.path.join(directory, "t%02d.jsonl" % i) for i in range(count)]

    def write(i):
        if os.path.exists(paths[i]):
            return
        partial = paths[i] + ".part"
        subprocess.run([sys.executable, os.path.join(HERE, "gen_trace.py"), "--steps",
                        str(steps), "--style", "python", "--variant", str(i), "--out", partial],
                       check=True)
        os.rename(partial, paths[i])

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        list(pool.map(write, range(count)))
    return paths


def run(cmd, codes=(0, 1)):
    """Wall seconds, user and system CPU seconds, and peak RSS (bytes) of one run of `cmd`."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in codes:
        sys.exit("failed: %s" % " ".join(cmd))
    return wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss * 1024


def same_output(first, second):
    out = [subprocess.run(cmd, stdout=subprocess.PIPE, check=False).stdout
           for cmd in (first, second)]
    return out[0] == out[1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tracediff", required=True)
    ap.add_argument("--original", help="the tracediff binary to compare with")
    ap.add_argument("--python", metavar="PYTHON",
                    help="also time baseline_numpy.py, run by this Python (it needs NumPy)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--python-runs", type=int, default=3)
    ap.add_argument("--dir", default="/tmp/matrix64")
    ap.add_argument("--traces", type=int, default=64)
    ap.add_argument("--steps", type=int, default=100000)
    args = ap.parse_args()

    paths = make_traces(args.dir, args.traces, args.steps)
    table = [args.tracediff, "table"] + paths
    commands = {
        "table": table,
        "matrix step1": [args.tracediff, "table", "--matrix", "step1"] + paths,
        "matrix median": [args.tracediff, "table", "--matrix", "median"] + paths,
    }
    if args.original:
        commands["original table"] = [args.original, "table"] + paths
        print("table output identical to the original's: %s" %
              ("yes" if same_output(table, commands["original table"]) else "NO"))
    if args.python:
        commands["numpy table"] = [args.python, os.path.join(HERE, "baseline_numpy.py")] + paths

    results = {name: [] for name in commands}
    for round_number in range(args.runs):
        for name, cmd in commands.items():
            if name == "numpy table" and round_number >= args.python_runs:
                continue
            # The baseline's exit code is 0; tracediff's is 0, or 1 when it warns.
            results[name].append(run(cmd, (0,) if name == "numpy table" else (0, 1)))

    def median(name, k):
        return statistics.median(r[k] for r in results[name])

    total_bytes = sum(os.path.getsize(p) for p in paths)
    pairs = args.traces * (args.traces - 1) // 2
    print("%d traces x %d steps (%d pairs), %.1f MB; load average %s" %
          (args.traces, args.steps, pairs, total_bytes / 1e6,
           " ".join("%.2f" % x for x in os.getloadavg())))
    print("%-16s %5s %9s %9s %9s %11s" % ("command", "runs", "wall s", "user s", "sys s",
                                          "peak RSS"))
    for name in commands:
        print("%-16s %5d %9.3f %9.3f %9.3f %8.1f MB" %
              (name, len(results[name]), median(name, 0), median(name, 1), median(name, 2),
               max(r[3] for r in results[name]) / 1e6))

    def ratio(label, top, bottom, target):
        print("%-34s wall %6.2fx   user CPU %6.2fx   (target %s)" %
              (label, median(top, 0) / median(bottom, 0), median(top, 1) / median(bottom, 1),
               target))

    ratio("matrix step1 / table", "matrix step1", "table", "<= 0.2")
    ratio("matrix median / table", "matrix median", "table", "none")
    if args.original:
        ratio("original table / table", "original table", "table", ">= 2")
    if args.python:
        ratio("numpy table / table", "numpy table", "table", "none")


if __name__ == "__main__":
    main()
