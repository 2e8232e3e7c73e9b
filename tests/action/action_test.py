#!/usr/bin/env python3
"""Runs the shell steps of the GitHub Action (action.yml) the way the runner does, with the
GitHub environment files (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH, GITHUB_ENV) pointed
at temporary files, and checks exactly what each step wrote there and on standard output: for a
passing gate, a failing gate, and bad input.

Usage: action_test.py REPOSITORY BINARY_DIR   (BINARY_DIR holds the built tracediff, which the
install step finds on PATH with install: installed). Exit 77 (skipped) without PyYAML.
"""

import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    print("action_test: PyYAML (python3-yaml) is not installed; skipped")
    sys.exit(77)

EXPRESSION = re.compile(r"\$\{\{\s*([^}]*?)\s*\}\}")


def expand(text, context):
    """${{ inputs.X }}, ${{ github.action_path }}, ${{ steps.ID.outputs.NAME }}."""
    def value(match):
        node = context
        for part in match.group(1).split("."):
            node = node[part]
        return str(node)
    return EXPRESSION.sub(value, str(text))


def read_outputs(path):
    """KEY=VALUE lines and KEY<<DELIMITER blocks, as the runner reads GITHUB_OUTPUT."""
    outputs, lines = {}, path.read_text().splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            key, delimiter = line.split("<<", 1)
            end = lines.index(delimiter, i + 1)
            outputs[key] = "\n".join(lines[i + 1:end])
            i = end + 1
            continue
        key, _, val = line.partition("=")
        outputs[key] = val
        i += 1
    return outputs


def run_action(repo, inputs, workspace, path):
    """Runs every step in order until one fails; returns the steps' results and the action's
    outputs."""
    action = yaml.safe_load((repo / "action.yml").read_text())
    defaults = {k: v.get("default", "") for k, v in action["inputs"].items()}
    context = {"inputs": {**defaults, **inputs}, "github": {"action_path": str(repo)},
               "steps": {}}
    results = []
    for number, step in enumerate(action["runs"]["steps"]):
        assert step["shell"] == "bash", step
        files = {name: workspace / f".step{number}.{name}" for name in
                 ("GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "GITHUB_PATH", "GITHUB_ENV")}
        for f in files.values():
            f.write_text("")
        env = {"PATH": path, "HOME": os.environ.get("HOME", "/tmp"), "GITHUB_ACTIONS": "true",
               "RUNNER_TEMP": str(workspace / ".runner_temp"),
               **{k: str(v) for k, v in files.items()},
               **{k: expand(v, context) for k, v in step.get("env", {}).items()}}
        cwd = workspace / expand(step.get("working-directory", "."), context)
        script = workspace / f".step{number}.sh"
        script.write_text(expand(step["run"], context) + "\n")
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                              cwd=cwd, env=env, capture_output=True, text=True, check=False)
        outputs = read_outputs(files["GITHUB_OUTPUT"])
        results.append({"id": step.get("id"), "code": done.returncode, "stdout": done.stdout,
                        "stderr": done.stderr, "outputs": outputs,
                        "summary": files["GITHUB_STEP_SUMMARY"].read_text(),
                        "path": files["GITHUB_PATH"].read_text()})
        context["steps"][step.get("id")] = {"outputs": outputs}
        if done.returncode != 0:
            break
    action_outputs = {}
    for name, output in action.get("outputs", {}).items():
        try:
            action_outputs[name] = expand(output["value"], context)
        except KeyError:
            action_outputs[name] = ""
    return results, action_outputs


class Checker:
    def __init__(self):
        self.failures = 0

    def equal(self, what, got, expected):
        if got != expected:
            self.failures += 1
            print(f"FAIL {what}:\n--- expected\n{expected}\n--- got\n{got}\n---")


PASS_SUMMARY = """### tracediff check `alpha` vs `beta` (loss)

A `run.alpha.jsonl`, B `run.beta.jsonl`

|criterion |limit     |value     |step |verdict |
|----------|----------|----------|-----|--------|
|header    |identical |identical |     |PASS    |
|step1     |1e-06     |**0**     |1    |PASS    |
|step2     |1e-05     |1.00e-06  |2    |PASS    |

**PASS**: all 3 criteria passed
"""

FAIL_SUMMARY = """### tracediff check `alpha` vs `beta` (loss)

A `run.alpha.jsonl`, B `run.beta.jsonl`

|criterion |limit     |value     |step |verdict  |
|----------|----------|----------|-----|---------|
|header    |identical |identical |     |PASS     |
|step2     |1e-07     |1.00e-06  |2    |**FAIL** |
|max       |0.01      |1.00e-02  |5    |**FAIL** |

- **step2**: Δ=1.00e-06 > 1e-07
- **max**: A (run.alpha.jsonl) lacks 1 of B's 6 steps: 7; B (run.beta.jsonl) lacks 1 of A's 6 steps: 6; over the 5 steps compared: Δ=1.00e-02 at step 5, within 0.01

**FAIL**: 2 of 3 criteria failed
"""

FAIL_ANNOTATIONS = (
    "::error title=tracediff check alpha vs beta%3A step2::step2: Δ=1.00e-06 > 1e-07\n"
    "::error title=tracediff check alpha vs beta%3A max::max: A (run.alpha.jsonl) lacks 1 of "
    "B's 6 steps: 7; B (run.beta.jsonl) lacks 1 of A's 6 steps: 6; over the 5 steps compared: "
    "Δ=1.00e-02 at step 5, within 0.01\n")


# A trainer for `-- COMMAND`: writes run.beta.jsonl's records to the trace it is given, line by
# line, then exits with its status; any other arguments are an error (exit 9) that names them.
TRAINER = """#!/bin/bash
if [ "$#" -ne 4 ] || [ "$1" != --trace ] || [ "$3" != --status ]; then
    echo "trainer: unexpected arguments: $*" >&2
    exit 9
fi
while IFS= read -r line; do printf '%s\\n' "$line"; done <run.beta.jsonl >"$2"
echo "trainer: done"
exit "$4"
"""


def scenario(repo, binary_dir, data, inputs):
    """A workspace with the test traces and the trainer in traces/, and the action run in it."""
    workspace = pathlib.Path(tempfile.mkdtemp(prefix="tracediff_action_"))
    (workspace / "traces").mkdir()
    (workspace / ".runner_temp").mkdir()
    for name in ("run.alpha.jsonl", "run.beta.jsonl", "gap.a.jsonl", "gap.b.jsonl"):
        shutil.copy(data / name, workspace / "traces" / name)
    trainer = workspace / "traces" / "trainer.sh"
    trainer.write_text(TRAINER)
    trainer.chmod(0o755)
    path = f"{binary_dir}:/usr/bin:/bin"
    inputs = {"install": "installed", "working-directory": "traces", **inputs}
    return workspace, run_action(repo, inputs, workspace, path)


def check_install(check, name, install, binary_dir):
    check.equal(f"{name}: install exit code", install["code"], 0)
    check.equal(f"{name}: install outputs", install["outputs"],
                {"tracediff": str(binary_dir / "tracediff")})
    check.equal(f"{name}: install summary", install["summary"], "")


def check_error_after_warning(check, repo, binary_dir, data):
    """The annotation is the error, not the warning printed before it."""
    workspace, (steps, outputs) = scenario(repo, binary_dir, data, {
        "args": "gap.a.jsonl gap.b.jsonl --max step1=1", "junit": "missing/junit.xml"})
    warning = ("tracediff: warning: gap.b.jsonl:2: skipped 1 step record without 'loss' (this "
               "line is the first)\n")
    error = "cannot write 'missing/junit.xml': No such file or directory"
    summary = (f"### tracediff check could not run\n\n```\n{warning}tracediff: error: {error}\n"
               "```\n")
    check.equal("warning, error: exit code", steps[1]["code"], 2)
    check.equal("warning, error: stdout",
                steps[1]["stdout"], f"::error title=tracediff check::{error}\n{summary}")
    check.equal("warning, error: job summary", steps[1]["summary"], summary)
    check.equal("warning, error: action outputs", outputs, {"verdict": "error", "exit-code": "2"})
    shutil.rmtree(workspace)


COMMAND_SUMMARY = PASS_SUMMARY.replace("`beta`", "`run`").replace("run.beta.jsonl", "run.jsonl")
COMMAND_JUNIT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="tracediff check" tests="3" failures="0">
  <testsuite name="alpha vs run" tests="3" failures="0">
    <testcase classname="tracediff.alpha vs run" name="header">
      <system-out>identical (decided after T s)</system-out>
    </testcase>
    <testcase classname="tracediff.alpha vs run" name="step1">
      <system-out>Δ=0 &lt;= 1e-06 (decided at step 1 after T s)</system-out>
    </testcase>
    <testcase classname="tracediff.alpha vs run" name="step2">
      <system-out>Δ=1.00e-06 &lt;= 1e-05 (decided at step 2 after T s)</system-out>
    </testcase>
  </testsuite>
</testsuites>
"""


def check_command(check, repo, binary_dir, data):
    """-- COMMAND ARGS: the action's own options go before the `--`, the command gets its own
    arguments only; a command that fails after the gate passed keeps the report."""
    gate = "--reference run.alpha.jsonl run.jsonl --max step1=1e-6 --max step2=1e-5"
    workspace, (steps, outputs) = scenario(repo, binary_dir, data, {
        "args": f"{gate} -- ./trainer.sh --trace run.jsonl --status 0", "junit": "junit.xml"})
    check.equal("command: exit code", steps[1]["code"], 0)
    check.equal("command: stderr", steps[1]["stderr"], "trainer: done\n")
    check.equal("command: job summary", steps[1]["summary"], COMMAND_SUMMARY)
    check.equal("command: stdout", steps[1]["stdout"], COMMAND_SUMMARY)
    check.equal("command: action outputs", outputs, {"verdict": "pass", "exit-code": "0"})
    junit = (workspace / "traces" / "junit.xml").read_text()
    check.equal("command: junit", re.sub(r"after \d+\.\d+ s", "after T s", junit), COMMAND_JUNIT)
    shutil.rmtree(workspace)

    workspace, (steps, outputs) = scenario(repo, binary_dir, data, {
        "args": f"{gate} -- ./trainer.sh --trace run.jsonl --status 3"})
    status = "the command (./trainer.sh) exited with status 3"
    summary = COMMAND_SUMMARY.replace(
        "\n**PASS**: all 3 criteria passed\n",
        f"\n- **command**: {status}\n\n**FAIL**: all 3 criteria passed, but {status}\n")
    check.equal("command fails: exit code", steps[1]["code"], 3)
    check.equal("command fails: stdout", steps[1]["stdout"],
                f"::error title=tracediff check alpha vs run%3A command::{status}\n{summary}")
    check.equal("command fails: job summary", steps[1]["summary"], summary)
    check.equal("command fails: action outputs", outputs, {"verdict": "fail", "exit-code": "3"})
    shutil.rmtree(workspace)


def main():
    repo, binary_dir = pathlib.Path(sys.argv[1]).resolve(), pathlib.Path(sys.argv[2]).resolve()
    data = repo / "tests" / "data"
    check = Checker()

    pair = "run.alpha.jsonl run.beta.jsonl"
    workspace, (steps, outputs) = scenario(repo, binary_dir, data, {
        "args": f"{pair} --max step1=1e-6 --max 'step2=1e-5'", "junit": "junit.xml"})
    check.equal("pass: steps run", [s["id"] for s in steps], ["install", "check"])
    check_install(check, "pass", steps[0], binary_dir)
    check.equal("pass: exit code", steps[1]["code"], 0)
    check.equal("pass: job summary", steps[1]["summary"], PASS_SUMMARY)
    check.equal("pass: stdout (no annotation)", steps[1]["stdout"], PASS_SUMMARY)
    check.equal("pass: step outputs", steps[1]["outputs"], {"verdict": "pass", "exit-code": "0"})
    check.equal("pass: action outputs", outputs, {"verdict": "pass", "exit-code": "0"})
    junit = (workspace / "traces" / "junit.xml").read_text()
    check.equal("pass: junit", 'tests="3" failures="0"' in junit, True)
    shutil.rmtree(workspace)

    workspace, (steps, outputs) = scenario(repo, binary_dir, data, {
        "args": f"{pair} --max step2=1e-7 --max max=0.01", "junit": "junit.xml"})
    check.equal("fail: exit code", steps[1]["code"], 1)
    check.equal("fail: job summary", steps[1]["summary"], FAIL_SUMMARY)
    check.equal("fail: stdout", steps[1]["stdout"], FAIL_ANNOTATIONS + FAIL_SUMMARY)
    check.equal("fail: action outputs", outputs, {"verdict": "fail", "exit-code": "1"})
    junit = (workspace / "traces" / "junit.xml").read_text()
    check.equal("fail: junit", 'tests="3" failures="2"' in junit, True)
    shutil.rmtree(workspace)

    workspace, (steps, outputs) = scenario(repo, binary_dir, data, {
        "args": "missing.jsonl run.alpha.jsonl --max step1=1"})
    error = "cannot open 'missing.jsonl': No such file or directory"
    check.equal("error: exit code", steps[1]["code"], 2)
    check.equal("error: job summary", steps[1]["summary"],
                f"### tracediff check could not run\n\n```\ntracediff: error: {error}\n```\n")
    check.equal("error: annotation", steps[1]["stdout"].splitlines()[0],
                f"::error title=tracediff check::{error}")
    check.equal("error: action outputs", outputs, {"verdict": "error", "exit-code": "2"})
    shutil.rmtree(workspace)

    check_error_after_warning(check, repo, binary_dir, data)
    check_command(check, repo, binary_dir, data)

    workspace, (steps, outputs) = scenario(repo, binary_dir, data, {"args": "a.jsonl 'b.jsonl"})
    check.equal("bad words: exit code", steps[1]["code"], 2)
    check.equal("bad words: annotation", steps[1]["stdout"].startswith(
        "::error title=tracediff check::the args input is not valid shell words: "), True)
    shutil.rmtree(workspace)

    if check.failures:
        print(f"action_test: {check.failures} check(s) failed")
        return 1
    print("action_test: the action's steps wrote what they should")
    return 0


if __name__ == "__main__":
    sys.exit(main())
