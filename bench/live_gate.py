#!/usr/bin/env python3
"""The live gate's benchmark (tracediff check while the run goes on).

Latency: a writer sends step 1 (equal to the reference) and, once tracediff has read it, step 2,
whose delta fails the gate: the line that decides, as its record completes step 2. The time
from the moment that line is written to the moment tracediff has exited, median over --runs
runs, for each shape of trace: JSON Lines, a text log read with --pattern, Megatron-LM's
standard output (megatron-log) and a TensorBoard event file (the deciding line is then the
record of step 2's loss), each against a reference of its own shape:

  pipe      the trace on tracediff's standard input       target <= 5 ms
  follow    a regular file with --follow                  target <= 30 ms

CPU: tracediff follows a file (--follow) that a writer grows by --rate lines per second for
--seconds seconds, with a whole-run criterion so that the check waits for the end; tracediff's
user + system CPU time over its wall time, as a share of one core. Target < 1%.

Big reference: the pipe and --follow latencies of JSON Lines against a reference of
--big-reference steps (read whole before the run; a decision reads only the reference's steps
up to the step decided), with the same targets as against 10 steps.

Deep failures: a piped JSON Lines run equal to a reference of the largest N steps up to step
N - 1, then off at step N, checked with --max max and with --mode strict: the latency from step N's line to exit, for
each N of --fail-at. A decision takes in the steps not yet compared (at most a few thousand:
the compared steps are kept up to date as the run goes) and the criteria's statistics, which
are kept up to date too, so it should not grow with N.

Usage: live_gate.py --tracediff build/tracediff [--runs 20] [--rate 100] [--seconds 10]
                    [--big-reference 10000000] [--fail-at 1000,100000,1000000]
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_logs import event, record  # noqa: E402  (the event-file writer of the benchmarks)


def step(s, loss):
    return f'{{"step": {s}, "loss": {loss}}}\n'.encode()


def text_step(s, loss):
    return f"epoch 0 | step {s} | loss {loss:.6f} | lr 0.001\n".encode()


def megatron_step(s, loss):
    return (f" [2026-01-01 00:00:00] iteration {s:8d}/     100 | consumed samples: {s * 128:12d} | "
            f"elapsed time per iteration (ms): 141.2 | learning rate: 2.000000E-04 | "
            f"global batch size:   128 | lm loss: {loss:.6E} | loss scale: 1.0 | "
            f"grad norm: 1.156 | number of skipped iterations:   0 | "
            f"number of nan iterations:   0 |\n").encode()


def tensorboard_step(s, loss):
    """One TFRecord of an Event: wall_time, step and the scalar loss (as SummaryWriter writes)."""
    return record(event(s, [(b"loss", loss)]))


# name, how a step is written, the options that read it
SHAPES = [
    ("JSON Lines", step, ["--ignore-header"]),
    ("text --pattern", text_step,
     ["--pattern", r"step (?P<step>\d+) \| loss (?P<loss>\S+)"]),
    ("megatron-log", megatron_step, ["--field", "lm loss"]),
    ("TensorBoard", tensorboard_step, []),
]


def write_reference(directory, shape, steps):
    path = os.path.join(directory, "ref.log")
    with open(path, "wb") as f:
        for s in range(1, steps + 1):
            f.write(shape[1](s, 1.0 / s))
    return path


def criteria(shape):
    return [*shape[2], "--max", "step1=1e-9", "--max", "step2=1e-9"]


def pipe_latency(tracediff, ref, shape, settle=0.05):
    p = subprocess.Popen([tracediff, "check", "--reference", ref, "-", *criteria(shape)],
                         stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    p.stdin.write(shape[1](1, 1.0))
    p.stdin.flush()
    time.sleep(settle)  # tracediff has read the reference and step 1 and waits for more
    return time_to_exit(p, shape[1](2, 5.0))


def time_to_exit(p, deciding_line):
    """Writes the line that fails the check to its standard input; seconds until it exits."""
    start = time.perf_counter()
    p.stdin.write(deciding_line)
    p.stdin.flush()
    p.wait()
    elapsed = time.perf_counter() - start
    assert p.returncode == 1, p.returncode
    p.stdin.close()
    return elapsed


DEEP_CRITERIA = [("--max max", ["--max", "max=1e-9"]),
                 ("--mode strict", ["--mode", "strict", "--field", "loss"])]


def deep_failure_latency(tracediff, ref, fail_at, criteria):
    """Steps 1 to fail_at - 1 as the reference has them, then step fail_at off by 4."""
    p = subprocess.Popen([tracediff, "check", "--reference", ref, "-", "--ignore-header",
                          *criteria], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    p.stdin.write(b"".join(step(s, 1.0 / s) for s in range(1, fail_at)))
    p.stdin.flush()
    time.sleep(0.5 + 2e-6 * fail_at)  # tracediff has read the reference and every line so far
    return time_to_exit(p, step(fail_at, 1.0 / fail_at + 4))


def follow_latency(tracediff, ref, directory, shape, settle=0.2):
    run = os.path.join(directory, "run.log")
    with open(run, "wb", buffering=0) as f:
        f.write(shape[1](1, 1.0))
        p = subprocess.Popen([tracediff, "check", "--reference", ref, run, "--follow",
                              *criteria(shape)], stdout=subprocess.DEVNULL)
        time.sleep(settle)  # tracediff has read step 1 and polls for more
        start = time.perf_counter()
        f.write(shape[1](2, 5.0))
        p.wait()
        elapsed = time.perf_counter() - start
    assert p.returncode == 1, p.returncode
    os.unlink(run)
    return elapsed


def follow_cpu(tracediff, directory, rate, seconds):
    lines = int(rate * seconds)
    ref = os.path.join(directory, "ref_cpu.jsonl")
    with open(ref, "wb") as f:
        for s in range(1, lines + 1):
            f.write(step(s, 1.0))
    run = os.path.join(directory, "run_cpu.jsonl")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(run, "wb", buffering=0) as f:
        p = subprocess.Popen([tracediff, "check", "--reference", ref, run, "--follow",
                              "--idle-timeout", "0.5", "--ignore-header", "--max", "median=0"],
                             stdout=subprocess.DEVNULL)
        start = time.perf_counter()
        for s in range(1, lines + 1):
            f.write(step(s, 1.0))
            next_line = start + s / rate
            time.sleep(max(0.0, next_line - time.perf_counter()))
        p.wait()
        wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert p.returncode == 0, p.returncode
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    os.unlink(run)
    return cpu, wall


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tracediff", required=True)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--rate", type=float, default=100.0)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--big-reference", type=int, default=10_000_000)
    parser.add_argument("--fail-at", default="1000,100000,1000000",
                        help="steps the deep failures are at, comma-separated")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as directory:
        for shape in SHAPES:
            ref = write_reference(directory, shape, 10)
            pipe = [pipe_latency(args.tracediff, ref, shape) for _ in range(args.runs)]
            follow = [follow_latency(args.tracediff, ref, directory, shape)
                      for _ in range(args.runs)]
            rows.append((f"{shape[0]}, pipe: deciding line to exit", pipe, "<= 5 ms"))
            rows.append((f"{shape[0]}, --follow: deciding line to exit", follow, "<= 30 ms"))
        big = write_reference(directory, SHAPES[0], args.big_reference)
        started = time.perf_counter()
        subprocess.run([args.tracediff, "check", "--reference", big, "-", "--max", "step1=1"],
                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)  # reads the reference, then finds no records
        settle = 2 * (time.perf_counter() - started) + 0.1  # reading it, with room
        big_runs = max(3, args.runs // 4)
        latencies = [pipe_latency(args.tracediff, big, SHAPES[0], settle)
                     for _ in range(big_runs)]
        rows.append((f"JSON Lines against {args.big_reference:,} reference steps, pipe: "
                     "deciding line to exit", latencies, "<= 5 ms"))
        latencies = [follow_latency(args.tracediff, big, directory, SHAPES[0], settle)
                     for _ in range(big_runs)]
        rows.append((f"JSON Lines against {args.big_reference:,} reference steps, --follow: "
                     "deciding line to exit", latencies, "<= 30 ms"))
        os.unlink(big)
        fail_at = [int(n) for n in args.fail_at.split(",")]
        ref = write_reference(directory, SHAPES[0], max(fail_at))
        for name, deep in DEEP_CRITERIA:
            for n in fail_at:
                latencies = [deep_failure_latency(args.tracediff, ref, n, deep)
                             for _ in range(big_runs)]
                rows.append((f"JSON Lines, {name} failing at step {n:,} of a pipe (reference "
                             f"of {max(fail_at):,} steps): deciding line to exit", latencies,
                             "constant"))
        os.unlink(ref)
        cpu, wall = follow_cpu(args.tracediff, directory, args.rate, args.seconds)
    print("| measure | median | min | max | target |")
    print("|---|---|---|---|---|")
    for name, values, target in rows:
        print(f"| {name} ({len(values)} runs) | {statistics.median(values) * 1e3:.1f} ms | "
              f"{min(values) * 1e3:.1f} ms | {max(values) * 1e3:.1f} ms | {target} |")
    print(f"| --follow at {args.rate:g} lines/s for {args.seconds:g} s: CPU | "
          f"{100 * cpu / wall:.2f}% of a core ({cpu:.3f} s CPU in {wall:.1f} s) | | | < 1% |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
