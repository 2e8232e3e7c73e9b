#!/usr/bin/env python3
"""Writes a large synthetic trace, deterministically, in the style of a real training run.

Every line has the shape of the traces tracediff compares: a header, one step record per step
and an eval record at the end of each epoch. The values are made up: a decaying loss curve
with noise from a fixed seed, plus a small per-trace perturbation (--variant), so that two
variants of one seed differ the way two runs of one training differ.

  --style python   {"kind": "step", "step": 12, "epoch": 0, "loss": 2.4199388027191162, ...}
                   (float32 values written as Python's repr of the double, as json.dumps does)
  --style fixed    {"kind":"step","step":12,"epoch":0,"loss":2.419939,"lr":0.001000}
                   (six decimals, no spaces)
  --style demo     {"kind": "step", "step": 12, "epoch": 0, "loss": 2.4199388027191162,
                   "lr": 0.00019999999494757503, "grad_norm": 1.14..., "param_norm": 22.99...}
                   (the shape of traces/demo/: python style with six members, about 166
                   bytes a line, an eval record every 100 steps unless --steps-per-epoch says)
  --shuffle        each step line's members in another order (from a fixed seed): no line is
                   shaped as the one before, the worst case for the reader's line shapes

Usage: gen_trace.py --steps 1000000 --style python --variant 0 --out /tmp/a.jsonl
"""

import argparse
import math
import random
import struct


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--style", choices=["python", "fixed", "demo"], default="python")
    ap.add_argument("--seed", type=int, default=1, help="the run's curve and noise")
    ap.add_argument("--variant", type=int, default=0, help="a small per-trace perturbation")
    ap.add_argument("--steps-per-epoch", type=int, default=None,
                    help="steps between eval records (1000; 100 for --style demo)")
    ap.add_argument("--shuffle", action="store_true",
                    help="each step line's members in a random order")
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if args.steps_per_epoch is None:
        args.steps_per_epoch = 100 if args.style == "demo" else 1000

    curve = random.Random(args.seed)
    jitter = random.Random(args.seed * 1000003 + args.variant)
    order = random.Random(args.seed * 7919 + args.variant)
    python = args.style in ("python", "demo")
    demo = args.style == "demo"
    sep = ", " if python else ","
    colon = ": " if python else ":"

    def num(x):
        return repr(f32(x)) if python else "%.6f" % x

    def obj(pairs):
        return "{" + sep.join('"%s"%s%s' % (k, colon, v) for k, v in pairs) + "}\n"

    with open(args.out, "w", encoding="ascii", buffering=1 << 20) as out:
        out.write(obj([("kind", '"header"'), ("phase", '"bench-%s-%d"' % (args.style, args.variant)),
                       ("netspec_name", '"bench-mlp"'), ("config", '{"lr"%s0.001%s"seed"%s%d}'
                                                          % (colon, sep, colon, args.seed)),
                       ("total_params", "101770"), ("dataset", '"synthetic"')]))
        lines = []
        for step in range(1, args.steps + 1):
            epoch = (step - 1) // args.steps_per_epoch
            base = 2.3 * math.exp(-step / (args.steps / 8 + 1)) + 0.05 + 0.2 * curve.random()
            loss = base * (1.0 + 1e-6 * (jitter.random() - 0.5)) if args.variant else base
            if demo:  # warm-up, then a cosine, as the demo traces' schedule
                lr = 0.01 * min(step / 50, 0.5 * (1 + math.cos(math.pi * step / args.steps)))
            else:
                lr = 0.001 * (0.5 ** (epoch // 100))
            members = [("kind", '"step"'), ("step", str(step)), ("epoch", str(epoch)),
                       ("loss", num(loss)), ("lr", num(lr))]
            if demo:
                members += [("grad_norm", num(0.5 + 0.7 * curve.random())),
                            ("param_norm", num(23.0 + 7.0 * step / args.steps))]
            if args.shuffle:
                order.shuffle(members)
            lines.append(obj(members))
            if step % args.steps_per_epoch == 0:
                lines.append(obj([("kind", '"eval"'), ("step", str(step)), ("epoch", str(epoch)),
                                  ("val_loss", num(base)), ("val_acc", num(0.9))]))
            if len(lines) >= 10000:
                out.writelines(lines)
                lines.clear()
        out.writelines(lines)


if __name__ == "__main__":
    main()
