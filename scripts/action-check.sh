#!/usr/bin/env bash
# The GitHub Action's check step (action.yml): runs `tracediff check ARGS`, appends its markdown
# results table to the job summary, prints an ::error annotation per failed criterion, writes
# JUnit XML where asked, sets the outputs `verdict` and `exit-code`, and exits with the gate's
# exit code (0 pass, 1 fail, 2 bad input or arguments; with `-- COMMAND`, the command's status
# when it failed after a pass). Its own options go before a live check's `-- COMMAND ARGS`.
#   TRACEDIFF        the binary (default: tracediff on PATH)
#   TRACEDIFF_ARGS   the arguments, as shell words: quotes group, nothing is expanded
#   TRACEDIFF_JUNIT  a path for JUnit XML, or empty
set -uo pipefail
tracediff=${TRACEDIFF:-tracediff}
[ -n "$tracediff" ] || tracediff=tracediff

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# xargs splits at blanks and honours quotes and backslashes, without running anything.
args=()
if ! words=$(printf '%s' "${TRACEDIFF_ARGS:-}" | xargs -r printf '%s\n' 2>&1); then
    printf '::error title=tracediff check::the args input is not valid shell words: %s\n' "$words"
    exit 2
fi
if [ -n "$words" ]; then
    mapfile -t args <<<"$words"
fi
# tracediff's own options go before the first standalone `--`: what follows it is the command a
# live check runs (`-- python train.py ...`), and its arguments are the command's.
own=()
command=()
for i in "${!args[@]}"; do
    if [ "${args[i]}" = "--" ]; then
        command=("${args[@]:i}")
        break
    fi
    own+=("${args[i]}")
done
if [ -n "${TRACEDIFF_JUNIT:-}" ]; then
    own+=(--junit "$TRACEDIFF_JUNIT")
fi
own+=(--format markdown --output "$work/summary.md")

# GITHUB_ACTIONS=true: tracediff prints the ::error annotations on standard output.
GITHUB_ACTIONS=true "$tracediff" check "${own[@]}" "${command[@]}" 2>"$work/stderr"
code=$?
cat "$work/stderr" >&2

case $code in
0) verdict=pass ;;
1) verdict=fail ;;
*)
    if [ "$code" -gt 2 ] && [ -s "$work/summary.md" ]; then
        # -- COMMAND: the gate passed, then the command failed. tracediff exits with its status
        # (128 + N for a signal); its report says FAIL and why, and it printed the annotation.
        verdict=fail
    else
        verdict=error
        # One annotation per error message ("tracediff: error: ..."); the warnings before it,
        # and a command's own output, are in the log.
        errors=$(sed -n 's/^tracediff: error: //p' "$work/stderr")
        [ -n "$errors" ] || errors="tracediff check exited with $code"
        while IFS= read -r message; do
            printf '::error title=tracediff check::%s\n' "${message//%/%25}"
        done <<<"$errors"
        {
            printf '### tracediff check could not run\n\n```\n'
            cat "$work/stderr"
            printf '```\n'
        } >"$work/summary.md"
    fi
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
