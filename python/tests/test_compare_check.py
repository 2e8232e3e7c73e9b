"""tracediff.compare and tracediff.check: the numbers and verdicts of the command line."""

import json
import math
import os
from decimal import Decimal

import pytest

import tracediff
from conftest import cli_error

# tests/data/run.alpha.jsonl and run.beta.jsonl, step: (alpha, beta) loss.
ALPHA = {1: 2.5, 2: 2.25, 3: 2.0, 4: 1.75, 5: 1.5, 6: 1.25}
BETA = {1: 2.5, 2: 2.250001, 3: 2.0001, 4: 1.751, 5: 1.49, 7: 1.1}


def delta(step):
    """|alpha - beta| at `step` as the values are written: the exact difference of the
    decimals, to the nearest float (2.250001 - 2.25 is 1e-06)."""
    return float(abs(Decimal(repr(ALPHA[step])) - Decimal(repr(BETA[step]))))


def test_compare_statistics_by_hand(data):
    r = tracediff.compare("run.alpha.jsonl", "run.beta.jsonl")
    common = sorted(set(ALPHA) & set(BETA))
    deltas = [delta(s) for s in common]
    assert r["field"] == "loss"
    assert r["step1"] == {"step": 1, "a": 2.5, "b": 2.5, "delta": 0.0}
    assert r["step2"] == {"step": 2, "a": 2.25, "b": 2.250001, "delta": deltas[1]}
    assert r["median"] == sorted(deltas)[2]
    assert r["max"] == max(deltas)
    assert r["max_step"] == 5
    assert r["mean"] == sum(deltas) / len(deltas)
    assert r["coverage"] == {"compared": 5, "first": 1, "last": 5, "only_a": 1, "only_b": 1}


def test_step_only_one_trace_has_keeps_its_value(data, cli):
    # gap.b.jsonl logs step 2 without a loss; gap.a.jsonl logs loss 0.5 there.
    r = tracediff.compare("gap.a.jsonl", "gap.b.jsonl")
    assert r["step2"] == {"step": 2, "a": 0.5, "b": None, "delta": None}
    swapped = tracediff.compare("gap.b.jsonl", "gap.a.jsonl")
    assert swapped["step2"] == {"step": 2, "a": None, "b": 0.5, "delta": None}
    code, out, _ = cli("diff", "gap.a.jsonl", "gap.b.jsonl", "--format", "json")
    assert code == 0
    assert json.loads(out)["stats"]["step2_a"] == 0.5


def test_compare_takes_read_results(data):
    a = tracediff.read("run.alpha.jsonl", fields=["loss", "lr"])
    b = tracediff.read("run.beta.jsonl", fields=["loss", "lr"])
    assert tracediff.compare(a, b) == tracediff.compare("run.alpha.jsonl", "run.beta.jsonl")
    lr = tracediff.compare(a, b, field="lr")
    assert lr["field"] == "lr" and lr["max"] == 0.0


def test_compare_matches_the_command_line(data, cli):
    code, out, _ = cli("diff", "run.alpha.jsonl", "run.gamma.jsonl", "--format", "json")
    assert code == 0
    stats = json.loads(out)["stats"]
    r = tracediff.compare("run.alpha.jsonl", "run.gamma.jsonl")
    assert r["step1"]["delta"] == stats["step1_delta"]
    assert r["step2"]["delta"] == stats["step2_delta"]
    assert r["median"] == stats["median_delta"]
    assert r["max_step"] == stats["max_delta_step"]
    assert r["nonfinite_deltas"] == stats["nonfinite_deltas"] == 1


def test_compare_needs_the_field_in_a_read_result(data):
    a = tracediff.read("run.alpha.jsonl")
    with pytest.raises(tracediff.TraceError) as caught:
        tracediff.compare(a, "run.beta.jsonl", field="lr")
    assert str(caught.value) == ("run.alpha.jsonl: the field 'lr' was not read (read the "
                                 "trace with fields=[..., 'lr'] or pass its path)")


def test_passing_gate(data, cli):
    g = tracediff.check("run.alpha.jsonl", "run.beta.jsonl", max={"step1": 1e-6, "step2": 1e-5})
    assert g["passed"] is True and g["verdict"] == "PASS"
    assert [(c["name"], c["verdict"], c["message"]) for c in g["criteria"]] == [
        ("header", "PASS", "identical"),
        ("step1", "PASS", "Δ=0 <= 1e-06"),
        ("step2", "PASS", "Δ=1.00e-06 <= 1e-05"),
    ]
    code, out, _ = cli("check", "run.alpha.jsonl", "run.beta.jsonl", "--max", "step1=1e-6",
                       "--max", "step2=1e-5")
    assert code == 0
    for c in g["criteria"]:
        assert f"PASS  {c['name']}  {c['message']}\n" in out


def test_failing_gate_is_a_result_not_an_exception(data):
    g = tracediff.check("run.alpha.jsonl", "run.beta.jsonl", max={"step2": 1e-7, "max": 0.01})
    assert g["passed"] is False and g["verdict"] == "FAIL"
    step2 = g["criteria"][1]
    assert (step2["name"], step2["passed"], step2["limit"], step2["value"], step2["step"]) == (
        "step2", False, 1e-07, delta(2), 2)
    assert step2["message"] == "Δ=1.00e-06 > 1e-07"
    worst = g["criteria"][2]
    assert (worst["name"], worst["passed"], worst["value"], worst["step"]) == (
        "max", False, delta(5), 5)


def test_criteria_hold_plain_values_not_markdown(data):
    # The markdown table shows an exact zero as **0**; the dict holds the number.
    g = tracediff.check("run.alpha.jsonl", "run.beta.jsonl",
                        max={"step1": 1e-6, "median": 1, "step@7": 1})
    header, step1, median, step7 = g["criteria"]
    assert (header["limit"], header["value"], header["step"]) == ("identical", "identical", None)
    assert (step1["limit"], step1["value"], step1["step"]) == (1e-6, 0.0, 1)
    assert type(step1["value"]) is float and type(step1["step"]) is int
    median_delta = sorted(delta(s) for s in range(1, 6))[2]
    assert (median["limit"], median["value"], median["step"]) == (1.0, median_delta, None)
    assert (step7["limit"], step7["value"], step7["step"]) == (1.0, "missing from A", 7)
    for c in g["criteria"]:
        for key in ("limit", "value"):
            assert "*" not in str(c[key]) and "`" not in str(c[key])


def test_mode_check_on_read_results(data):
    a = tracediff.read("run.alpha.jsonl", fields=["loss", "lr"])
    b = tracediff.read("run.beta.jsonl", fields=["loss", "lr"])
    g = tracediff.check(a, b, mode="cross-comp", steps="1-5", ignore_header=True)
    assert [c["name"] for c in g["criteria"]] == ["cross-comp loss", "cross-comp lr"]
    assert g["passed"] is True
    strict = tracediff.check(a, b, mode="strict", steps="1-5", ignore_header=True)
    assert strict["criteria"][0]["value"] == "1 of 5 steps outside"
    assert strict["passed"] is False


def test_nan_never_passes(data):
    g = tracediff.check("run.alpha.jsonl", "run.gamma.jsonl", max={"max": 1.0},
                        ignore_header=True)
    assert g["passed"] is False
    assert math.isnan(g["criteria"][0]["value"])


@pytest.mark.parametrize("kwargs,flags,python", [
    ({"max": {"median2": 1.0}}, ["--max", "median2=1"],
     "max={'median2': 1.0}: unknown statistic 'median2' (expected step1, step2, median, max, "
     "mean, bias or step@N)"),
    ({}, [], "nothing to check: give max, mode, band or require_same_steps"),
    ({"mode": "strict", "steps": "9-1"}, ["--mode", "strict", "--steps", "9-1"],
     "invalid step range '9-1' (expected FIRST-LAST, e.g. 1-100)"),
    ({"atol": 0.1}, ["--atol", "0.1", "--max", "step1=1"],
     "atol and rtol adjust the tolerance of a mode; give mode too"),
])
def test_bad_criteria_are_named_as_python_spells_them(data, cli, kwargs, flags, python):
    # The same rule refuses them on the command line, which names its options its own way.
    code, _, err = cli("check", "run.alpha.jsonl", "run.beta.jsonl", *flags)
    assert code == 2
    if "atol" in kwargs:
        kwargs = dict(kwargs, max={"step1": 1})
        assert cli_error(err) == ("--atol and --rtol adjust the tolerance of a --mode; give "
                                  "--mode too")
    with pytest.raises(tracediff.TraceError) as caught:
        tracediff.check("run.alpha.jsonl", "run.beta.jsonl", **kwargs)
    assert str(caught.value) == python
    if not kwargs:
        assert cli_error(err) == ("nothing to check: give --max STAT=LIMIT, --mode, --band or "
                                  "--require-same-steps")


@pytest.mark.parametrize("limit", [math.nan, -1, -0.5, math.inf, -math.inf, 10**400])
def test_bad_limits_are_refused_as_on_the_command_line(data, cli, limit):
    text = repr(limit) if not isinstance(limit, float) or math.isfinite(limit) else str(limit)
    code, _, err = cli("check", "run.alpha.jsonl", "run.beta.jsonl", "--max", f"step1={text}")
    assert code == 2
    assert cli_error(err) == (f"invalid criterion 'step1={text}': the limit must be a finite "
                              "number >= 0")
    with pytest.raises(tracediff.TraceError) as caught:
        tracediff.check("run.alpha.jsonl", "run.beta.jsonl", max={"step1": limit})
    assert str(caught.value) == (f"max={{'step1': {limit!r}}}: the limit must be a finite number "
                                 ">= 0")


@pytest.mark.parametrize("limit", ["1e-5", "", None, True])
def test_limits_are_numbers(data, limit):
    # A limit is a value, never text to be parsed.
    with pytest.raises(tracediff.TraceError) as caught:
        tracediff.check("run.alpha.jsonl", "run.beta.jsonl", max={"step1": limit})
    assert str(caught.value) == f"max={{'step1': {limit!r}}}: the limit must be a number"


def test_integer_limits_are_numbers(data):
    g = tracediff.check("run.alpha.jsonl", "run.beta.jsonl", max={"step1": 0, "step2": 1})
    assert [(c["limit"], c["passed"]) for c in g["criteria"][1:]] == [(0.0, True), (1.0, True)]
    # 2.250001 - 2.25 is 1e-06 as written: a limit of 1e-06 holds it, a finer one does not.
    at = tracediff.check("run.alpha.jsonl", "run.beta.jsonl", max={"step2": 1e-6})
    assert (at["criteria"][1]["value"], at["passed"]) == (1e-6, True)
    strict = tracediff.check("run.alpha.jsonl", "run.beta.jsonl", max={"step2": 9e-7})
    assert (strict["criteria"][1]["limit"], strict["passed"]) == (9e-7, False)


def test_unknown_statistic_in_a_key(data):
    with pytest.raises(tracediff.TraceError) as caught:
        tracediff.check("run.alpha.jsonl", "run.beta.jsonl", max={"step1=2": 1})
    assert str(caught.value) == ("max={'step1=2': 1}: unknown statistic 'step1=2' (expected "
                                 "step1, step2, median, max, mean, bias or step@N)")
    with pytest.raises(tracediff.TraceError) as caught:
        tracediff.check("run.alpha.jsonl", "run.beta.jsonl", max={1: 1})
    assert str(caught.value) == "max={1: 1}: a statistic is a str, e.g. 'step1'"


def test_a_trace_against_itself_is_refused(data, cli, tmp_path):
    link = tmp_path / "alpha-link.jsonl"
    os.symlink(data / "run.alpha.jsonl", link)
    for a, b in [("run.alpha.jsonl", "run.alpha.jsonl"), ("run.alpha.jsonl", str(link))]:
        code, _, err = cli("check", a, b, "--max", "step1=1")
        assert code == 2
        with pytest.raises(tracediff.TraceError) as caught:
            tracediff.check(a, b, max={"step1": 1})
        assert str(caught.value) == cli_error(err) == (
            f"'{a}' and '{b}' are the same file; a trace compared with itself always passes")
    with pytest.raises(tracediff.TraceError) as caught:
        tracediff.check(link, "run.alpha.jsonl", max={"step1": 1})  # os.PathLike
    assert str(caught.value).startswith(f"'{link}' and 'run.alpha.jsonl' are the same file")


def test_one_read_trace_passed_twice_is_refused(data):
    t = tracediff.read("run.alpha.jsonl")
    with pytest.raises(tracediff.TraceError) as caught:
        tracediff.check(t, t, max={"step1": 1})
    assert str(caught.value) == ("'run.alpha.jsonl' and 'run.alpha.jsonl' are the same file; a "
                                 "trace compared with itself always passes")


def test_a_copy_is_another_trace(data, tmp_path):
    # As on the command line: a copy is another file, and two reads of a file are two traces
    # (the file may have been written again between them).
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes((data / "run.alpha.jsonl").read_bytes())
    assert tracediff.check("run.alpha.jsonl", copy, max={"step1": 0})["passed"] is True
    assert tracediff.check(tracediff.read("run.alpha.jsonl"), tracediff.read("run.alpha.jsonl"),
                           max={"step1": 0})["passed"] is True
