#!/usr/bin/env bash
# cmake --install BUILD --prefix P installs exactly the binary, the man page and the three
# completions, in their conventional folders, and the installed binary runs.
# Usage: install_test.sh BUILD_DIR
set -euo pipefail
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$1" --prefix "$prefix" >/dev/null
expected="bin/tracediff
share/bash-completion/completions/tracediff
share/fish/vendor_completions.d/tracediff.fish
share/man/man1/tracediff.1
share/zsh/vendor-completions/_tracediff"
found=$(cd "$prefix" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
if [ "$found" != "$expected" ]; then
    printf 'install_test: FAIL: installed\n%s\nexpected\n%s\n' "$found" "$expected"
    exit 1
fi
"$prefix/bin/tracediff" --version | grep -q '^tracediff ' || { echo "install_test: FAIL: --version"; exit 1; }
cmp -s "$prefix/share/man/man1/tracediff.1" "$1/tracediff.1" || { echo "install_test: FAIL: man page"; exit 1; }
echo "install_test: the five files are installed under the prefix"
