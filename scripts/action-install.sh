#!/usr/bin/env bash
# The GitHub Action's install step (action.yml): makes tracediff available and writes its path
# as the step output `tracediff`.
#   TRACEDIFF_INSTALL  build (from TRACEDIFF_SOURCE with CMake) or installed (the one on PATH)
#   TRACEDIFF_SOURCE   the action's folder, a clone of this repository
set -euo pipefail
case "${TRACEDIFF_INSTALL:-build}" in
installed)
    tracediff=$(command -v tracediff) || {
        echo "::error title=tracediff::install: installed, but there is no tracediff on PATH"
        exit 2
    }
    ;;
build)
    build="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/tracediff-build"
    "$TRACEDIFF_SOURCE/scripts/install-deps.sh" # installs only what is missing
    cmake -S "$TRACEDIFF_SOURCE" -B "$build" -DCMAKE_BUILD_TYPE=Release \
        -DTRACEDIFF_BUILD_TESTS=OFF -DTRACEDIFF_BUILD_TRACEGEN=OFF -DTRACEDIFF_BUILD_PYTHON=OFF
    cmake --build "$build" -j"$(nproc)" --target tracediff
    tracediff="$build/tracediff"
    ;;
*)
    echo "::error title=tracediff::install must be build or installed, got '$TRACEDIFF_INSTALL'"
    exit 2
    ;;
esac
"$tracediff" --version
echo "tracediff=$tracediff" >>"${GITHUB_OUTPUT:-/dev/null}"
