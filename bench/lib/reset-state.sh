#!/usr/bin/env bash
# Makes the next arkitekt run on REPO a cold one: removes whatever arkitekt (or anything else)
# added to REPO/.git since the repository was generated, that is every top-level entry of .git
# not listed in REPO.git-manifest (written by bench/run.sh right after generation; the parse
# cache lives in .git/arkitekt/), and $XDG_CACHE_HOME/arkitekt should a cache ever move there.
# Git's own files (objects, refs, index, ...) are in the manifest and are left alone.
#
#   bash bench/lib/reset-state.sh REPO
set -euo pipefail
repo=${1:?usage: reset-state.sh REPO}
manifest=$repo.git-manifest
[ -f "$manifest" ] || { echo "reset-state.sh: no manifest $manifest" >&2; exit 2; }
shopt -s nullglob dotglob
for entry in "$repo"/.git/*; do
    grep -qxF -- "$(basename "$entry")" "$manifest" || rm -rf -- "$entry"
done
if [ -n "${XDG_CACHE_HOME:-}" ]; then
    rm -rf -- "$XDG_CACHE_HOME/arkitekt"
fi
