#!/usr/bin/env bash
# Where arkitekt spends its time: one arkitekt command on a generated landscape under valgrind's
# callgrind, and the top functions, inclusive and self, with Swift names demangled. Run
# bench/run.sh (or --quick) first so that the binary and the landscape exist.
#
#   bash bench/profile.sh [LAND [TOP [MODE]]]     (defaults: 1k, 25, cold)
#
# LAND: 1k or 10k (the tidy shape, bench/out/land-LAND), or adoption-1k, adoption-10k (the
# adoption shape, bench/out/adoption-SIZE).
#
# MODE: cold       `check --rev HEAD` with no parse cache (what run.sh calls "cold");
#       staged     `check --staged` with one file changed and staged after a first run, as in
#                  run.sh (the change is undone afterwards with `git reset --hard`);
#       changelog  `changelog` over the whole history, with no parse cache.
#
# Writes bench/out/profile-LAND (cold) or profile-LAND-MODE/{callgrind.out,inclusive.txt,self.txt}.
# Instructions, not time:
# callgrind runs the threads one after the other and counts what the CPU executes, so the numbers
# do not depend on the load of the machine (but I/O and waiting do not show).
set -euo pipefail
land=${1:-1k}
top=${2:-25}
mode=${3:-cold}
case $mode in
    cold|staged|changelog) ;;
    *) echo "profile.sh: MODE is cold, staged or changelog, not '$mode'" >&2; exit 2 ;;
esac
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/bench/out
ARKITEKT=${ARKITEKT:-$ROOT/.build-bench/release/arkitekt}
case $land in
    adoption-*) repo=$OUT/$land ;;
    *) repo=$OUT/land-$land ;;
esac
dir=$OUT/profile-$land
[ "$mode" = cold ] || dir=$dir-$mode
[ -d "$repo/.git" ] || { echo "profile.sh: no landscape at $repo; run bench/run.sh first" >&2; exit 1; }
command -v valgrind >/dev/null || bash "$ROOT/scripts/install-deps.sh" valgrind
mkdir -p "$dir"
export XDG_CACHE_HOME=$OUT/xdg-cache
bash "$ROOT/bench/lib/reset-state.sh" "$repo"
case $mode in
    cold) args=(check --rev HEAD --date 2026-12-31 --fail-on never --format json) ;;
    changelog) args=(changelog --format json) ;;
    staged)
        meta=$repo.meta.json
        staged_file=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["staged_file"])' "$meta")
        trap 'git -C "$repo" reset -q --hard HEAD' EXIT
        # A first run fills the parse cache; then one file gets a value it never had, and is staged.
        "$ARKITEKT" -C "$repo" check --staged --date 2026-12-31 --fail-on never --format json > /dev/null
        bash "$ROOT/bench/lib/touch-staged.sh" "$repo" "$staged_file"
        args=(check --staged --date 2026-12-31 --fail-on never --format json) ;;
esac
valgrind --tool=callgrind ${CALLGRIND_OPTS:-} --callgrind-out-file="$dir/callgrind.out" \
    "$ARKITEKT" -C "$repo" "${args[@]}" > /dev/null 2> "$dir/valgrind.log"
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
