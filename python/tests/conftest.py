"""Where the tests find the test data and the command line: the ctest test sets
TRACEDIFF_DATA_DIR and TRACEDIFF_BINARY; without them, the repository's tests/data and
build/tracediff."""

import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def data(monkeypatch):
    """The folder of the test traces, made the working folder (messages name short paths)."""
    folder = pathlib.Path(os.environ.get("TRACEDIFF_DATA_DIR", REPO / "tests" / "data"))
    monkeypatch.chdir(folder)
    return folder


@pytest.fixture
def cli():
    """Runs the command line in the working folder: (exit code, stdout, stderr)."""
    binary = os.environ.get("TRACEDIFF_BINARY", str(REPO / "build" / "tracediff"))
    if not os.path.exists(binary):
        pytest.skip(f"no tracediff binary at {binary}")

    def run(*args):
        done = subprocess.run([binary, *args], capture_output=True, text=True, check=False)
        return done.returncode, done.stdout, done.stderr

    return run


def cli_error(stderr):
    """The message of `tracediff: error: MESSAGE`, which TraceError carries."""
    prefix = "tracediff: error: "
    assert stderr.startswith(prefix), stderr
    return stderr[len(prefix):].rstrip("\n")
