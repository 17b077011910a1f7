#!/usr/bin/env bash
# Changes one file of REPO and stages it, so that `arkitekt check --staged` sees exactly one
# blob it has never seen before: the `vendor:` line of FILE (a System) gets a fresh number at
# its end. Used as hyperfine's --prepare, so every timed run has one new file, as a pre-commit
# hook would.
#
#   bash bench/lib/touch-staged.sh REPO FILE
set -euo pipefail
repo=${1:?usage: touch-staged.sh REPO FILE}
file=${2:?usage: touch-staged.sh REPO FILE}
nonce=$(date +%s%N)
grep -q '^  vendor: ' "$repo/$file" || { echo "touch-staged.sh: no vendor line in $file" >&2; exit 2; }
sed -i -E "s/^(  vendor: .*[^0-9 ])( [0-9]+)?\$/\\1 $nonce/" "$repo/$file"
git -C "$repo" add -- "$file"
