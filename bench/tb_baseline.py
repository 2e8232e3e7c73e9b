#!/usr/bin/python3
"""The Python baseline for reading TensorBoard event files: what one writes with Debian's
python3-protobuf and the same .proto as tracediff (src/read/tensorboard.proto, compiled with
protoc into a temporary folder at start-up).

It reads the whole file, checks both masked CRC-32C of every record (python3-crc32c, the C
implementation, when installed), parses every Event, and keeps the scalar of one tag per step
(simple_value, or a one-element float or double tensor), the last value of a step winning:
the work tracediff's reader does. Prints the steps read and the seconds taken, wall-clock and
CPU (after start-up and protoc).

Usage: tb_baseline.py [--tag loss] [--runs N] FILE
"""
import argparse
import os
import struct
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_DIR = os.path.join(HERE, "..", "src", "read")

try:
    from crc32c import crc32c
except ImportError:  # pragma: no cover
    sys.exit("tb_baseline.py needs python3-crc32c (apt-get install python3-crc32c)")


def load_schema():
    out = tempfile.mkdtemp(prefix="tb_baseline_")
    subprocess.run(["protoc", "--python_out=" + out, "-I", PROTO_DIR, "tensorboard.proto"],
                   check=True)
    sys.path.insert(0, out)
    import tensorboard_pb2  # noqa: E402

    return tensorboard_pb2


def masked(crc):
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def scalar(value):
    if value.HasField("simple_value"):
        return value.simple_value
    if not value.HasField("tensor"):
        return None
    t = value.tensor
    if any(d.size != 1 for d in t.tensor_shape.dim):
        return None
    if t.dtype == 1:  # DT_FLOAT
        if len(t.tensor_content) == 4:
            return struct.unpack("<f", t.tensor_content)[0]
        return t.float_val[0] if len(t.float_val) == 1 and not t.tensor_content else None
    if t.dtype == 2:  # DT_DOUBLE
        if len(t.tensor_content) == 8:
            return struct.unpack("<d", t.tensor_content)[0]
        return t.double_val[0] if len(t.double_val) == 1 and not t.tensor_content else None
    return None


def read(tb, path, tag):
    with open(path, "rb") as f:
        data = f.read()
    view = memoryview(data)
    values = {}
    event = tb.Event()
    pos, n = 0, len(data)
    unpack = struct.unpack_from
    while pos + 12 <= n:
        (length,) = unpack("<Q", data, pos)
        if masked(crc32c(view[pos:pos + 8])) != unpack("<I", data, pos + 8)[0]:
            raise SystemExit(f"{path}: length CRC mismatch at byte offset {pos}")
        end = pos + 12 + length
        if end + 4 > n:
            break  # cut short
        payload = view[pos + 12:end]
        if masked(crc32c(payload)) != unpack("<I", data, end)[0]:
            raise SystemExit(f"{path}: data CRC mismatch at byte offset {pos}")
        event.ParseFromString(payload)
        if event.HasField("summary"):
            for v in event.summary.value:
                if v.tag == tag:
                    x = scalar(v)
                    if x is not None:
                        values[event.step] = x
        pos = end + 4
    return dict(sorted(values.items()))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--tag", default="loss")
    ap.add_argument("--runs", type=int, default=1)
    args = ap.parse_args()
    tb = load_schema()
    best, best_cpu = None, None
    for _ in range(args.runs):
        start, cpu_start = time.perf_counter(), time.process_time()
        values = read(tb, args.file, args.tag)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        best = seconds if best is None else min(best, seconds)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
    print(f"{os.path.basename(args.file)}: {len(values)} steps, {best:.3f} s, {best_cpu:.3f} cpu s")


if __name__ == "__main__":
    main()
