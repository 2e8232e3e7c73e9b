"""Paths and names that are not plain text (issue 20): a bytes path that is not UTF-8 reads its
file, a NUL in a path is an error (as open() makes it), and a message quoting bytes that are
not UTF-8 is whole, with \\xNN for them as the command line prints it."""

import os

import pytest

import tracediff
from conftest import cli_error

LATIN1 = b"caf\xe9.csv"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / os.fsdecode(LATIN1)).write_bytes(b"step,loss\n1,2.5\n2,2.25\n")
    (tmp_path / "b.csv").write_bytes(b"step,loss\n1,2.5\n2,2.5\n")
    (tmp_path / "cp.csv").write_bytes(b"step,loss (x10\xb3)\n1,2.5\n")
    return tmp_path


def test_a_latin1_bytes_path_is_read(folder):
    t = tracediff.read(LATIN1)
    assert t.values["loss"].tolist() == [2.5, 2.25]
    assert t.path == os.fsdecode(LATIN1)  # as os.listdir names it
    assert repr(t) == "<tracediff.Trace caf\\xE9.csv: 2 steps>"
    assert tracediff.compare(LATIN1, "b.csv")["max"] == 0.25
    g = tracediff.check(os.fsdecode(LATIN1), "b.csv", max={"max": 1})
    assert (g["passed"], g["a"], g["b"]) == (True, "caf\\xE9", "b")
    (folder / "long.csv").write_bytes(b"step,loss\n1,2.5\n2,2.5\n3,2.5\n")
    g = tracediff.check(LATIN1, "long.csv", max={"max": 1})
    assert g["criteria"][1]["message"] == ("A (caf\\xE9.csv) lacks 1 of B's 3 steps: 3; over "
                                           "the 2 steps compared: \u0394=2.50e-01 at step 2, "
                                           "within 1")


def test_a_nul_in_a_path_is_an_error(folder):
    with pytest.raises(ValueError):
        open("b.csv\x00junk", encoding="utf-8")
    with pytest.raises(tracediff.TraceError) as e:
        tracediff.read("b.csv\x00junk")
    assert str(e.value) == "cannot open 'b.csv\\x00junk': a path cannot hold a NUL byte"


def test_a_message_with_bytes_that_are_not_utf8_is_whole(folder, cli):
    with pytest.raises(tracediff.TraceError) as e:
        tracediff.read("cp.csv")
    assert str(e.value) == ("cp.csv: no step record has the field 'loss' (the header has: "
                            "step, loss (x10\\xB3))")
    code, _, stderr = cli("table", "cp.csv", "b.csv")
    assert code == 2
    assert cli_error(stderr) == str(e.value)


def test_a_folder_and_its_own_event_file_are_one_trace(data):
    run = "formats/run_dir"
    events = sorted(os.listdir(run))[0]
    with pytest.raises(tracediff.TraceError) as e:
        tracediff.check(run, f"{run}/{events}", max={"max": 0})
    assert str(e.value) == (f"'{run}' and '{run}/{events}' are the same file; a trace compared "
                            "with itself always passes")
