#!/usr/bin/env bash
# The GitHub Action's check step (action.yml): runs `tracediff check ARGS`, appends its markdown
# results table to the job summary, prints an ::error annotation per failed criterion, writes
# JUnit XML where asked, sets the outputs `verdict` and `exit-code`, and exits with the gate's
# exit code (0 pass, 1 fail, 2 bad input or arguments).
#   TRACEDIFF        the binary (default: tracediff on PATH)
#   TRACEDIFF_ARGS   the arguments, as shell words: quotes group, nothing is expanded
#   TRACEDIFF_JUNIT  a path for JUnit XML, or empty
set -uo pipefail
tracediff=${TRACEDIFF:-tracediff}
[ -n "$tracediff" ] || tracediff=tracediff

# xargs splits at blanks and honours quotes and backslashes, without running anything.
args=()
if ! words=$(printf '%s' "${TRACEDIFF_ARGS:-}" | xargs -r printf '%s\n' 2>&1); then
    printf '::error title=tracediff check::the args input is not valid shell words: %s\n' "$words"
    exit 2
fi
if [ -n "$words" ]; then
    mapfile -t args <<<"$words"
fi
if [ -n "${TRACEDIFF_JUNIT:-}" ]; then
    args+=(--junit "$TRACEDIFF_JUNIT")
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# GITHUB_ACTIONS=true: tracediff prints the ::error annotations on standard output.
GITHUB_ACTIONS=true "$tracediff" check "${args[@]}" --format markdown --output "$work/summary.md" \
    2>"$work/stderr"
code=$?
cat "$work/stderr" >&2

case $code in
0) verdict=pass ;;
1) verdict=fail ;;
*)
    verdict=error
    message=$(head -n 1 "$work/stderr")
    message=${message#tracediff: error: }
    printf '::error title=tracediff check::%s\n' "${message:-tracediff check exited with $code}"
    {
        printf '### tracediff check could not run\n\n```\n'
        cat "$work/stderr"
        printf '```\n'
    } >"$work/summary.md"
    ;;
esac
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    cat "$work/summary.md" >>"$GITHUB_STEP_SUMMARY"
fi
cat "$work/summary.md"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
    printf 'verdict=%s\nexit-code=%s\n' "$verdict" "$code" >>"$GITHUB_OUTPUT"
fi
exit "$code"
