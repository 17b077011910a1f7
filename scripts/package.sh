#!/usr/bin/env bash
# Packages the release build of arkitekt (make release: the Swift runtime linked in, so it needs
# only libgit2 and libyaml on the machine it runs on).
#
#   scripts/package.sh install PREFIX   the binary, shell completions and the man page under PREFIX
#                                       (bin/, share/...); DESTDIR is honoured by the Makefile
#   scripts/package.sh deb              .build/dist/arkitekt_VERSION_ARCH.deb (dpkg-deb)
#   scripts/package.sh dist             .build/dist/arkitekt-VERSION-linux-ARCH.tar.gz and its .sha256
#
# The Debian package's Depends are worked out from the binary itself: each shared library it
# links (ldd) is mapped to the Debian package that holds it (dpkg -S), with that package's
# version on this machine as the lowest accepted. Nothing is downloaded.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BIN=.build/release/arkitekt
DIST=.build/dist
VERSION=$(sed -n 's/.*current = "\(.*\)".*/\1/p' Sources/ArkitektKit/Version.swift)
ARCH=$(dpkg --print-architecture 2>/dev/null || uname -m)

[ -x "$BIN" ] || { echo "package.sh: $BIN is missing; run 'make release' first" >&2; exit 2; }
[ -n "$VERSION" ] || { echo "package.sh: no version in Sources/ArkitektKit/Version.swift" >&2; exit 2; }

# The tree every form of the package holds: bin/, share/man, share/*completions, share/doc.
stage() {
    local dest=$1
    install -d "$dest/bin" "$dest/share/man/man1" "$dest/share/bash-completion/completions" \
        "$dest/share/zsh/site-functions" "$dest/share/fish/vendor_completions.d" "$dest/share/doc/arkitekt"
    install -m 0755 "$BIN" "$dest/bin/arkitekt"
    "$BIN" --generate-completion-script bash > "$dest/share/bash-completion/completions/arkitekt"
    "$BIN" --generate-completion-script zsh > "$dest/share/zsh/site-functions/_arkitekt"
    "$BIN" --generate-completion-script fish > "$dest/share/fish/vendor_completions.d/arkitekt.fish"
    # The man page is written from the command's own description of itself (the text of --help).
    "$BIN" --experimental-dump-help | python3 scripts/manpage.py "$(git log -1 --format=%cs 2>/dev/null || echo 2026-01-01)" \
        | gzip -9n > "$dest/share/man/man1/arkitekt.1.gz"
    install -m 0644 README.md "$dest/share/doc/arkitekt/README.md"
    for doc in docs/*.md; do install -m 0644 "$doc" "$dest/share/doc/arkitekt/"; done
}

# "libc6 (>= 2.36), libgit2-1.5 (>= 1.5.1), libyaml-0-2 (>= 0.2.5)" for the binary: the libraries it
# names itself (ELF NEEDED, as dpkg-shlibdeps reads them), each found where the loader finds it
# (ldd) and mapped to the Debian package holding it, with that package's upstream version here as
# the lowest accepted.
depends() {
    local resolved
    resolved=$(ldd "$BIN")
    readelf -d "$BIN" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | while read -r soname; do
        # The dynamic loader comes with libc6, which libc.so.6 brings in.
        case "$soname" in ld-linux*) continue ;; esac
        lib=$(printf '%s\n' "$resolved" | awk -v n="$soname" '$1 == n && $3 ~ /^\// { print $3 }')
        [ -n "$lib" ] || { echo "package.sh: the loader does not find $soname" >&2; exit 2; }
        pkg=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || true)
        pkg=${pkg%%:*}
        [ -n "$pkg" ] || { echo "package.sh: no Debian package holds $lib (is the binary linked with --static-swift-stdlib?)" >&2; exit 2; }
        version=$(dpkg-query -W -f='${Version}' "$pkg" | sed -E 's/-[^-]*$//; s/[+.~](ds|dfsg)[0-9]*$//')
        echo "$pkg (>= $version)"
    done | sort -u | paste -sd, - | sed 's/,/, /g'
}

case "${1:-}" in
install)
    prefix=${2:?usage: package.sh install PREFIX}
    stage "$prefix"
    echo "installed arkitekt $VERSION under $prefix"
    ;;
deb)
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    stage "$work/usr"
    install -d "$work/DEBIAN"
    size=$(du -sk "$work/usr" | cut -f1)
    deps=$(depends)
    cat > "$work/DEBIAN/control" <<EOF
Package: arkitekt
Version: $VERSION
Architecture: $ARCH
Maintainer: arkitekt developers <arkitekt@example.invalid>
Installed-Size: $size
Depends: $deps
Section: devel
Priority: optional
Description: architecture-as-code linter for git repositories
 Reads an architecture landscape described in YAML (systems, data, integrations,
 owners, shared solutions, exemptions, transitions) straight from git and checks it
 against the architecture principles of the Norwegian municipal sector (KS) and
 core rules; reports for people, pre-commit hooks and CI (SARIF, JUnit, GitLab).
EOF
    install -d "$DIST"
    out="$DIST/arkitekt_${VERSION}_${ARCH}.deb"
    dpkg-deb --root-owner-group --build "$work" "$out" >/dev/null
    echo "$out"
    ;;
dist)
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    name="arkitekt-$VERSION-linux-$(uname -m)"
    stage "$work/$name"
    install -d "$DIST"
    out="$DIST/$name.tar.gz"
    tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-01-01 00:00Z' -C "$work" -cf - "$name" | gzip -9n > "$out"
    (cd "$DIST" && sha256sum "$name.tar.gz" > "$name.tar.gz.sha256")
    echo "$out"
    ;;
*)
    echo "usage: scripts/package.sh install PREFIX | deb | dist" >&2
    exit 2
    ;;
esac
