#!/usr/bin/env python3
"""Checks that every stage of the pipeline includes only the stages before it.

The stages, in order: io -> read -> compare -> gate -> render -> app, then the two front ends
on the application layer: cli (the command line) and python (the module). A file belongs to the
stage of its folder (src/STAGE/ or include/tracediff/STAGE/); it may include its own stage,
the stages before it, and the foundation headers at the top of include/tracediff/. Some
libraries belong to one stage only (CLI11 to the command line, zlib and zstd to the input layer,
pybind11 to the Python module). Prints each violation as FILE:LINE and exits 1 if there is one.

Usage: scripts/check-layers.py [REPOSITORY]
"""

import pathlib
import re
import sys

STAGES = ["io", "read", "compare", "gate", "render", "app", "cli"]
# The Python module (src/python) sits on the application layer beside the command line, not on
# it.
PEERS = {"python": ["io", "read", "compare", "gate", "render", "app", "python"]}
FOUNDATION = {"tracediff/error.hpp", "tracediff/exit_codes.hpp", "tracediff/printable.hpp"}
# A third-party header and the one stage that may include it.
OWNED_HEADERS = {
    "CLI/": "cli",
    "zlib.h": "io",
    "zstd.h": "io",
    "pybind11/": "python",
}
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')


def stage_of(path):
    parts = path.parts
    for root in (("src",), ("include", "tracediff")):
        n = len(root)
        if parts[:n] == root and len(parts) > n + 1 and (parts[n] in STAGES or parts[n] in PEERS):
            return parts[n]
    return None


def violations(repo):
    files = sorted(list((repo / "src").rglob("*.[ch]pp")) +
                   list((repo / "include").rglob("*.hpp")))
    for file in files:
        rel = file.relative_to(repo)
        stage = stage_of(rel)
        if stage is None:
            continue
        allowed = PEERS[stage] if stage in PEERS else STAGES[: STAGES.index(stage) + 1]
        for number, line in enumerate(file.read_text().splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            target = m.group(1)
            if target.startswith("tracediff/"):
                if target in FOUNDATION:
                    continue
                used = target.split("/")[1]
                if used not in STAGES and used not in PEERS:
                    yield f"{rel}:{number}: includes {target}, which belongs to no stage"
                elif used not in allowed:
                    yield (f"{rel}:{number}: {stage} includes {target} from the later "
                           f"stage {used}")
                continue
            for prefix, owner in OWNED_HEADERS.items():
                if target.startswith(prefix) and owner != stage:
                    yield f"{rel}:{number}: {stage} includes {target}, which only {owner} may use"


def main():
    repo = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent)
    found = list(violations(repo.resolve()))
    for v in found:
        print(v)
    if found:
        print(f"check-layers: {len(found)} include(s) against the pipeline order")
        return 1
    print("check-layers: every include follows the pipeline order")
    return 0


if __name__ == "__main__":
    sys.exit(main())
