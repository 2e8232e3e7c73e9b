#!/usr/bin/env bash
# One command from a fresh clone to a working tracediff: installs what is missing, builds, and
# runs the main job on the example traces in traces/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
cmake --build build -j"$(nproc)"
echo
echo "$ build/tracediff table --manifest traces/demo/corners.json"
build/tracediff table --manifest traces/demo/corners.json
