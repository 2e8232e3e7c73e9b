"""The module's first arrays made on several threads at once (issue 20), in an interpreter that
had not imported NumPy: pybind11 set NumPy up on the first array access and gave up the GIL
halfway, and the threads deadlocked. The module now sets NumPy up when it is imported. Run in
a fresh interpreter (NumPy imported by nothing before), with a timeout, so that a deadlock
fails the test instead of hanging it."""

import os
import subprocess
import sys

import tracediff

SCRIPT = """
import sys
import threading

import tracediff

traces = [tracediff.read(sys.argv[1]) for _ in range(8)]
start = threading.Barrier(len(traces))
seen = []


def touch(trace):
    start.wait()
    seen.append((trace.steps.tolist(), trace.values["loss"].tolist()))


threads = [threading.Thread(target=touch, args=(t,)) for t in traces]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(len(seen), seen[0][0])
"""


def test_first_arrays_on_eight_threads(data):
    # The package this test imported, found by the fresh interpreter first.
    package_folder = os.path.dirname(os.path.dirname(os.path.abspath(tracediff.__file__)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [package_folder, os.environ.get("PYTHONPATH", "")]))
    done = subprocess.run([sys.executable, "-c", SCRIPT, "run.alpha.jsonl"],
                          capture_output=True, text=True, timeout=120, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "8 [1, 2, 3, 4, 5, 6]\n"
