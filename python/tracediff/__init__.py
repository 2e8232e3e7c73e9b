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

    r["bias"]            # {"mean": B - A on average, "b_higher", "a_higher", "equal", "p_value"}
    tracediff.golden(["rerun1.jsonl", "rerun2.jsonl"], "band.json")   # a band of reruns
    tracediff.tolerance(["rerun1.jsonl", "rerun2.jsonl", "rerun3.jsonl"])["options"]

``read(path, fields=["loss"], from_="", step_key="", pattern="")`` reads any format the
command reads (``from_``, ``step_key`` and ``pattern`` are ``--from``, ``--step-key`` and
``--pattern``); every field asked for must be in the trace. The arrays are read-only views of
the trace's memory (``.copy()`` gives a writable one).

``compare(a, b, field="loss")`` and ``check(a, b, *, max={}, max_rel={}, mode="", atol=None,
rtol=None, steps="", allow=0, field="", require_same_steps=False, ignore_header=False,
require_header=False)`` take paths or results of ``read``; a read result must hold the fields
they need. ``check`` returns the verdict of a failing gate; it raises only on bad input.

``golden(runs, path, *, fields=["loss"], every=1, steps="")`` writes the golden of one run, or the
band of several reruns (per-step mean, std, min, max), in Megatron-LM's layout, as
``tracediff golden`` does; steps not every run logged are left out with a ``UserWarning``.
``tolerance(runs, *, field="loss", factor=2.0)`` measures the limits ``tracediff tolerance``
prints, as a dict whose ``"options"`` is the line of ``--max`` options.
"""

from ._tracediff import (Trace, TraceError, __version__, check, compare, golden, read,
                         tolerance)

__all__ = ["Trace", "TraceError", "check", "compare", "golden", "read", "tolerance",
           "__version__"]
