#!/usr/bin/env bash
# Times tracegen training the four corners of traces/demo/ one after the other (the same
# runs traces/regenerate.sh makes, but not in parallel), and prints the time of each and
# the total.
#
# Usage: bench/tracegen/bench_corners.sh [TRACEGEN]
#   TRACEGEN  path to the tracegen binary; default: the first of build*/tracegen/tracegen
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tracegen="${1:-}"
if [[ -z "$tracegen" ]]; then
    for candidate in "$root"/build/tracegen/tracegen "$root"/build*/tracegen/tracegen; do
        if [[ -x "$candidate" ]]; then
            tracegen="$candidate"
            break
        fi
    done
fi
if [[ -z "$tracegen" || ! -x "$tracegen" ]]; then
    echo "bench_corners.sh: error: no tracegen binary; build it or pass its path" >&2
    exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

"$tracegen" --seed 52 --init-dump "$work/init.bin" >/dev/null
echo "tracegen four-corner benchmark: $(nproc) cores, $(date -u +%Y-%m-%d)"
start_all="$(now)"
for reduction in sequential pairwise; do
    for fma in on off; do
        start="$(now)"
        "$tracegen" --init-load "$work/init.bin" --no-shuffle --reduction "$reduction" \
            --fma "$fma" --quiet --trace-out "$work/$reduction-$fma.jsonl"
        end="$(now)"
        printf '  %-10s fma %-3s  %6s s\n' "$reduction" "$fma" "$(seconds "$start" "$end")"
    done
done
end_all="$(now)"
printf 'total (sequential runs): %s s\n' "$(seconds "$start_all" "$end_all")"
