#!/usr/bin/env bash
# Regenerates docs/demo-report/ from traces/demo/ with `tracediff report`, and copies the
# report into the README between the demo markers (headings two levels down, the plot's path
# from the repository's root). A test checks that both are up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
tracediff="${1:-build/tracediff}"
"$tracediff" report --manifest traces/demo/corners.json --out docs/demo-report

python3 - <<'PY'
import pathlib
report = pathlib.Path("docs/demo-report/report.md").read_text()
body = []
for line in report.splitlines():
    if line.startswith("#"):
        line = "##" + line
    body.append(line.replace("](deltas.svg)", "](docs/demo-report/deltas.svg)"))
readme = pathlib.Path("README.md")
text = readme.read_text()
start, end = "<!-- demo-start -->\n", "<!-- demo-end -->"
head, rest = text.split(start, 1)
_, tail = rest.split(end, 1)
readme.write_text(head + start + "\n".join(body) + "\n" + end + tail)
PY
echo "update-demo-report: wrote docs/demo-report/ and the README's demo section"
