#!/usr/bin/env python3
"""The JSON Lines reader against a bare simdjson pass, by user CPU on one thread.

Writes two traces shaped like the demo traces (gen_trace.py --style demo: six members, about
166 bytes a line, an eval record every 100 steps; variants 0 and 1; --style and --shuffle
choose other lines) unless they exist, then
times, in alternating rounds, each given tracediff_read_bench (one thread, both files in one
process: read_trace validating every member) and bare_simdjson (one thread, both files: step
and loss pulled out of each line, nothing validated beyond what simdjson does on the way).
The user CPU of each whole process comes from wait4. Prints the median user CPU of each
binary and its ratio to the bare pass (the target is <= 1.5x), with the load average before
and after.

Usage: jsonl_cpu.py --bare build-bench/bench/bare_simdjson \\
                    --read-bench OLD/bench/tracediff_read_bench \\
                    --read-bench build-bench/bench/tracediff_read_bench \\
                    [--dir /tmp/tracediff-jsonl] [--steps 1000000] [--rounds 11]
"""
import argparse
import os
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def generate(directory, steps, style, shuffle):
    os.makedirs(directory, exist_ok=True)
    paths = []
    for variant in (0, 1):
        name = "%s%s-%d-%d.jsonl" % (style, "-shuffled" if shuffle else "", steps, variant)
        path = os.path.join(directory, name)
        if not os.path.exists(path):
            subprocess.run([sys.executable, os.path.join(HERE, "gen_trace.py"), "--steps",
                            str(steps), "--style", style, "--variant", str(variant), "--out",
                            path + ".tmp"] + (["--shuffle"] if shuffle else []), check=True)
            os.replace(path + ".tmp", path)
        paths.append(path)
    return paths


def user_cpu(command):
    """User CPU seconds of one run of `command`, output discarded."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("failed: %s" % " ".join(command))
    return usage.ru_utime


def load():
    return "%.2f %.2f %.2f" % os.getloadavg()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bare", required=True, help="the bare_simdjson binary")
    ap.add_argument("--read-bench", action="append", required=True,
                    help="a tracediff_read_bench binary (repeat to compare builds)")
    ap.add_argument("--dir", default="/tmp/tracediff-jsonl")
    ap.add_argument("--steps", type=int, default=1000000)
    ap.add_argument("--rounds", type=int, default=11)
    ap.add_argument("--style", choices=["demo", "python", "fixed"], default="demo")
    ap.add_argument("--shuffle", action="store_true",
                    help="each step line's members in a random order (gen_trace.py --shuffle)")
    args = ap.parse_args()
    paths = generate(args.dir, args.steps, args.style, args.shuffle)
    commands = {"bare simdjson": [args.bare] + paths}
    for binary in args.read_bench:
        commands[binary] = [binary, "--runs", "1", "--threads", "1"] + paths
    before = load()
    times = {name: [] for name in commands}
    for _ in range(args.rounds):
        for name, command in commands.items():
            times[name].append(user_cpu(command))
    after = load()
    size = sum(os.path.getsize(p) for p in paths) / 1e6
    bare = statistics.median(times["bare simdjson"])
    print("%d x %d steps, %s style%s, %.1f MB; %d rounds; load average %s before, %s after" %
          (len(paths), args.steps, args.style, ", shuffled" if args.shuffle else "", size,
           args.rounds, before, after))
    print("| reader | user CPU, median | min | max | vs bare (target <= 1.5x) |")
    print("|---|---|---|---|---|")
    for name, values in times.items():
        median = statistics.median(values)
        print("| %s | %.3f s | %.3f s | %.3f s | %.2fx |" %
              (name, median, min(values), max(values), median / bare))


if __name__ == "__main__":
    main()
