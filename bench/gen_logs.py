#!/usr/bin/env python3
"""Writes one large synthetic run in other log formats, deterministically, for the format
benchmarks: the values and their shape are those of gen_trace.py's "python" style (a decaying
loss with noise, float32 values as Python's repr, the lr halving every 100 epochs).

  --format rekeyed  {"iteration": 12, "epoch": 0, "train/loss": 2.41..., "train/lr": 0.001...}
  --format csv      step,epoch,loss,lr  (a header row, then one row per step)
  --format events   a TensorBoard event file: one Event per step with loss as simple_value
                    (add --tags loss,lr for more); CRC-32C with python3-crc32c when installed

Usage: gen_logs.py --steps 1000000 --format csv --out /tmp/a.csv
"""

import argparse
import math
import random
import struct

try:
    from crc32c import crc32c  # Debian python3-crc32c
except ImportError:  # pragma: no cover
    _T = []
    for _i in range(256):
        _c = _i
        for _ in range(8):
            _c = (_c >> 1) ^ 0x82F63B78 if _c & 1 else _c >> 1
        _T.append(_c)

    def crc32c(data):
        c = 0xFFFFFFFF
        for b in data:
            c = _T[(c ^ b) & 0xFF] ^ (c >> 8)
        return c ^ 0xFFFFFFFF


def f32(x):
    return struct.unpack("f", struct.pack("f", x))[0]


def masked(crc):
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def record(data):
    head = struct.pack("<Q", len(data))
    return head + struct.pack("<I", masked(crc32c(head))) + data + struct.pack("<I", masked(crc32c(data)))


def varint(v):
    out = bytearray()
    while v >= 0x80:
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v)
    return bytes(out)


def event(step, values):
    summary = b""
    for tag, x in values:
        value = b"\x0a" + varint(len(tag)) + tag + b"\x15" + struct.pack("<f", x)
        summary += b"\x0a" + varint(len(value)) + value
    return (b"\x09" + struct.pack("<d", 1.7e9 + step * 0.01) + b"\x10" + varint(step) +
            b"\x2a" + varint(len(summary)) + summary)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, required=True)
    ap.add_argument("--format", choices=["rekeyed", "csv", "events"], required=True)
    ap.add_argument("--tags", default="loss")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--steps-per-epoch", type=int, default=1000)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    curve = random.Random(args.seed)
    tags = [t.encode() for t in args.tags.split(",")]
    with open(args.out, "wb", buffering=1 << 20) as out:
        if args.format == "csv":
            out.write(b"step,epoch,loss,lr\n")
        if args.format == "events":
            out.write(record(b"\x09" + struct.pack("<d", 1.7e9) + b"\x1a\x0dbrain.Event:2"))
        chunk = []
        for step in range(1, args.steps + 1):
            epoch = (step - 1) // args.steps_per_epoch
            loss = f32(2.3 * math.exp(-step / (args.steps / 8 + 1)) + 0.05 + 0.2 * curve.random())
            lr = f32(0.001 * (0.5 ** (epoch // 100)))
            if args.format == "rekeyed":
                chunk.append(('{"iteration": %d, "epoch": %d, "train/loss": %r, "train/lr": %r}\n'
                              % (step, epoch, loss, lr)).encode())
            elif args.format == "csv":
                chunk.append(("%d,%d,%r,%r\n" % (step, epoch, loss, lr)).encode())
            else:
                values = {b"loss": loss, b"lr": lr}
                chunk.append(record(event(step, [(t, values.get(t, loss)) for t in tags])))
            if len(chunk) >= 10000:
                out.write(b"".join(chunk))
                chunk.clear()
        out.write(b"".join(chunk))


if __name__ == "__main__":
    main()
