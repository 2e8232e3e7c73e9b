#!/usr/bin/python3
"""Writes the files of tests/data/formats/: one small training run in every format tracediff
reads, and the broken files of the error tests.

    tests/data/formats/make_formats.py build/tracegen/tracegen

tracegen trains 10 steps (2 epochs) and writes the run as a trace (run.jsonl), a TensorBoard
event file (run.tfevents) and CSV (run.csv). This script derives the other formats from
run.jsonl, value for value: every file holds the same numbers at the same steps. Event files
are encoded here by hand (protobuf wire format, TFRecord framing, CRC-32C), independently of
tracediff's reader. Python's standard library only.
"""
import json
import math
import os
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def out(name, data):
    """Writes text (line ends as given) or bytes to tests/data/formats/NAME."""
    path = os.path.join(HERE, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


# ---------------------------------------------------------------- TFRecord and protobuf
def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0x82F63B78 if crc & 1 else crc >> 1
    return crc ^ 0xFFFFFFFF


def masked(crc):
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def record(data):
    head = struct.pack("<Q", len(data))
    return head + struct.pack("<I", masked(crc32c(head))) + data + struct.pack("<I", masked(crc32c(data)))


def varint(v):
    b = bytearray()
    while v >= 0x80:
        b.append((v & 0x7F) | 0x80)
        v >>= 7
    b.append(v)
    return bytes(b)


def field(number, wire, payload):
    key = varint(number << 3 | wire)
    if wire == 2:
        return key + varint(len(payload)) + payload
    return key + payload


def tensor(encoding, value):
    """A rank-0 TensorProto: dtype 1 DT_FLOAT or 2 DT_DOUBLE, tensor_shape 2 (empty)."""
    if encoding == "float_val":  # torch new_style: no tensor_shape, one float_val (packed)
        return field(1, 0, varint(1)) + field(5, 2, struct.pack("<f", value))
    if encoding == "double_val":
        return field(1, 0, varint(2)) + field(2, 2, b"") + field(6, 2, struct.pack("<d", value))
    if encoding == "content32":  # TF2 tf.summary.scalar: DT_FLOAT, 4 bytes of tensor_content
        return field(1, 0, varint(1)) + field(2, 2, b"") + field(4, 2, struct.pack("<f", value))
    if encoding == "content64":
        return field(1, 0, varint(2)) + field(2, 2, b"") + field(4, 2, struct.pack("<d", value))
    raise ValueError(encoding)


def summary_value(tag, value, encoding):
    v = field(1, 2, tag.encode())
    if encoding == "simple":
        return v + field(2, 5, struct.pack("<f", value))
    # metadata 9 {plugin_data 1 {plugin_name 1: "scalars"}}, as TF2 writes it
    metadata = field(9, 2, field(1, 2, field(1, 2, b"scalars")))
    return v + field(8, 2, tensor(encoding, value)) + metadata


def event(step, values, encoding, wall_time=1.7e9):
    summary = b"".join(field(1, 2, summary_value(t, x, encoding)) for t, x in values)
    return field(1, 1, struct.pack("<d", wall_time + step)) + field(2, 0, varint(step)) + field(5, 2, summary)


def file_version():
    return record(field(1, 1, struct.pack("<d", 1.7e9)) + field(3, 2, b"brain.Event:2"))


def event_file(points, encoding):
    """points: (step, [(tag, value), ...]) in order."""
    return file_version() + b"".join(record(event(s, vals, encoding)) for s, vals in points)


# ---------------------------------------------------------------- the run
def load(path):
    header, steps, evals = None, [], []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if r["kind"] == "header":
                header = r
            elif r["kind"] == "step":
                steps.append(r)
            else:
                evals.append(r)
    return header, steps, evals


def num(x):
    return repr(float(x))


def derive(steps, evals):
    train = [(s["step"], [("loss", s["loss"]), ("lr", s["lr"]), ("grad_norm", s["grad_norm"])]) for s in steps]
    for enc in ("float_val", "double_val", "content32", "content64"):
        out(f"tensor_{enc}.tfevents", event_file(train, enc))
    half = len(train) // 2  # a run folder: two event files, merged by step
    out("run_dir/events.out.tfevents.1700000000.host.1.0", event_file(train[:half], "simple"))
    out("run_dir/events.out.tfevents.1700000100.host.1.0", event_file(train[half:], "simple"))
    out("run_dir/hparams.yaml", "lr: 0.01\n")

    out("rekeyed.jsonl", "".join(json.dumps({"iteration": s["step"], "train/loss": s["loss"],
                                             "optim": {"lr": s["lr"]}, "grad norm": s["grad_norm"]}) + "\n"
                                 for s in steps))
    # A W&B export through pandas: an unnamed index column, _step, quoted names, CRLF.
    rows = ['"",_step,_runtime,"train/loss",train/lr']
    rows += [f'{i},{s["step"]},{1.5 * i},{num(s["loss"])},{num(s["lr"])}' for i, s in enumerate(steps)]
    out("wandb.csv", "\r\n".join(rows) + "\r\n")
    rows = ["step\tloss\tlr\tgrad_norm"] + [f'{s["step"]}\t{num(s["loss"])}\t{num(s["lr"])}\t{num(s["grad_norm"])}' for s in steps]
    out("run.tsv", "\n".join(rows) + "\n")

    first = steps[0]["step"]
    # The list layout is Megatron's slice series[start_step:end_step:step_interval] of a series of
    # every iteration from iteration 1 on: start_step 0 is iteration 1.
    assert [s["step"] for s in steps] == list(range(1, len(steps) + 1))
    golden = {"lm loss": {"start_step": 0, "end_step": len(steps), "step_interval": 1,
                          "values": [s["loss"] for s in steps]},
              "iteration_timing_avg": 0.12}
    out("golden_values.json", json.dumps(golden) + "\n")
    golden = {"lm loss": {"start_step": first, "end_step": steps[-1]["step"], "step_interval": 1,
                          "values": {str(s["step"]): s["loss"] for s in steps}},
              "num-zeros": {"start_step": first, "end_step": steps[-1]["step"], "step_interval": 1,
                            "values": {str(s["step"]): ("nan" if s["step"] < 3 else 1000.0 + s["step"]) for s in steps}}}
    out("golden_values_dev.json", json.dumps(golden, indent=4) + "\n")

    history = []
    for s in steps:
        history.append({"epoch": s["epoch"] + 0.5, "grad_norm": s["grad_norm"], "learning_rate": s["lr"],
                        "loss": s["loss"], "step": s["step"]})
        for e in evals:
            if e["step"] == s["step"]:
                history.append({"epoch": e["epoch"] + 1.0, "eval_loss": e["val_loss"], "eval_runtime": 0.5,
                                "step": e["step"]})
    history.append({"epoch": 2.0, "step": steps[-1]["step"], "total_flos": 1.5e12, "train_loss": 2.3,
                    "train_runtime": 9.5})
    state = {"best_metric": None, "epoch": 2.0, "global_step": steps[-1]["step"], "log_history": history,
             "logging_steps": 1, "max_steps": len(steps), "is_world_process_zero": True}
    out("trainer_state.json", json.dumps(state, indent=2, sort_keys=True) + "\n")

    lines = ["Overriding config with config/tiny.py:", "number of parameters: 26826"]
    for s in steps:
        lines.append(f'[rank0]:[titan] 2025-03-04 10:11:{s["step"]:02d},345 - root - INFO - '
                     f'\x1b[31mstep: {s["step"]:2d}  \x1b[32mloss: {num(s["loss"])}  '
                     f'\x1b[33mgrad_norm: {num(s["grad_norm"])}  \x1b[34mmemory: 1.20GiB(3.45%)\x1b[39m')
        if s["step"] % 5 == 0:
            lines.append(f'[rank0]:[titan] saving checkpoint at step {s["step"]}')
    out("stdout.log", "\n".join(lines) + "\n")


def stdouts(steps, evals):
    """The run as trainers print it (stdout/), in each framework's own line shape and precision:
    Megatron-LM's training_log and validation lines, torchtitan's metrics lines and a loss file,
    modded-nanogpt's and nanoGPT's print lines, MLPerf's :::MLLOG events."""
    n = steps[-1]["step"]
    evals_at = {e["step"]: e for e in evals}

    lines = ["using world size: 1, data-parallel size: 1, tensor-model-parallel size: 1",
             "> building train, validation, and test datasets ...",
             "[after dataloaders are built] datetime: 2026-01-01 00:00:00 "]
    for s in steps:
        lines.append(f' [2026-01-01 00:00:{s["step"]:02d}] iteration {s["step"]:8d}/{n:8d} |'
                     f' consumed samples: {128 * s["step"]:12d} | elapsed time per iteration (ms): {140.2 + s["step"]:.1f} |'
                     f' throughput per GPU (TFLOP/s/GPU): 12.3 | learning rate: {s["lr"]:.6E} | global batch size:   128 |'
                     f' lm loss: {s["loss"]:.6E} | loss scale: 1.0 | grad norm: {s["grad_norm"]:.3f} |'
                     f' number of skipped iterations:   0 | number of nan iterations:   0 |')
        if s["step"] == 1:
            lines.append("[Rank 0] (after 1 iterations) memory (MB) | allocated: 1234.5 | max allocated: 2345.6")
        if s["step"] in evals_at:
            e = evals_at[s["step"]]
            text = (f' validation loss at iteration {s["step"]} | lm loss value: {e["val_loss"]:.6E} |'
                    f' lm loss PPL: {min(math.exp(e["val_loss"]), math.exp(20)):.6E} | ')
            lines += ["-" * (len(text) + 1), text, "-" * (len(text) + 1)]
    out("stdout/megatron.log", "\n".join(lines) + "\n")

    lines = ["[rank0]:[titan] 2025-03-04 10:11:00,000 - root - INFO - Training starts at step 1"]
    for s in steps:
        lines.append(f'[rank0]:[titan] 2025-03-04 10:11:{s["step"]:02d},345 - root - INFO - '
                     f'\x1b[31mstep: {s["step"]:2}  \x1b[32mloss: {s["loss"]:7.4f}  '
                     f'\x1b[33mgrad_norm: {s["grad_norm"]:7.4f}  \x1b[96mmemory:  1.20GiB(3.45%)  '
                     f'\x1b[34mtps: {1234 + 1000 * s["step"]:,}  \x1b[36mtflops: {1234.5:,.2f}  '
                     f'\x1b[35mmfu: 12.34%\x1b[39m')
        if s["step"] in evals_at:
            e = evals_at[s["step"]]
            lines.append(f'[rank0]:[titan] 2025-03-04 10:11:{s["step"]:02d},500 - root - INFO - '
                         f'\x1b[33mvalidate step: {s["step"]:2}  \x1b[32mloss: {e["val_loss"]:7.4f}  '
                         f'\x1b[96mmemory:  1.20GiB(3.45%)  \x1b[34mtps: 5,678\x1b[39m')
    out("stdout/torchtitan.log", "\n".join(lines) + "\n")
    out("stdout/torchtitan_losses.txt", "".join(f'{s["step"]} {num(s["loss"])}\n' for s in steps))

    lines = ["Running Python 3.12.3", "====", f"step:0/{n} val_loss:10.8258 train_time:0ms step_avg:0.02ms"]
    for s in steps:
        lines.append(f'step:{s["step"]}/{n} train_loss:{s["loss"]:.4f} train_time:{1234 * s["step"]}ms '
                     f'step_avg:{1234.0:.2f}ms')
        if s["step"] in evals_at:
            lines.append(f'step:{s["step"]}/{n} val_loss:{evals_at[s["step"]]["val_loss"]:.4f} '
                         f'train_time:{1234 * s["step"]}ms step_avg:{1234.0:.2f}ms')
    lines.append("peak memory consumption: 1234 MiB")
    out("stdout/modded_nanogpt.log", "\n".join(lines) + "\n")

    lines = ["Overriding config with config/train_shakespeare_char.py:", "number of parameters: 0.03M"]
    for s in steps:
        if s["step"] in evals_at:
            e = evals_at[s["step"]]
            lines.append(f'step {s["step"]}: train loss {s["loss"]:.4f}, val loss {e["val_loss"]:.4f}')
        lines.append(f'iter {s["step"]}: loss {s["loss"]:.4f}, time {12.34 + s["step"]:.2f}ms, mfu {-100.0 if s["step"] < 5 else 1.23:.2f}%')
    out("stdout/nanogpt.log", "\n".join(lines) + "\n")

    def event(key, value, t, **metadata):
        meta = {"file": "train.py", "lineno": 88}
        meta.update(metadata)
        return "0: :::MLLOG " + json.dumps({"namespace": "", "time_ms": 1700000000000 + t, "event_type": "POINT_IN_TIME",
                                             "key": key, "value": value, "metadata": meta})
    lines = [event("submission_benchmark", "glyphs", 0), event("global_batch_size", 128, 0),
             event("run_start", None, 1), "0: Starting epoch 0"]
    for s in steps:
        lines.append(event("train_loss", s["loss"], 10 * s["step"], step_num=s["step"], lr=s["lr"]))
        if s["step"] in evals_at:
            e = evals_at[s["step"]]
            lines.append(event("eval_accuracy", e["val_acc"], 10 * s["step"] + 5, epoch_num=e["epoch"] + 1,
                               step_num=s["step"]))
    lines.append(event("run_stop", None, 1000, status="success", step_num=n))
    out("stdout/mllog.log", "\n".join(lines) + "\n")


def broken(steps):
    """The files of the error tests."""
    train = [(s["step"], [("loss", s["loss"])]) for s in steps[:4]]
    good = event_file(train, "simple")
    bad = bytearray(good)
    bad[-1] ^= 0x01  # the data CRC of the last record
    out("bad/bad_crc.tfevents", bytes(bad))
    out("bad/cut_short.tfevents", good[:-7])
    out("bad/ragged.csv", "step,loss,lr\n1,2.5,0.1\n2,2.25\n3,2.0,0.1\n")
    out("bad/golden_values_string.json", json.dumps({"lm loss": {"start_step": 1, "step_interval": 1,
                                                                 "values": "10.8 10.6"}}) + "\n")
    out("bad/notes.txt", "Training notes\nthe loss went down\n")
    out("bad/megatron_bad_number.log",
        " [2026-01-01 00:00:01] iteration        1/      10 | lm loss: 2.458023E+00 | grad norm: 1.156 |\n"
        " [2026-01-01 00:00:02] iteration        2/      10 | lm loss: 2.4x58023E+00 | grad norm: 1.282 |\n")


def merges():
    """Records of one step with different fields, and one field twice at a step, per format.
    Step 2 has loss 2.0 then 2.5 (the last wins) and lr apart; every other step is plain."""
    out("merge/merge.jsonl", '{"step": 1, "loss": 1.0, "lr": 0.1}\n{"step": 2, "loss": 2.0}\n'
        '{"step": 2, "lr": 0.2}\n{"step": 2, "loss": 2.5}\n{"step": 3, "loss": 3.0, "lr": 0.3}\n')
    out("merge/merge.csv", "step,loss,lr\n1,1.0,0.1\n2,2.0,\n2,,0.2\n2,2.5,\n3,3.0,0.3\n")
    points = [(1, [("loss", 1.0), ("lr", 0.1)]), (2, [("loss", 2.0)]), (2, [("lr", 0.2)]),
              (2, [("loss", 2.5)]), (3, [("loss", 3.0), ("lr", 0.3)])]
    out("merge/merge.tfevents", event_file(points, "content64"))
    history = [{"step": 1, "loss": 1.0, "learning_rate": 0.1}, {"step": 2, "loss": 2.0},
               {"step": 2, "learning_rate": 0.2}, {"step": 2, "loss": 2.5},
               {"step": 3, "loss": 3.0, "learning_rate": 0.3}]
    out("merge/trainer_state.json", json.dumps({"log_history": history}, indent=2) + "\n")
    golden = {"lm loss": {"start_step": 0, "step_interval": 1, "values": [1.0, 2.5, 3.0]},
              "lr": {"start_step": 1, "step_interval": 1, "values": {"1": 0.1, "2": 0.2, "3": 0.3}}}
    out("merge/golden_values.json", json.dumps(golden) + "\n")
    out("merge/stdout.log", "step 1 loss 1.0 lr 0.1\nstep 2 loss 2.0\nstep 2 lr 0.2\nstep 2 loss 2.5\n"
        "step 3 loss 3.0 lr 0.3\n")


def megatron():
    """One 50-iteration Megatron-LM run as its functional tests keep it: the TensorBoard series
    as a trace (every iteration), the golden values of the old list layout (a slice of every 5th
    item of the series, from item 0: iterations 1, 6, ..., 46) and of the newer layout (keyed by
    iteration: 1, 5, 10, ..., 50), and the golden values of the same run resumed at iteration 26
    ("nan" for the iterations the second job did not run). Losses rounded to 5 decimals, as
    Megatron rounds them."""
    loss = {i: round(10.86122 - 1.9 * (1 - math.exp(-(i - 1) / 18)) + 0.004 * math.sin(i), 5)
            for i in range(1, 51)}
    zeros = {i: float(1800 - 3 * i) for i in range(1, 51)}
    out("megatron/run.jsonl", "".join(json.dumps({"step": i, "loss": loss[i], "num-zeros": zeros[i]}) + "\n"
                                      for i in loss))
    series = [loss[i] for i in range(1, 51)]
    listed = {"lm loss": {"start_step": 0, "end_step": len(series), "step_interval": 5,
                          "values": series[0:len(series):5]},
              "num-zeros": {"start_step": 0, "end_step": len(series), "step_interval": 5,
                            "values": [zeros[i] for i in range(1, 51)][0:50:5]},
              "iteration_timing_avg": 0.79}
    out("megatron/golden_values_list.json", json.dumps(listed) + "\n")

    def by_iteration(values, first_run):
        keys = [k for k in range(1, 51) if k == 1 or k % 5 == 0]
        return {"start_step": 1, "end_step": 50, "step_interval": 5,
                "values": {str(k): (values[k] if k >= first_run else "nan") for k in keys}}
    dev = {"lm loss": by_iteration(loss, 1), "num-zeros": by_iteration(zeros, 1)}
    out("megatron/golden_values_dev.json", json.dumps(dev, indent=4) + "\n")
    resumed = {"lm loss": by_iteration(loss, 26), "num-zeros": by_iteration(zeros, 26)}
    out("megatron/golden_values_2nd.json", json.dumps(resumed, indent=4) + "\n")


def several_runs(steps):
    """Files of several runs, read one run at a time as FILE#RUN: a W&B chart export (Step, then
    RUN - NAME, RUN - NAME__MIN and RUN - NAME__MAX for each run; names quoted as W&B quotes
    them, an empty cell where a run has no value), and a TensorBoard folder of run folders."""
    beta = [s["loss"] + (0.001 if s["step"] > 5 else 0.0) for s in steps]
    gamma = [s["loss"] * 1.01 for s in steps]
    runs = [("alpha", [s["loss"] for s in steps]), ("beta", beta), ("gamma", gamma[:4])]
    header = ["Step"] + [f'"{run} - train/loss{end}"' for run, _ in runs for end in ("", "__MIN", "__MAX")]
    rows = [",".join(header)]
    for i, s in enumerate(steps):
        cells = [str(s["step"])]
        for _, values in runs:
            cells += [num(values[i]) if i < len(values) else ""] * 3
        rows.append(",".join(cells))
    out("wandb_runs.csv", "\n".join(rows) + "\n")
    for run, values in runs[:2]:
        points = [(s["step"], [("train/loss", v)]) for s, v in zip(steps, values)]
        out(f"tb_runs/{run}/events.out.tfevents.1700000000.host.1.0", event_file(points, "simple"))


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    subprocess.run([sys.argv[1], "--epochs", "2", "--train-size", "640", "--batch-size", "128",
                    "--val-size", "100", "--no-shuffle", "--quiet",
                    "--trace-out", os.path.join(HERE, "run.jsonl"),
                    "--events-out", os.path.join(HERE, "run.tfevents"),
                    "--csv-out", os.path.join(HERE, "run.csv")], check=True)
    _, steps, evals = load(os.path.join(HERE, "run.jsonl"))
    derive(steps, evals)
    stdouts(steps, evals)
    broken(steps)
    merges()
    megatron()
    several_runs(steps)


if __name__ == "__main__":
    main()
