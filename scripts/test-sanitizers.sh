#!/usr/bin/env bash
# Builds tracediff with AddressSanitizer and UndefinedBehaviorSanitizer (the "asan" preset in
# CMakePresets.json, folder build-asan) and runs the whole tracediff test suite under them. Any
# report of either sanitizer fails the test that triggered it. tracegen, the reference trainer,
# is left out of this build: its training tests take minutes each under the sanitizers.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset asan
cmake --build --preset asan -j"$(nproc)"
ctest --preset asan -j"$(nproc)"
