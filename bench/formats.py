#!/usr/bin/env python3
"""The format benchmarks: one synthetic run of 1,000,000 steps as a trace (gen_trace.py,
"python" style), as re-keyed JSON Lines, as CSV and as a TensorBoard event file (gen_logs.py),
each read by tracediff_read_bench (one file, one thread, in process), rounds alternating; and
the event file read by the Python baseline (tb_baseline.py, python3-protobuf). Prints a
markdown table of the medians and the ratios the targets are about:

  CSV and re-keyed JSON Lines >= 70% of the trace format's MB/s
  the event file >= 20x faster than the Python baseline

Usage: formats.py --bench build-bench/bench/tracediff_read_bench [--dir /tmp/formats]
                  [--steps 1000000] [--rounds 7] [--python-rounds 3]
"""
import argparse
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def generate(directory, steps):
    files = {
        "trace.jsonl": [sys.executable, os.path.join(HERE, "gen_trace.py"), "--steps", str(steps),
                        "--style", "python"],
        "rekeyed.jsonl": ["/usr/bin/python3", os.path.join(HERE, "gen_logs.py"), "--steps",
                          str(steps), "--format", "rekeyed"],
        "run.csv": ["/usr/bin/python3", os.path.join(HERE, "gen_logs.py"), "--steps", str(steps),
                    "--format", "csv"],
        "run.tfevents": ["/usr/bin/python3", os.path.join(HERE, "gen_logs.py"), "--steps",
                         str(steps), "--format", "events"],
    }
    os.makedirs(directory, exist_ok=True)
    for name, command in files.items():
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            subprocess.run(command + ["--out", path], check=True)
    return [os.path.join(directory, name) for name in files]


def read_seconds(bench, path):
    """(wall seconds, CPU seconds, steps) of one read."""
    extra = ["--alias", "loss=train/loss"] if path.endswith("rekeyed.jsonl") else []
    out = subprocess.run([bench, "--runs", "1"] + extra + [path], check=True,
                         capture_output=True, text=True).stdout
    fields = out.strip().splitlines()[-1].split()
    return float(fields[3]), float(fields[5]), int(fields[2])


def python_seconds(path):
    """(wall seconds, CPU seconds) of one read by the Python baseline."""
    out = subprocess.run(["/usr/bin/python3", os.path.join(HERE, "tb_baseline.py"), path],
                         check=True, capture_output=True, text=True).stdout
    parts = out.strip().split(",")
    return float(parts[-2].split()[0]), float(parts[-1].split()[0])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bench", required=True)
    ap.add_argument("--dir", default="/tmp/tracediff-formats")
    ap.add_argument("--steps", type=int, default=1000000)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--python-rounds", type=int, default=3)
    args = ap.parse_args()
    paths = generate(args.dir, args.steps)
    wall = {p: [] for p in paths}
    cpu = {p: [] for p in paths}
    steps = {}
    for _ in range(args.rounds):
        for p in paths:
            w, c, steps[p] = read_seconds(args.bench, p)
            wall[p].append(w)
            cpu[p].append(c)
    tb = paths[-1]
    python = [python_seconds(tb) for _ in range(args.python_rounds)]
    med = statistics.median

    def mbs(p, times):
        return os.path.getsize(p) / 1e6 / med(times[p])

    print("| file | input | steps | read, wall | MB/s | vs trace (target >= 70%) | read, CPU | MB/s | vs trace |")
    print("|---|---|---|---|---|---|---|---|---|")
    for p in paths:
        print(f"| `{os.path.basename(p)}` | {os.path.getsize(p) / 1e6:.1f} MB | {steps[p]:,} | "
              f"{med(wall[p]):.3f} s | {mbs(p, wall):.0f} | {100 * mbs(p, wall) / mbs(paths[0], wall):.0f}% | "
              f"{med(cpu[p]):.3f} s | {mbs(p, cpu):.0f} | {100 * mbs(p, cpu) / mbs(paths[0], cpu):.0f}% |")
    py_wall = med([w for w, _ in python])
    py_cpu = med([c for _, c in python])
    print(f"\nevent file, Python baseline: {py_wall:.3f} s wall, {py_cpu:.3f} s CPU; tracediff "
          f"{med(wall[tb]):.3f} s wall, {med(cpu[tb]):.3f} s CPU: **{py_wall / med(wall[tb]):.1f}x** "
          f"wall, **{py_cpu / med(cpu[tb]):.1f}x** CPU (target >= 20x)")


if __name__ == "__main__":
    main()
