#!/usr/bin/env bash
# Fails when a C++ file in the repository is not formatted with .clang-format.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -z '*.cpp' '*.hpp' '*.h' | xargs -0 --no-run-if-empty clang-format --dry-run -Werror
