#!/usr/bin/env bash
# The benchmark of `arkitekt site` (issue 18): the sample's site, the 10,000-file bench
# landscape's site with its 1,000-commit history, and what one more commit costs.
#
#   bash bench/site.sh           # writes bench/out/site.md
#
# Uses the release binary of bench/run.sh (.build-bench/release/arkitekt; ARKITEKT=PATH for
# another, BENCH_SKIP_BUILD=1 to use the one there) and its 10,000-file landscape
# (bench/out/land-10k, generated with the same parameters when missing). The landscape is
# cloned into a temporary folder: the commit this adds never touches bench/out.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=$ROOT/bench/out
ARKITEKT=${ARKITEKT:-$ROOT/.build-bench/release/arkitekt}
RUNS=${BENCH_RUNS:-3}
export XDG_CACHE_HOME=$OUT/xdg-cache GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.org GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.org
command -v /usr/bin/time >/dev/null || "$ROOT/scripts/install-deps.sh" time
if [ -z "${BENCH_SKIP_BUILD:-}" ] && [ "$ARKITEKT" = "$ROOT/.build-bench/release/arkitekt" ]; then
    (cd "$ROOT" && swift build -c release --static-swift-stdlib --scratch-path .build-bench --product arkitekt >&2)
fi
[ -d "$OUT/land-10k/.git" ] || python3 "$ROOT/bench/generate.py" --files 10000 --commits 1000 --seed 1 "$OUT/land-10k" >&2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Seconds of one run of "$@", and its peak memory in MB (GNU time), as "SECONDS MB".
measure() {
    local start end
    start=$(date +%s.%N)
    /usr/bin/time -f %M -o "$WORK/rss" "$@" > "$WORK/stdout" 2> "$WORK/stderr"
    end=$(date +%s.%N)
    echo "$(awk "BEGIN { printf \"%.2f\", $end - $start }") $(( $(cat "$WORK/rss") / 1024 ))"
}
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

# 1. The sample: its history repository, the site made from nothing each time.
bash "$ROOT/samples/history/build.sh" "$WORK/sample" > /dev/null 2>&1
for _ in $(seq "$RUNS"); do
    rm -rf "$WORK/sample-site"
    measure "$ARKITEKT" -C "$WORK/sample" site -o "$WORK/sample-site" --date 2026-12-31 --no-cache
done > "$WORK/sample.times"
sample=$(cut -d' ' -f1 "$WORK/sample.times" | median)
sample_pages=$(find "$WORK/sample-site" -name '*.html' | wc -l)

# 2. The 10,000-file landscape: cold (no parse cache, no earlier site), then again unchanged.
git clone --quiet "$OUT/land-10k" "$WORK/land"
for _ in $(seq "$RUNS"); do
    rm -rf "$WORK/site"
    measure "$ARKITEKT" -C "$WORK/land" site -o "$WORK/site" --date 2026-12-31 --no-cache
done > "$WORK/cold.times"
cold=$(cut -d' ' -f1 "$WORK/cold.times" | median)
cold_rss=$(cut -d' ' -f2 "$WORK/cold.times" | median)
files=$(find "$WORK/site" -type f -not -name '.arkitekt-site*' | wc -l)
bytes=$(du -sm "$WORK/site" | cut -f1)
cache=$(( $(stat -c %s "$WORK/land/.git/arkitekt/site-diagrams") / 1048576 ))
for _ in $(seq "$RUNS"); do
    measure "$ARKITEKT" -C "$WORK/land" site -o "$WORK/site" --date 2026-12-31
done > "$WORK/same.times"
same=$(cut -d' ' -f1 "$WORK/same.times" | median)
same_line=$(head -1 "$WORK/stdout")

# 3. One more commit: a system's description changes; the site is made again over the old one.
file=$(cd "$WORK/land" && git ls-files 'architecture/*' | grep -v -e integrasjon -e integration | sed -n 400p)
python3 - "$WORK/land/$file" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
# The element's title changes (or it gets a description): a change that breaks no rule.
changed, count = re.subn(r"^(  title: .*)$", r"\1 (endret)", text, count=1, flags=re.M)
if count == 0:
    changed = text.replace("metadata:\n", "metadata:\n  description: Endret i benchmarken.\n", 1)
assert changed != text, path
open(path, "w", encoding="utf-8").write(changed)
PY
git -C "$WORK/land" commit --quiet -am "bench: one more commit"
touch "$WORK/before-commit-run"
sleep 1
result=$(measure "$ARKITEKT" -C "$WORK/land" site -o "$WORK/site" --date 2026-12-31)
again=${result% *}
again_rss=${result#* }
again_line=$(head -1 "$WORK/stdout")
rewritten=$(find "$WORK/site" -type f -newer "$WORK/before-commit-run" -not -name '.arkitekt-site*' | sed "s|$WORK/site/||" | sort)

{
    echo "# arkitekt site: benchmark"
    echo
    echo "Machine: $(nproc) cores, $(uname -srm); $("$ARKITEKT" --version). Medians of $RUNS runs."
    echo
    echo "| what | seconds | peak RSS (MB) |"
    echo "|---|---|---|"
    echo "| the sample's site ($sample_pages pages, 16 commits), from nothing | $sample | $(cut -d' ' -f2 "$WORK/sample.times" | median) |"
    echo "| the 10,000-file landscape's site with its 1,000-commit history, from nothing (--no-cache) | $cold | $cold_rss |"
    echo "| the same again, nothing changed | $same | $(cut -d' ' -f2 "$WORK/same.times" | median) |"
    echo "| after one more commit (one system's title) | $again | $again_rss |"
    echo
    echo "The site: $files files, $bytes MB; the diagram cache under the git directory (.git/arkitekt/site-diagrams): $cache MB."
    echo
    echo "Nothing changed: \`$same_line\`"
    echo
    echo "After the commit (changed $file): \`$again_line\`"
    echo
    echo "Files rewritten after the commit:"
    echo
    echo "$rewritten" | sed 's/^/- `/; s/$/`/'
} > "$OUT/site.md"
cat "$OUT/site.md"
