#!/usr/bin/env python3
"""The straightforward Python script tracediff has to beat (the issue's baseline).

Reads each trace with json.loads per line into a dict step -> loss, then for every pair prints
the step-1, step-2, median (statistics.median) and max delta over the steps both traces have.

Usage: baseline.py TRACE TRACE [TRACE...]
"""

import itertools
import json
import statistics
import sys


def load(path, field="loss"):
    values = {}
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # a truncated last line
            kind = record.get("kind", "step" if "step" in record else None)
            if kind == "step" and record.get(field) is not None:
                values[record["step"]] = float(record[field])
    return values


def compare(a, b):
    """Step 1, step 2, median and max delta of two {step: value} dicts, as the table shows them."""
    union = sorted(set(a) | set(b))
    common = sorted(set(a) & set(b))
    deltas = [abs(a[s] - b[s]) for s in common]

    def delta_at(k):
        if len(union) <= k or union[k] not in a or union[k] not in b:
            return "n/a"
        return "%.3g" % abs(a[union[k]] - b[union[k]])

    median = "%.3g" % statistics.median(deltas) if deltas else "n/a"
    largest = "%.3g" % max(deltas) if deltas else "n/a"
    return delta_at(0), delta_at(1), median, largest


def main(load=load, compare=compare):
    """Reads the traces named on the command line with `load` and prints every pair's row,
    computed by `compare` (baseline_numpy.py passes its own)."""
    paths = sys.argv[1:]
    if len(paths) < 2:
        sys.exit(__doc__)
    traces = [load(p) for p in paths]
    print("| comparison | step 1 Δ | step 2 Δ | median Δ | max Δ |")
    print("|---|---|---|---|---|")
    for (i, a), (j, b) in itertools.combinations(enumerate(traces), 2):
        print("| %s vs %s | %s | %s | %s | %s |" % ((paths[i], paths[j]) + compare(a, b)))


if __name__ == "__main__":
    main()
