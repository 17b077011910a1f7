#!/usr/bin/env bash
# Where arkitekt spends its time: a cold `arkitekt check --rev HEAD` on a generated landscape
# under valgrind's callgrind, and the top functions, inclusive and self, with Swift names
# demangled. Run bench/run.sh (or --quick) first so that the binary and the landscape exist.
#
#   bash bench/profile.sh [LAND [TOP]]     (defaults: 1k, 25)
#
# Writes bench/out/profile-LAND/{callgrind.out,inclusive.txt,self.txt}. Instructions, not time:
# callgrind runs the threads one after the other and counts what the CPU executes, so the numbers
# do not depend on the load of the machine (but I/O and waiting do not show).
set -euo pipefail
land=${1:-1k}
top=${2:-25}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/bench/out
ARKITEKT=${ARKITEKT:-$ROOT/.build-bench/release/arkitekt}
repo=$OUT/land-$land
dir=$OUT/profile-$land
[ -d "$repo/.git" ] || { echo "profile.sh: no landscape at $repo; run bench/run.sh first" >&2; exit 1; }
command -v valgrind >/dev/null || bash "$ROOT/scripts/install-deps.sh" valgrind
mkdir -p "$dir"
export XDG_CACHE_HOME=$OUT/xdg-cache
bash "$ROOT/bench/lib/reset-state.sh" "$repo"
valgrind --tool=callgrind --callgrind-out-file="$dir/callgrind.out" \
    "$ARKITEKT" -C "$repo" check --rev HEAD --fail-on never --format json > /dev/null 2> "$dir/valgrind.log"
bash "$ROOT/bench/lib/reset-state.sh" "$repo"
demangle() { if command -v swift >/dev/null; then swift demangle --simplified; else cat; fi; }
callgrind_annotate --inclusive=yes --threshold=100 "$dir/callgrind.out" 2>/dev/null | demangle > "$dir/inclusive.txt"
callgrind_annotate --inclusive=no --threshold=100 "$dir/callgrind.out" 2>/dev/null | demangle > "$dir/self.txt"
for kind in inclusive self; do
    echo "== top $top by $kind instructions ($dir/$kind.txt)"
    # the totals line, then the top rows (callgrind_annotate sorts them already)
    grep -E '^ *[0-9,]+ \(' "$dir/$kind.txt" | awk '!seen[$0]++' | head -n $((top + 1))
    echo
done
