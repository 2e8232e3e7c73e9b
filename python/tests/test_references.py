"""tracediff.golden, tracediff.tolerance and the bias: the command line's numbers, as values."""

import json
import math
import warnings
from decimal import Decimal

import pytest

import tracediff

ALPHA = {1: 2.5, 2: 2.25, 3: 2.0, 4: 1.75, 5: 1.5}
BETA = {1: 2.5, 2: 2.250001, 3: 2.0001, 4: 1.751, 5: 1.49}


def test_bias_is_the_mean_of_b_minus_a_with_the_sign_test(data):
    bias = tracediff.compare("run.alpha.jsonl", "run.beta.jsonl")["bias"]
    diffs = [float(Decimal(repr(BETA[s])) - Decimal(repr(ALPHA[s]))) for s in range(1, 6)]
    assert bias["mean"] == sum(diffs) / len(diffs)
    assert (bias["b_higher"], bias["a_higher"], bias["equal"]) == (3, 1, 1)
    # Two-sided sign test over the 4 steps that differ, 3 up and 1 down: 2 * (1 + 4) / 16.
    n, k = 4, 1
    assert bias["p_value"] == 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n == 0.625


def test_golden_of_reruns_is_a_band_in_megatrons_layout(data, tmp_path, cli):
    out = tmp_path / "band.json"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tracediff.golden(["run.alpha.jsonl", "run.beta.jsonl"], out, steps="1-5")
    assert [str(w.message) for w in caught] == []
    band = json.loads(out.read_text())["loss"]
    assert (band["start_step"], band["end_step"], band["step_interval"], band["runs"]) == (
        1, 5, 1, 2)
    for step in range(1, 6):
        values = [ALPHA[step], BETA[step]]
        mean = sum(values) / 2
        assert band["values"][str(step)] == (values[0] if values[0] == values[1] else mean)
        assert band["std"][str(step)] == pytest.approx(
            math.sqrt(sum((v - mean) ** 2 for v in values)), rel=1e-12, abs=0)
        assert (band["min"][str(step)], band["max"][str(step)]) == (min(values), max(values))
    # The command line writes the same file.
    cli_out = tmp_path / "cli.json"
    code, _, _ = cli("golden", "run.alpha.jsonl", "run.beta.jsonl", "--steps", "1-5", "-o",
                     str(cli_out))
    assert code == 0 and cli_out.read_text() == out.read_text()


def test_steps_not_every_run_logged_warn(data, tmp_path):
    with pytest.warns(UserWarning, match="steps not logged by every run are left out"):
        tracediff.golden(["run.alpha.jsonl", "run.beta.jsonl"], tmp_path / "g.json")
    with pytest.raises(tracediff.TraceError, match="'loss' is NaN at step 3"):
        tracediff.golden(["run.gamma.jsonl"], tmp_path / "nan.json")


def test_tolerance_as_the_command_line_prints_it(data, cli):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = tracediff.tolerance(["run.alpha.jsonl", "run.beta.jsonl"], factor=3)
    assert t["stats"]["step2"] == {"largest": 1e-06, "pair": "alpha vs beta", "limit": 3e-06,
                                   "reason": None}
    assert t["options"] == ("--max step1=0 --max step2=3.0e-06 --max median=3.0e-04 --max "
                            "max=3.0e-02")
    code, out, _ = cli("tolerance", "--factor", "3", "run.alpha.jsonl", "run.beta.jsonl")
    assert code == 0 and out.splitlines()[-1] == t["options"]
    with pytest.raises(tracediff.TraceError, match="at least two reruns"):
        tracediff.tolerance(["run.alpha.jsonl"])


def test_max_rel_holds_the_relative_deltas(data):
    g = tracediff.check("run.alpha.jsonl", "run.beta.jsonl", max_rel={"step@4": 5e-4},
                        ignore_header=True)
    c = g["criteria"][0]
    assert (c["name"], c["passed"], c["step"]) == ("step@4 rel", False, 4)
    assert c["value"] == pytest.approx(0.001 / 1.75, rel=1e-12)
    with pytest.raises(tracediff.TraceError) as caught:
        tracediff.check("run.alpha.jsonl", "run.beta.jsonl", max_rel={"bias": 1})
    assert str(caught.value) == ("max_rel={'bias': 1}: the bias has no relative form (it is "
                                 "signed)")
