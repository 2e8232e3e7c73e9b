#!/usr/bin/env bash
# pip install . into a fresh venv (offline: --no-build-isolation, setuptools and numpy from
# Debian through --system-site-packages), then imports the installed module and runs the
# pytest suite against it, outside the source tree. Uses Debian's /usr/bin/python3, which has
# python3-numpy and python3-pytest. Usage: scripts/test-python.sh [BUILD_DIR]
# (BUILD_DIR: reuse that CMake build folder for the module; default: build-python/).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
python=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ $# -gt 0 ]; then
    export TRACEDIFF_BUILD_DIR
    TRACEDIFF_BUILD_DIR=$(realpath "$1")
fi

"$python" -m venv --system-site-packages "$work/venv"
PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_ROOT_USER_ACTION=ignore \
    "$work/venv/bin/pip" install --no-build-isolation --no-deps -q "$repo"
rm -rf "$repo/python/tracediff.egg-info"

# The installed module, not the source tree's or a build tree's.
cd "$work"
location=$("$work/venv/bin/python" -c 'import tracediff; print(tracediff.__file__)')
case $location in
"$work/venv/"*) ;;
*)
    echo "test-python: FAIL: imported $location, not the venv's module" >&2
    exit 1
    ;;
esac
"$work/venv/bin/python" -c 'import tracediff; print("test-python: tracediff", tracediff.__version__, "from", tracediff.__file__)'
cp -r "$repo/python/tests" "$work/tests"
TRACEDIFF_DATA_DIR="$repo/tests/data" TRACEDIFF_BINARY="${TRACEDIFF_BINARY:-$repo/build/tracediff}" \
    PYTHONDONTWRITEBYTECODE=1 "$work/venv/bin/python" -m pytest -q -p no:cacheprovider "$work/tests"
