#!/usr/bin/env bash
# The sector at once (issue 22): `arkitekt portfolio` over 356 municipalities' landscapes of about
# 100,000 elements together, each its own git repository importing the shared catalog. Generates
# the portfolio the first time (bench/portfolio.py, about half a minute) and keeps it.
#
#   bash bench/portfolio.sh              # 5 runs per measurement
#   BENCH_RUNS=10 bash bench/portfolio.sh
#
# Three measurements, each first once under /usr/bin/time (peak memory), then with hyperfine:
#   cold     the cache folder removed before each run: every landscape checked, every summary written;
#   again    nothing changed since the last run: every summary read back;
#   one      one municipality committed a change since the last run: that landscape alone is
#            read again (the run says so with -v, which is checked here).
# Writes bench/out/portfolio/ and the table bench/out/portfolio.md. Uses the release binary of
# bench/run.sh (.build-bench), building it when it is not there.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/out
ARKITEKT=${ARKITEKT:-$ROOT/.build-bench/release/arkitekt}
RUNS=${BENCH_RUNS:-5}
PORTFOLIO=$OUT/portfolio-356
RESULTS=$OUT/portfolio
command -v hyperfine > /dev/null || { echo "portfolio.sh: hyperfine is missing (apt-get install hyperfine, or run bench/run.sh)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "portfolio.sh: GNU time is missing (apt-get install time)" >&2; exit 2; }
if [ ! -x "$ARKITEKT" ]; then
    (cd "$ROOT" && swift build -c release --static-swift-stdlib --scratch-path .build-bench --product arkitekt)
fi
if [ ! -f "$PORTFOLIO/portfolio.yaml" ]; then
    rm -rf "$PORTFOLIO"
    python3 "$BENCH/portfolio.py" --landscapes 356 --elements 100000 --seed 1 "$PORTFOLIO"
fi
export XDG_CACHE_HOME=$RESULTS/xdg-cache
mkdir -p "$RESULTS"
run=("$ARKITEKT" portfolio "$PORTFOLIO/portfolio.yaml" --date 2026-12-31 --format json)
cmd=$(printf '%q ' "${run[@]}")
clear="rm -rf $(printf '%q' "$XDG_CACHE_HOME")"
# One municipality (the largest) changes one value and commits: a new commit before every run.
changed=$PORTFOLIO/kommune-041
change="cd $(printf '%q' "$changed") && f=\$(git ls-files architecture/systemer | head -n 1) && if grep -q 'availability: high' \"\$f\"; then sed -i 's/availability: high/availability: low/' \"\$f\"; else sed -i 's/availability: [a-z]*/availability: high/' \"\$f\"; fi && git commit -qam bench"

cat /proc/loadavg > "$RESULTS/loadavg.start"
bash -c "$clear"
/usr/bin/time -f '%e %U %S %M' -o "$RESULTS/cold.time" "${run[@]}" > "$RESULTS/cold.out"
hyperfine --style basic --warmup 0 --runs "$RUNS" --prepare "$clear" --export-json "$RESULTS/cold.json" --command-name cold "$cmd"
"${run[@]}" > /dev/null
/usr/bin/time -f '%e %U %S %M' -o "$RESULTS/again.time" "${run[@]}" > "$RESULTS/again.out"
cmp "$RESULTS/cold.out" "$RESULTS/again.out" || { echo "portfolio.sh: the second run's output differs from the first's" >&2; exit 1; }
hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$RESULTS/again.json" --command-name again "$cmd"
bash -c "$change"
/usr/bin/time -f '%e %U %S %M' -o "$RESULTS/one.time" "${run[@]}" -v > "$RESULTS/one.out" 2> "$RESULTS/one.err"
grep -q ' 1 landskap lest, 355 uendret' "$RESULTS/one.err" || { echo "portfolio.sh: expected one landscape read again:" >&2; cat "$RESULTS/one.err" >&2; exit 1; }
hyperfine --style basic --warmup 0 --runs "$RUNS" --prepare "$change" --export-json "$RESULTS/one.json" --command-name one "$cmd"
cat /proc/loadavg > "$RESULTS/loadavg.end"

python3 - "$RESULTS" "$OUT/portfolio.md" "$PORTFOLIO" <<'EOF'
import json, os, statistics, sys
results, out, portfolio = sys.argv[1], sys.argv[2], sys.argv[3]
def median(what):
    with open(os.path.join(results, what + ".json")) as f:
        return statistics.median(json.load(f)["results"][0]["times"])
def rss(what):
    with open(os.path.join(results, what + ".time")) as f:
        return int(f.read().split()[-1]) / 1024
with open(os.path.join(results, "cold.out")) as f:
    report = json.load(f)
totals = report["totals"]
lines = [f"{totals['landscapes']} landscapes, {totals['elements']} elements of their own, and the catalog each imports", "",
         "| run | median (s) | peak RSS (MB) | target |", "|---|---|---|---|",
         f"| cold (no cache) | {median('cold'):.2f} | {rss('cold'):.0f} | <= 20 s, <= 2048 MB |",
         f"| again, nothing changed | {median('again'):.2f} | {rss('again'):.0f} | |",
         f"| one municipality changed | {median('one'):.2f} | {rss('one'):.0f} | <= 2 s |"]
with open(out, "w") as f:
    f.write("\n".join(lines) + "\n")
print("\n".join(lines))
EOF
