#!/usr/bin/env python3
"""Times reading wide inputs: a TensorBoard event file with many scalar tags and a CSV with
many columns (issue 20: a tag lookup and a duplicate-column check that were quadratic).

Writes into --dir:
  wide.tfevents  --tags tags (tag/000000, ...; one of them is "loss") x --steps steps, one
                 Event per tag and step, as SummaryWriter.add_scalar writes them
  wide.csv       a header of --columns columns (step, loss, c000002, ...), --steps rows
  ref.jsonl      the loss at the same steps, as a trace
then runs `tracediff table FILE ref.jsonl` on each, --runs times, alternating between the
binaries given (the previous build and this one, say), and prints the median wall time and CPU
time (the child's user + system time) of each. The target is under a second per file.

Usage: wide_inputs.py --dir /tmp/wide [--tags 60000] [--columns 200000] [--steps 3]
                      [--runs 3] [--timeout 120] BINARY [BINARY...]
"""

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_logs import event, record  # noqa: E402  (the event-file writer of the benchmarks)


def tag_names(count):
    names = [f"tag/{i:06d}".encode() for i in range(count)]
    names[count // 2] = b"loss"  # the field compared, in the middle of the tags
    return names


def write_events(path, tags, steps):
    with open(path, "wb", buffering=1 << 20) as out:
        for step in range(1, steps + 1):
            for i, tag in enumerate(tags):
                out.write(record(event(step, [(tag, 1.0 / step + i * 1e-6)])))


def write_csv(path, columns, steps):
    names = ["step", "loss"] + [f"c{i:06d}" for i in range(2, columns)]
    with open(path, "w", buffering=1 << 20) as out:
        out.write(",".join(names) + "\n")
        for step in range(1, steps + 1):
            out.write(f"{step}," + ",".join([f"{1.0 / step:g}"] * (columns - 1)) + "\n")


def write_reference(path, steps):
    with open(path, "w") as out:
        for step in range(1, steps + 1):
            out.write(f'{{"step": {step}, "loss": {1.0 / step:g}}}\n')


def run_once(binary, args, timeout):
    """(wall s, CPU s) of one run, or None when it took longer than `timeout` seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    try:
        subprocess.run([binary, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", required=True)
    ap.add_argument("--tags", type=int, default=60000)
    ap.add_argument("--columns", type=int, default=200000)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=120.0)
    ap.add_argument("binaries", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    events = os.path.join(args.dir, "wide.tfevents")
    csv = os.path.join(args.dir, "wide.csv")
    reference = os.path.join(args.dir, "ref.jsonl")
    write_events(events, tag_names(args.tags), args.steps)
    write_csv(csv, args.columns, args.steps)
    write_reference(reference, args.steps)
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    cases = [(f"{args.tags} tags x {args.steps} steps, {os.path.getsize(events) / 1e6:.1f} MB",
              events),
             (f"{args.columns} columns x {args.steps} rows, {os.path.getsize(csv) / 1e6:.1f} MB",
              csv)]
    for name, path in cases:
        times = {b: [] for b in args.binaries}
        for _ in range(args.runs):
            for binary in args.binaries:  # alternating, so that the load hits both alike
                times[binary].append(run_once(binary, ["table", path, reference], args.timeout))
        for binary in args.binaries:
            done = [t for t in times[binary] if t is not None]
            if len(done) < len(times[binary]):
                print(f"{name}: {binary}: over {args.timeout:g} s "
                      f"({len(times[binary]) - len(done)} of {len(times[binary])} runs)")
                continue
            wall = statistics.median(t[0] for t in done)
            cpu = statistics.median(t[1] for t in done)
            print(f"{name}: {binary}: {wall:.3f} s wall, {cpu:.3f} s CPU (median of {len(done)})")


if __name__ == "__main__":
    main()
