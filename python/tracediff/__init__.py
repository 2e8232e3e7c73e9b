"""tracediff in Python: read training traces, compare two runs step by step, gate on the deltas.

The same core as the ``tracediff`` command line (C++, through pybind11), so every number is the
one the command prints, and every error is a ``TraceError`` whose message is the command's
(``tracediff: error: MESSAGE`` on its standard error).

    import tracediff
    t = tracediff.read("run.jsonl", fields=["loss", "lr"])
    t.steps              # numpy.int64 array: every step any read field has, sorted
    t.values["loss"]     # numpy.float64 array at t.steps; NaN where the step has no loss
    t.series("loss")     # (steps, values) of the steps that logged loss, and only those
    t.header             # the trace's header record as a dict, or None
    r = tracediff.compare("a.jsonl", "b.jsonl", field="loss")
    r["step1"]["delta"], r["median"], r["max"], r["max_step"], r["coverage"]["compared"]
    g = tracediff.check("a.jsonl", "b.jsonl", max={"step1": 1e-5, "step2": 1e-4})
    g["passed"], g["verdict"], [c["name"] for c in g["criteria"]]

``read(path, fields=["loss"], from_="", step_key="", pattern="")`` reads any format the
command reads (``from_``, ``step_key`` and ``pattern`` are ``--from``, ``--step-key`` and
``--pattern``); every field asked for must be in the trace. The arrays are read-only views of
the trace's memory (``.copy()`` gives a writable one).

``compare(a, b, field="loss")`` and ``check(a, b, *, max={}, mode="", atol=None, rtol=None,
steps="", allow=0, field="", require_same_steps=False, ignore_header=False,
require_header=False)`` take paths or results of ``read``; a read result must hold the fields
they need. ``check`` returns the verdict of a failing gate; it raises only on bad input.
"""

from ._tracediff import Trace, TraceError, __version__, check, compare, read

__all__ = ["Trace", "TraceError", "check", "compare", "read", "__version__"]
