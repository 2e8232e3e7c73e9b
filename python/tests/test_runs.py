"""FILE#RUN: one run out of a W&B chart export or a TensorBoard folder of run folders, read and
compared by the module as by the command line (tests/data/formats/wandb_runs.csv, tb_runs/)."""

import pytest

import tracediff
from conftest import cli_error


def test_read_picks_a_run(data):
    alpha = tracediff.read("formats/wandb_runs.csv#alpha", fields=["train/loss"])
    reference = tracediff.read("formats/run.jsonl")
    assert alpha.path == "formats/wandb_runs.csv#alpha"
    assert alpha.values["train/loss"].tolist() == reference.values["loss"].tolist()
    gamma = tracediff.read("formats/wandb_runs.csv#gamma", fields=["train/loss"])
    assert gamma.steps.tolist() == [1, 2, 3, 4]
    tb = tracediff.read("formats/tb_runs#beta", fields=["train/loss"])
    assert tb.steps.tolist() == list(range(1, 11))


def test_compare_and_check_two_runs_of_one_file(data):
    r = tracediff.compare("formats/wandb_runs.csv#alpha", "formats/wandb_runs.csv#beta",
                          field="train/loss")
    assert r["step1"]["delta"] == 0.0
    assert r["max_step"] == 6
    g = tracediff.check("formats/wandb_runs.csv#alpha", "formats/wandb_runs.csv#beta",
                        field="train/loss", max={"step1": 0})
    assert g["passed"]
    assert (g["a"], g["b"]) == ("alpha", "beta")


@pytest.mark.parametrize("args", [
    ["formats/wandb_runs.csv", "formats/run.jsonl"],
    ["formats/wandb_runs.csv#delta", "formats/run.jsonl"],
    ["formats/run.jsonl#alpha", "formats/run.jsonl"],
])
def test_errors_are_the_command_line_messages(data, cli, args):
    code, _, err = cli("table", *args)
    assert code == 2
    with pytest.raises(tracediff.TraceError) as caught:
        tracediff.read(args[0])
    assert str(caught.value) == cli_error(err)


def test_one_run_twice_is_refused(data, cli):
    code, _, err = cli("check", "formats/wandb_runs.csv#alpha", "formats/wandb_runs.csv#alpha",
                       "--max", "max=1")
    assert code == 2
    with pytest.raises(tracediff.TraceError) as caught:
        tracediff.check("formats/wandb_runs.csv#alpha", "formats/wandb_runs.csv#alpha",
                        max={"max": 1})
    assert str(caught.value) == cli_error(err)
