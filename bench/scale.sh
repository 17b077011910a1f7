#!/usr/bin/env bash
# The scale curve (issue 21): the cold check and the floor at 1,000, 10,000 and 100,000 files, in
# both landscape shapes, measured in one run. Run bench/run.sh first (it builds the binary and the
# floor and makes the 1k and 10k landscapes); this script generates the 100k landscapes the first
# time (python, one core: one to two minutes each) and keeps them.
#
#   bash bench/scale.sh              # 3 runs per measurement
#   BENCH_RUNS=5 bash bench/scale.sh
#
# Per landscape: the floor (bench/floor.c), and arkitekt's cold `check --rev HEAD` (parse cache and
# every other file arkitekt keeps removed before each run, judged on 2026-12-31 as in run.sh),
# each first once under /usr/bin/time for the peak memory, then with hyperfine. With CALLGRIND=1,
# the instructions of one cold check and of the floor too (valgrind; slow at 100k). Writes
# bench/out/scale/<landscape>/ and the table bench/out/scale.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/out
ARKITEKT=${ARKITEKT:-$ROOT/.build-bench/release/arkitekt}
RUNS=${BENCH_RUNS:-3}
RESULTS=$OUT/scale
[ -x "$ARKITEKT" ] || { echo "scale.sh: no binary at $ARKITEKT; run bench/run.sh first" >&2; exit 2; }
[ -x "$OUT/floor" ] || { echo "scale.sh: no floor at $OUT/floor; run bench/run.sh first" >&2; exit 2; }
command -v hyperfine > /dev/null || { echo "scale.sh: hyperfine is missing; run bench/run.sh first" >&2; exit 2; }
export XDG_CACHE_HOME=$OUT/xdg-cache
mkdir -p "$RESULTS"

landdir() {  # SHAPE SIZE
    if [ "$1" = tidy ]; then echo "$OUT/land-$2"; else echo "$OUT/$1-$2"; fi
}

for shape in tidy adoption; do
    dir=$(landdir "$shape" 100k)
    if [ ! -d "$dir/.git" ]; then
        echo "scale.sh: generating $dir (100,000 files, 1,000 commits)"
        rm -rf "$dir" "$dir.meta.json" "$dir.git-manifest"
        shape_args=()
        [ "$shape" = tidy ] || shape_args=(--shape "$shape")
        python3 "$BENCH/generate.py" --files 100000 --commits 1000 --seed 1 ${shape_args[@]+"${shape_args[@]}"} "$dir"
        ls -A "$dir/.git" > "$dir.git-manifest"
    fi
done

cat /proc/loadavg > "$RESULTS/loadavg.start"
for shape in tidy adoption; do
    for size in 1k 10k 100k; do
        repo=$(landdir "$shape" "$size")
        [ -d "$repo/.git" ] || { echo "scale.sh: no landscape at $repo; run bench/run.sh first" >&2; exit 2; }
        name=$shape-$size
        dir=$RESULTS/$name
        mkdir -p "$dir"
        reset="bash $(printf '%q' "$BENCH/lib/reset-state.sh") $(printf '%q' "$repo")"
        git -C "$repo" reset -q --hard HEAD
        bash "$BENCH/lib/reset-state.sh" "$repo"
        for what in floor cold; do
            if [ "$what" = floor ]; then
                cmd=("$OUT/floor" "$repo")
            else
                cmd=("$ARKITEKT" -C "$repo" check --rev HEAD --date 2026-12-31 --fail-on never --format json)
            fi
            bash -c "$reset"
            /usr/bin/time -f '%e %U %S %M' -o "$dir/$what.time" "${cmd[@]}" > "$dir/$what.out" 2> "$dir/$what.err" || true
            hyperfine --style basic -i --warmup 0 --runs "$RUNS" --prepare "$reset" \
                --export-json "$dir/$what.json" --command-name "$name $what" "$(printf '%q ' "${cmd[@]}")"
            if [ "${CALLGRIND:-0}" = 1 ]; then
                bash -c "$reset"
                valgrind --tool=callgrind --callgrind-out-file=/dev/null "${cmd[@]}" > /dev/null 2> "$dir/$what.callgrind" || true
            fi
        done
        bash "$BENCH/lib/reset-state.sh" "$repo"
    done
done
cat /proc/loadavg > "$RESULTS/loadavg.end"

python3 - "$RESULTS" "$OUT/scale.md" <<'EOF'
import json, os, re, statistics, sys
results, out = sys.argv[1], sys.argv[2]
def median(name, what):
    with open(os.path.join(results, name, what + ".json")) as f:
        return statistics.median(json.load(f)["results"][0]["times"])
def rss(name, what):
    with open(os.path.join(results, name, what + ".time")) as f:
        return int(f.read().split()[-1]) / 1024
def instructions(name, what):
    path = os.path.join(results, name, what + ".callgrind")
    if not os.path.exists(path):
        return None
    m = re.search(r"Collected : (\d+)", open(path).read())
    return int(m.group(1)) if m else None
lines = ["| landscape | floor (s) | cold check (s) | cold / floor | cold / cold at 10k | peak RSS (MB) | instructions (cold / floor) |",
         "|---|---:|---:|---:|---:|---:|---|"]
for shape in ["tidy", "adoption"]:
    ten = median(f"{shape}-10k", "cold")
    for size in ["1k", "10k", "100k"]:
        name = f"{shape}-{size}"
        floor, cold = median(name, "floor"), median(name, "cold")
        ci, fi = instructions(name, "cold"), instructions(name, "floor")
        counts = f"{ci / 1e9:.2f} G / {fi / 1e9:.2f} G" if ci and fi else ""
        lines.append(f"| {name} | {floor:.3f} | {cold:.3f} | {cold / floor:.2f}x | {cold / ten:.2f}x | {rss(name, 'cold'):.0f} | {counts} |")
start = open(os.path.join(results, "loadavg.start")).read().split()[:3]
end = open(os.path.join(results, "loadavg.end")).read().split()[:3]
text = "\n".join(lines) + f"\n\nMedians of hyperfine runs; load average {' '.join(start)} at the start, {' '.join(end)} at the end.\n"
open(out, "w").write(text)
print(text)
EOF
