"""tracediff.read: steps and values as NumPy arrays, the header as a dict."""

import gzip

import numpy as np
import pytest

import tracediff
from conftest import cli_error


def test_steps_and_values_are_numpy_arrays(data):
    t = tracediff.read("run.alpha.jsonl")
    assert t.steps.dtype == np.int64
    assert t.values["loss"].dtype == np.float64
    assert t.steps.tolist() == [1, 2, 3, 4, 5, 6]
    assert t.values["loss"].tolist() == [2.5, 2.25, 2.0, 1.75, 1.5, 1.25]
    assert t.fields == ["loss"]
    assert len(t) == 6
    assert t.path == "run.alpha.jsonl"


def test_header_is_a_dict(data):
    t = tracediff.read("run.alpha.jsonl")
    assert t.header == {
        "kind": "header", "phase": "alpha", "netspec_name": "tiny-mlp",
        "config": {"lr": 0.01, "batch_size": 4, "seed": 1}, "total_params": 42,
        "dataset": "toy", "emitter_version": "1",
    }
    assert isinstance(t.header["total_params"], int)


def test_no_header_is_none(data):
    assert tracediff.read("formats/run.csv").header is None


def test_arrays_are_read_only_views(data):
    t = tracediff.read("run.alpha.jsonl")
    with pytest.raises(ValueError):
        t.values["loss"][0] = 1.0
    copy = t.values["loss"].copy()
    copy[0] = 1.0
    assert t.values["loss"][0] == 2.5


def test_fields_logged_at_different_steps(tmp_path):
    path = tmp_path / "sparse.jsonl"
    path.write_text('{"step": 1, "loss": 3.0}\n'
                    '{"step": 2, "loss": 2.0, "val_loss": 2.5}\n'
                    '{"step": 4, "val_loss": 1.5}\n')
    t = tracediff.read(path, fields=["loss", "val_loss"])
    assert t.steps.tolist() == [1, 2, 4]
    loss = t.values["loss"]
    assert loss[0] == 3.0 and loss[1] == 2.0 and np.isnan(loss[2])
    val = t.values["val_loss"]
    assert np.isnan(val[0]) and val[1] == 2.5 and val[2] == 1.5
    steps, values = t.series("val_loss")
    assert steps.tolist() == [2, 4]
    assert values.tolist() == [2.5, 1.5]
    with pytest.raises(KeyError):
        t.series("lr")


def test_other_formats_and_compression(data, tmp_path):
    reference = tracediff.read("formats/run.jsonl")
    for path, options in [("formats/run.csv", {}), ("formats/run.tfevents", {}),
                          ("formats/rekeyed.jsonl", {"step_key": "iteration"})]:
        fields = ["train/loss"] if "rekeyed" in path else ["loss"]
        t = tracediff.read(path, fields=fields, **options)
        assert t.steps.tolist() == reference.steps.tolist(), path
        assert t.values[fields[0]].tolist() == reference.values["loss"].tolist(), path
    packed = tmp_path / "run.jsonl.gz"
    packed.write_bytes(gzip.compress((data / "run.alpha.jsonl").read_bytes()))
    assert tracediff.read(packed).values["loss"].tolist() == [2.5, 2.25, 2.0, 1.75, 1.5, 1.25]


@pytest.mark.parametrize("args", [
    ["no_such_trace.jsonl"],
    ["malformed.jsonl"],
    ["empty.jsonl"],
])
def test_errors_carry_the_command_line_message(data, cli, args):
    code, _, err = cli("table", args[0], "run.alpha.jsonl")
    assert code == 2
    with pytest.raises(tracediff.TraceError) as caught:
        tracediff.read(args[0])
    assert str(caught.value) == cli_error(err)


def test_a_missing_field_is_an_error(data, cli):
    code, _, err = cli("table", "--field", "nope", "run.alpha.jsonl", "run.beta.jsonl")
    assert code == 2
    with pytest.raises(tracediff.TraceError) as caught:
        tracediff.read("run.alpha.jsonl", fields=["nope"])
    assert str(caught.value) == cli_error(err)
