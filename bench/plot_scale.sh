#!/usr/bin/env bash
# plot and report on many traces: wall time, peak memory and output size.
#
# Makes N traces of S steps (bench/gen_trace.py, one variant each) and a manifest naming them
# all (every pair is compared), then runs `tracediff plot` and `tracediff report` on them.
#
# Usage: bench/plot_scale.sh [TRACEDIFF] [N] [S]   (defaults: build/tracediff 300 1000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tracediff="$(realpath "${1:-build/tracediff}")"
count="${2:-300}"
steps="${3:-1000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

files=()
for i in $(seq 1 "$count"); do
    python3 "$here/gen_trace.py" --steps "$steps" --style python --variant "$i" \
        --out "$work/run$i.jsonl"
    files+=("run$i.jsonl")
done
{
    printf '{"title": "%s traces", "traces": {' "$count"
    for i in $(seq 1 "$count"); do
        [[ $i -gt 1 ]] && printf ', '
        printf '"run%s": "run%s.jsonl"' "$i" "$i"
    done
    printf '}}\n'
} > "$work/m.json"

cd "$work"
measure() { # label, then the command
    local label="$1"
    shift
    /usr/bin/time -f "%e %M" -o time.txt "$@" > /dev/null
    read -r seconds kilobytes < time.txt
    printf '%-8s %8.2f s %8.1f MB peak RSS' "$label" "$seconds" "$(echo "$kilobytes / 1024" | bc -l)"
}
measure plot "$tracediff" plot "${files[@]}" -o plot.svg
printf '   SVG %.1f MB\n' "$(echo "$(stat -c %s plot.svg) / 1000000" | bc -l)"
measure report "$tracediff" report --manifest m.json --out report
printf '   SVG %.1f MB, report.md %.1f MB\n' \
    "$(echo "$(stat -c %s report/deltas.svg) / 1000000" | bc -l)" \
    "$(echo "$(stat -c %s report/report.md) / 1000000" | bc -l)"
