#!/usr/bin/env python3
"""A trace read from a pipe or a FIFO against the same trace read from a regular file.

`tracediff check A B` reads both files whole; `cat B | tracediff check A -` and
`tracediff check A FIFO` (cat copying B into it) read B as it comes, as a live check does,
while A, a finished file, is read whole beside it. The criterion (`--max median=1`) rests on
every step, so each command reads all of B. Rounds alternate between the three; for each,
the median wall time (from start to exit), tracediff's own user + system CPU time and its peak
resident memory (from wait4), and the ratios to the file's (target: within 1.2x).

With --before OLD/tracediff, the file and the pipe are also timed with that build, in the
same rounds, and shown against its own file.

Usage: pipe_vs_file.py --tracediff build/tracediff [--before OLD/tracediff] [--runs 5]
                       A.jsonl B.jsonl
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

CRITERIA = ["--ignore-header", "--max", "median=1"]


def timed(argv, stdin=None):
    """Runs tracediff; wall seconds, CPU seconds and peak RSS in MiB (its own, from wait4)."""
    start = time.perf_counter()
    p = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    assert p.returncode == 0, (argv, p.returncode)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def from_file(tracediff, a, b, _directory):
    return timed([tracediff, "check", a, b, *CRITERIA])


def from_pipe(tracediff, a, b, _directory):
    cat = subprocess.Popen(["cat", b], stdout=subprocess.PIPE)
    try:
        return timed([tracediff, "check", a, "-", *CRITERIA], stdin=cat.stdout)
    finally:
        cat.stdout.close()
        cat.wait()


def from_fifo(tracediff, a, b, directory):
    fifo = os.path.join(directory, "b.fifo")
    os.mkfifo(fifo)
    # The writer is cat, as for the pipe: it opens the FIFO once tracediff does.
    with open(b, "rb") as src:
        writer = subprocess.Popen(["sh", "-c", 'exec cat > "$0"', fifo], stdin=src)
        try:
            return timed([tracediff, "check", a, fifo, *CRITERIA])
        finally:
            writer.wait()
            os.unlink(fifo)


CASES = [("file", from_file), ("pipe", from_pipe), ("FIFO", from_fifo)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracediff", required=True)
    parser.add_argument("--before")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("a")
    parser.add_argument("b")
    args = parser.parse_args()
    # (row, tracediff, case, the row it is compared with)
    rows = [(name, args.tracediff, run, "file") for name, run in CASES]
    if args.before:
        rows += [("file, before", args.before, from_file, "file, before"),
                 ("pipe, before", args.before, from_pipe, "file, before")]
    results = {row: [] for row, _, _, _ in rows}
    with tempfile.TemporaryDirectory() as directory:
        for _ in range(args.runs):
            for row, tracediff, run, _ in rows:
                results[row].append(run(tracediff, args.a, args.b, directory))
    medians = {row: [statistics.median(r[i] for r in runs) for i in range(3)]
               for row, runs in results.items()}
    print(f"B: {os.path.getsize(args.b) / 1e6:.1f} MB; {args.runs} rounds; load average "
          f"{os.getloadavg()[0]:.2f} after")
    print("| B read from | wall | CPU | peak RSS | wall vs file | CPU vs file | RSS vs file |")
    print("|---|---|---|---|---|---|---|")
    for row, _, _, base in rows:
        wall, cpu, rss = medians[row]
        file_wall, file_cpu, file_rss = medians[base]
        print(f"| {row} | {wall:.3f} s | {cpu:.3f} s | {rss:.1f} MiB | "
              f"{wall / file_wall:.2f}x | {cpu / file_cpu:.2f}x | {rss / file_rss:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
