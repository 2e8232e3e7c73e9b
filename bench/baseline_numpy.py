#!/usr/bin/env python3
"""The Python baseline with NumPy: what one writes to compare many runs in a notebook.

Reads each trace with json.loads per line (the step records' step and loss), keeps them as
NumPy arrays, then for every pair computes the step-1, step-2, median and max delta over the
steps both traces have with NumPy (np.intersect1d when the steps differ, np.median, np.max),
and prints the table baseline.py prints.

Usage: baseline_numpy.py TRACE TRACE [TRACE...]
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import baseline  # noqa: E402  (json.loads per line and the table, as there)


def load(path, field="loss"):
    """The step records' steps and values as NumPy arrays, in step order (a step logged again
    keeps its last value, as in baseline.py)."""
    by_step = baseline.load(path, field)
    steps = np.fromiter(by_step.keys(), dtype=np.int64, count=len(by_step))
    values = np.fromiter(by_step.values(), dtype=np.float64, count=len(by_step))
    order = np.argsort(steps, kind="stable")
    return steps[order], values[order]


def compare(a, b):
    (steps_a, values_a), (steps_b, values_b) = a, b
    if np.array_equal(steps_a, steps_b):
        union = steps_a
        deltas = np.abs(values_a - values_b)
    else:
        union = np.union1d(steps_a, steps_b)
        _, ia, ib = np.intersect1d(steps_a, steps_b, assume_unique=True, return_indices=True)
        deltas = np.abs(values_a[ia] - values_b[ib])

    def delta_at(k):
        if len(union) <= k:
            return "n/a"
        step = union[k]
        ia = np.searchsorted(steps_a, step)
        ib = np.searchsorted(steps_b, step)
        if ia == len(steps_a) or steps_a[ia] != step or ib == len(steps_b) or steps_b[ib] != step:
            return "n/a"
        return "%.3g" % abs(values_a[ia] - values_b[ib])

    median = "%.3g" % np.median(deltas) if len(deltas) else "n/a"
    largest = "%.3g" % np.max(deltas) if len(deltas) else "n/a"
    return delta_at(0), delta_at(1), median, largest


if __name__ == "__main__":
    baseline.main(load, compare)
