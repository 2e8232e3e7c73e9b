#!/usr/bin/env bash
# Regenerates traces/demo/ into a temporary folder with traces/regenerate.sh and compares
# every file byte for byte with the committed ones.
# Usage: check_regenerate.sh TRACEGEN
set -euo pipefail

tracegen="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
committed="$root/traces/demo"
fresh="$(mktemp -d)"
trap 'rm -rf "$fresh"' EXIT

bash "$root/traces/regenerate.sh" "$tracegen" "$fresh" >/dev/null

status=0
if ! diff <(cd "$committed" && ls -A) <(cd "$fresh" && ls -A) >/dev/null; then
    echo "the set of files differs:" >&2
    diff <(cd "$committed" && ls -A) <(cd "$fresh" && ls -A) >&2 || true
    status=1
fi
for file in "$committed"/*; do
    name="$(basename "$file")"
    if [[ -f "$fresh/$name" ]] && ! cmp "$file" "$fresh/$name"; then
        echo "traces/demo/$name differs from a fresh run: run traces/regenerate.sh" >&2
        status=1
    fi
done
if [[ $status -eq 0 ]]; then
    echo "all $(ls "$committed" | wc -l) files in traces/demo/ are reproduced byte for byte"
fi
exit $status
