#!/usr/bin/env bash
# Regenerates what the documentation shows of the demo traces in traces/demo/:
#   - docs/demo-report/, with `tracediff report`;
#   - the copy of that report in docs/demo.md, between the demo markers (headings two levels
#     down, the plot's path relative to docs/);
#   - the demo table on the README's first screen, between the demo markers: the command and
#     exactly what `tracediff table --manifest traces/demo/corners.json` prints.
# The tests Report.CommittedDemoReportIsCurrent and Report.ReadmeShowsTheDemoTable check all
# three against the current build.
#
# Usage: scripts/update-demo-report.sh [TRACEDIFF]   (default: build/tracediff)
set -euo pipefail
cd "$(dirname "$0")/.."
tracediff="${1:-build/tracediff}"
"$tracediff" report --manifest traces/demo/corners.json --out docs/demo-report

python3 - "$tracediff" <<'PY'
import pathlib
import subprocess
import sys

START, END = "<!-- demo-start -->\n", "<!-- demo-end -->"


def replace_between_markers(path, body):
    file = pathlib.Path(path)
    text = file.read_text()
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    file.write_text(head + START + body + END + tail)


report = pathlib.Path("docs/demo-report/report.md").read_text()
lines = []
for line in report.splitlines():
    if line.startswith("#"):
        line = "##" + line
    lines.append(line.replace("](deltas.svg)", "](demo-report/deltas.svg)"))
replace_between_markers("docs/demo.md", "\n".join(lines) + "\n")

args = ["table", "--manifest", "traces/demo/corners.json"]
table = subprocess.run([sys.argv[1]] + args, check=True, capture_output=True, text=True).stdout
command = "$ tracediff " + " ".join(args) + "\n"
replace_between_markers("README.md", "```\n" + command + table + "```\n")
PY
echo "update-demo-report: wrote docs/demo-report/, the report in docs/demo.md and the README's demo table"
