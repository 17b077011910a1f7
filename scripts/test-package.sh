#!/usr/bin/env bash
# Proves the packages a CI engineer installs instead of building: `make deb`, `make dist` and
# `make install` each give a binary that runs on a machine with only libgit2 and libyaml, with
# shell completions and a man page.
#
#   ./scripts/test-package.sh
#
# - the .deb: its Depends name libgit2 and libyaml by their Debian packages and nothing of Swift;
#   unpacked (dpkg-deb -x), its binary checks the sample landscape exactly as the build tree's
#   binary does. As root, and when no arkitekt package or /usr/bin/arkitekt is there already, it is
#   also installed with dpkg, run as /usr/bin/arkitekt, and removed again;
# - the tarball: its .sha256 verifies, and its binary checks the sample;
# - make install DESTDIR=...: the same tree;
# - every form holds the man page (it renders) and the bash, zsh and fish completions (bash -n).
#
# The release build (make release, the Swift runtime linked in) takes 4 to 5 minutes on 2 cores
# the first time. The last line is `package: N passed, M failed`; the exit code is 0 only when
# every check passed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/arkitekt-package.XXXXXX")
. "$ROOT/scripts/lib/checks.sh"


make deb >"$WORK/build.log" 2>&1 && make dist >>"$WORK/build.log" 2>&1 || {
    tail -30 "$WORK/build.log"
    failed=$((failed + 1))
    report package
}
VERSION=$(sed -n 's/.*current = "\(.*\)".*/\1/p' Sources/ArkitektKit/Version.swift)
DEB=$(ls .build/dist/arkitekt_"$VERSION"_*.deb)
TARBALL=$(ls .build/dist/arkitekt-"$VERSION"-linux-*.tar.gz)
# What the build tree's binary says of the sample: every packaged binary must say the same.
.build/release/arkitekt check samples/landscape --format json --date 2026-06-01 --fail-on never > "$WORK/expected.json"

# The tree of one form of the package, rooted at $1 (the folder holding bin/ and share/).
tree_is_complete() {
    local prefix=$1
    [ -x "$prefix/bin/arkitekt" ] || { echo "no bin/arkitekt"; return 1; }
    "$prefix/bin/arkitekt" check samples/landscape --format json --date 2026-06-01 --fail-on never > "$WORK/got.json" || return 1
    cmp "$WORK/expected.json" "$WORK/got.json" || { echo "the packaged binary checks the sample differently"; return 1; }
    "$prefix/bin/arkitekt" --version | grep -qx "$VERSION" || { echo "--version is not $VERSION"; return 1; }
    bash -n "$prefix/share/bash-completion/completions/arkitekt" || return 1
    grep -q "_arkitekt" "$prefix/share/zsh/site-functions/_arkitekt" || { echo "no zsh completion"; return 1; }
    grep -q "^complete -c 'arkitekt'\|^complete -c arkitekt" "$prefix/share/fish/vendor_completions.d/arkitekt.fish" || { echo "no fish completion"; return 1; }
    # Read whole before grep: `grep -q` leaving early could end the writer with SIGPIPE (pipefail).
    local page
    page=$(zcat "$prefix/share/man/man1/arkitekt.1.gz")
    grep -q '^\.Sh COMMANDS' <<<"$page" || { echo "the man page has no COMMANDS section"; return 1; }
    if command -v man >/dev/null; then
        page=$(MANWIDTH=80 man -l "$prefix/share/man/man1/arkitekt.1.gz" 2>&1)
        grep -q "arkitekt check" <<<"$page" || { echo "the man page does not render"; return 1; }
    fi
}

deb_depends_by_debian_names() {
    local depends
    depends=$(dpkg-deb -f "$DEB" Depends)
    echo "Depends: $depends"
    case "$depends" in *libgit2-*) ;; *) echo "no libgit2"; return 1 ;; esac
    case "$depends" in *libyaml-0-2*) ;; *) echo "no libyaml"; return 1 ;; esac
    case "$depends" in *swift*) echo "a Swift runtime package"; return 1 ;; esac
    # Compared whole, not through `grep -q`: grep leaving early can end dpkg-deb with SIGPIPE,
    # which pipefail reports as a failure now and then.
    [ "$(dpkg-deb -f "$DEB" Version)" = "$VERSION" ] || { echo "Version: $(dpkg-deb -f "$DEB" Version), not $VERSION"; return 1; }
}

deb_unpacked() {
    dpkg-deb -x "$DEB" "$WORK/deb" && tree_is_complete "$WORK/deb/usr"
}

deb_installed() {
    if [ "$(id -u)" -ne 0 ] || dpkg-query -W arkitekt >/dev/null 2>&1 || [ -e /usr/bin/arkitekt ]; then
        echo "not installed system-wide (not root, or an arkitekt is there already): the unpacked package was checked"
        return 0
    fi
    DEBIAN_FRONTEND=noninteractive dpkg -i "$DEB" || return 1
    local status=0
    [ "$(command -v arkitekt)" = /usr/bin/arkitekt ] || { echo "arkitekt is not /usr/bin/arkitekt on PATH"; status=1; }
    /usr/bin/arkitekt check samples/landscape --format json --date 2026-06-01 --fail-on never > "$WORK/installed.json" || status=1
    cmp "$WORK/expected.json" "$WORK/installed.json" || status=1
    dpkg -r arkitekt >/dev/null || status=1
    [ ! -e /usr/bin/arkitekt ] || { echo "/usr/bin/arkitekt is still there after dpkg -r"; status=1; }
    return $status
}

tarball_verifies_and_runs() {
    (cd "$(dirname "$TARBALL")" && sha256sum -c "$(basename "$TARBALL").sha256") || return 1
    mkdir -p "$WORK/tar" && tar -xzf "$TARBALL" -C "$WORK/tar" || return 1
    tree_is_complete "$WORK/tar/$(basename "$TARBALL" .tar.gz)"
}

make_install_with_destdir() {
    make install DESTDIR="$WORK/dest" PREFIX=/opt/arkitekt >/dev/null || return 1
    tree_is_complete "$WORK/dest/opt/arkitekt"
}

check "the .deb's Depends name libgit2 and libyaml by their Debian packages" deb_depends_by_debian_names
check "the .deb, unpacked, runs on the sample with completions and a man page" deb_unpacked
check "the .deb installs with dpkg, runs as /usr/bin/arkitekt and is removed" deb_installed
check "the tarball's SHA-256 verifies and its binary runs on the sample" tarball_verifies_and_runs
check "make install DESTDIR=... PREFIX=... lays out the same tree" make_install_with_destdir
report package
