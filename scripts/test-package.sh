#!/usr/bin/env bash
# Builds the Debian package (cpack) in a build folder, checks what it holds and its Depends:,
# installs it with apt-get, smoke-tests the installed binary, man page and completions, purges
# it, and checks that none of its files are left. For CI and disposable machines: it installs
# into the system (as root, or with sudo). Usage: scripts/test-package.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
fi
fail() {
    echo "test-package: FAIL: $*" >&2
    exit 1
}
if dpkg-query -W -f='${Status}' tracediff 2>/dev/null | grep -q "installed"; then
    fail "a tracediff package is installed already; purge it first"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The release build, configured for /usr (this does not rebuild the objects).
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
cmake --build "$build" -j"$(nproc)" --target tracediff tracediff_docs >/dev/null
rm -f "$build"/tracediff_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
version=$("$build/tracediff" --version | cut -d' ' -f2)
deb="$build/tracediff_${version}_amd64.deb"
[ -f "$deb" ] || fail "cpack did not write $deb"
echo "test-package: built $deb"

# What it holds: the binary, the man page and the three completions, nothing else.
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | sort >"$work/contents"
printf '%s\n' ./usr/bin/tracediff ./usr/share/bash-completion/completions/tracediff \
    ./usr/share/fish/vendor_completions.d/tracediff.fish ./usr/share/man/man1/tracediff.1 \
    ./usr/share/zsh/vendor-completions/_tracediff | sort >"$work/expected"
diff -u "$work/expected" "$work/contents" || fail "the package holds other files"

# Depends: the package of every shared library the binary loads, and no -dev package.
depends=$(dpkg-deb -f "$deb" Depends)
echo "test-package: Depends: $depends"
names=$(sed 's/ *([^)]*)//g; s/, */\n/g' <<<"$depends")
for lib in $(ldd "$build/tracediff" | awk '$3 ~ /^\// {print $3}'); do
    real=$(readlink -f "$lib")
    owner=$(dpkg -S "$lib" 2>/dev/null || dpkg -S "$real" 2>/dev/null || true)
    owner=${owner%%:*}
    [ -n "$owner" ] || fail "no package owns $lib"
    grep -qxF "$owner" <<<"$names" || fail "Depends: lacks $owner (for $lib)"
done
! grep -q -- '-dev' <<<"$depends" || fail "Depends: names a -dev package"

# Install it as users do, and use it.
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$(realpath "$deb")" >/dev/null
dpkg-query -L tracediff >"$work/listed"
[ "$(command -v tracediff)" = /usr/bin/tracediff ] || fail "tracediff is not /usr/bin/tracediff"
[ "$(tracediff --version)" = "tracediff $version" ] || fail "tracediff --version"
tracediff table --manifest traces/demo/corners.json >"$work/installed.md"
"$build/tracediff" table --manifest traces/demo/corners.json >"$work/built.md"
[ -s "$work/installed.md" ] && cmp -s "$work/installed.md" "$work/built.md" ||
    fail "the installed tracediff prints another table than the built one"
if grep -qsE '^path-exclude[= ]/usr/share/man' /etc/dpkg/dpkg.cfg.d/*; then
    # Slim container images tell dpkg to leave man pages out.
    echo "test-package: dpkg excludes /usr/share/man here; the man page checks are skipped"
else
    MANWIDTH=80 man -l /usr/share/man/man1/tracediff.1 >"$work/man.txt" 2>"$work/man.err"
    [ ! -s "$work/man.err" ] || fail "man -l warns: $(cat "$work/man.err")"
    grep -q "tracediff check" "$work/man.txt" || fail "the man page lacks tracediff check"
    [ "$(man -w tracediff)" = /usr/share/man/man1/tracediff.1 ] || fail "man -w tracediff"
fi
[ "$(bash -c 'source /usr/share/bash-completion/completions/tracediff && complete -p tracediff')" = \
    "complete -o bashdefault -o default -F _tracediff tracediff" ] || fail "bash completion"
if command -v zsh >/dev/null; then
    # Debian's zsh looks in /usr/share/zsh/vendor-completions without being told.
    [ "$(zsh -fc "autoload -Uz compinit; compinit -u -d $work/zcompdump; print -r -- \$_comps[tracediff]")" = _tracediff ] ||
        fail "zsh does not find the completion"
fi
if command -v fish >/dev/null; then
    # fish loads vendor_completions.d by the command's name.
    fish -c 'complete -C"tracediff check --mo"' | grep -q '^--mode' || fail "fish completion"
fi
echo "test-package: installed and smoke-tested: binary, table, man page, completions"

# Purge it: nothing of it is left.
$sudo env DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq tracediff >/dev/null
! dpkg-query -W -f='${Status}' tracediff 2>/dev/null | grep -q "installed" ||
    fail "tracediff is still installed"
while read -r path; do
    if [ -e "$path" ] && [ ! -d "$path" ]; then
        fail "$path is left after apt-get purge"
    fi
done <"$work/listed"
echo "test-package: purged; none of its $(wc -l <"$work/listed") listed paths is left"
