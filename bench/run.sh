#!/usr/bin/env bash
# The arkitekt benchmark kit (issue 6): builds what it needs, generates the synthetic
# landscapes, measures the floor, the peers and arkitekt in one run on the same data, and
# writes bench/out/results.md.
#
#   bash bench/run.sh            # the full run: 1,000- and 10,000-file landscapes
#   bash bench/run.sh --quick    # a smoke test: the 1,000-file landscape, fewer runs
#
# What it does, in order (every phase is timed, see bench/out/results/phases.tsv):
#   1. installs hyperfine, GNU time, libgit2-dev, libyaml-dev, pkg-config when missing (apt);
#   2. builds arkitekt (swift build -c release --static-swift-stdlib --scratch-path .build-bench
#      --product arkitekt: the Swift runtime and Foundation linked in, as `make release` does,
#      which saves the dynamic loader about 5 ms per run), the floor (bench/floor.c) and the
#      peers' venv (bench/.venv, from bench/requirements.txt);
#   3. generates the landscapes with bench/generate.py into bench/out/land-1k and land-10k
#      (kept between runs; regenerated when generate.py or the parameters change), and in the
#      adoption shape into bench/out/adoption-1k and adoption-10k (see BENCH_SHAPES);
#   4. per landscape: floor, PyYAML peer, check-jsonschema peer, `git log --raw` (reference),
#      arkitekt cold `check --rev HEAD`, `changelog`, and `check --staged` with one staged change;
#      each first once under /usr/bin/time (peak memory, and a pilot), then with hyperfine;
#   5. bench/report.py: medians, ratios against the targets, machine, command -> results.md.
#
# Environment:
#   ARKITEKT=PATH        measure this binary instead of building .build-bench/release/arkitekt
#   BENCH_SKIP_BUILD=1   do not run swift build (use the binary that is there)
#   BENCH_SLOW_LIMIT=S   a command whose pilot run takes longer than S seconds (default 300) is
#                        not repeated: its pilot is its only sample (the report says so)
#   BENCH_RUNS=N         runs per fast measurement (default 5; --quick: 3)
#   BENCH_SEED, BENCH_COMMITS   generator seed (default 1) and history length (default 1000)
#   BENCH_SHAPES="tidy adoption"  the landscape shapes to generate and measure at every size
#                        (generate.py --shape): tidy in bench/out/land-SIZE (results in
#                        results/SIZE), adoption in bench/out/adoption-SIZE (results in
#                        results/adoption-SIZE, with verify-planted.txt: the planted findings
#                        against what the binary reports)
set -euo pipefail

usage() { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
QUICK=0
for arg in "$@"; do
    case $arg in
        --quick) QUICK=1 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
OUT=$BENCH/out
VENV=$BENCH/.venv
RESULTS=$OUT/results
ARKITEKT_GIVEN=${ARKITEKT:+1}
ARKITEKT=${ARKITEKT:-$ROOT/.build-bench/release/arkitekt}
SEED=${BENCH_SEED:-1}
COMMITS=${BENCH_COMMITS:-1000}
SLOW_LIMIT=${BENCH_SLOW_LIMIT:-300}
read -r -a SHAPES <<< "${BENCH_SHAPES:-tidy adoption}"
[ ${#SHAPES[@]} -gt 0 ] || { echo "run.sh: BENCH_SHAPES names no shape" >&2; exit 2; }
for shape in "${SHAPES[@]}"; do
    case $shape in
        tidy|adoption) ;;
        *) echo "run.sh: unknown shape '$shape' in BENCH_SHAPES (tidy, adoption)" >&2; exit 2 ;;
    esac
done
# label SHAPE SIZE: the name of a landscape in bench/out and in the results (tidy keeps its old names)
label() { if [ "$1" = tidy ]; then echo "$2"; else echo "$1-$2"; fi; }
landdir() { if [ "$1" = tidy ]; then echo "$OUT/land-$2"; else echo "$OUT/$1-$2"; fi; }
if [ $QUICK = 1 ]; then
    LANDS=("1k:1000"); RUNS=${BENCH_RUNS:-3}; SLOW_RUNS=1; HISTORY_RUNS=1
else
    LANDS=("1k:1000" "10k:10000"); RUNS=${BENCH_RUNS:-5}; SLOW_RUNS=2; HISTORY_RUNS=3
fi

export XDG_CACHE_HOME=$OUT/xdg-cache
export PYTHONUTF8=1
export GIT_CONFIG_NOSYSTEM=1
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE ARKITEKT_NO_CACHE || true

mkdir -p "$OUT"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
PHASES=$RESULTS/phases.tsv
: > "$PHASES"
RUN_T0=$(date +%s.%N)
printf '%s\n' "bash bench/run.sh${*:+ $*}" > "$RESULTS/command.txt"
cat /proc/loadavg > "$RESULTS/loadavg.start"
date -u +%Y-%m-%dT%H:%M:%SZ > "$RESULTS/started.txt"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
phase() { PHASE=$1; PHASE_T0=$(now); echo; echo "=== $PHASE"; }
phase_done() { local s; s=$(elapsed "$PHASE_T0" "$(now)"); printf '%s\t%s\n' "$PHASE" "$s" >> "$PHASES"; echo "=== $PHASE: ${s} s"; }

# --- 1. tools ------------------------------------------------------------------------------
phase "tools"
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/time ] || need+=(time)
pkg-config --exists libgit2 yaml-0.1 2>/dev/null || need+=(pkg-config libgit2-dev libyaml-dev)
command -v cc >/dev/null || need+=(gcc)
command -v git >/dev/null || need+=(git)
if [ ${#need[@]} -gt 0 ]; then bash "$ROOT/scripts/install-deps.sh" "${need[@]}"; fi
python3 -c 'import venv' 2>/dev/null || bash "$ROOT/scripts/install-deps.sh" python3-venv
phase_done

# --- 2. builds -----------------------------------------------------------------------------
phase "build arkitekt (release)"
if [ -z "$ARKITEKT_GIVEN" ] && [ -z "${BENCH_SKIP_BUILD:-}" ]; then
    (cd "$ROOT" && swift build -c release --static-swift-stdlib --scratch-path .build-bench --product arkitekt)
fi
[ -x "$ARKITEKT" ] || { echo "run.sh: no arkitekt binary at $ARKITEKT" >&2; exit 1; }
phase_done

phase "build floor"
# shellcheck disable=SC2046
cc -O2 -o "$OUT/floor" "$BENCH/floor.c" $(pkg-config --cflags --libs libgit2 yaml-0.1)
phase_done

phase "peers venv"
stamp=$(sha256sum "$BENCH/requirements.txt" | cut -c1-16)
if [ ! -x "$VENV/bin/python" ] || [ "$(cat "$VENV/.bench-stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --disable-pip-version-check -r "$BENCH/requirements.txt"
    echo "$stamp" > "$VENV/.bench-stamp"
fi
"$VENV/bin/python" -c 'import yaml, sys; sys.exit(0 if yaml.__with_libyaml__ else "PyYAML without libyaml")'
phase_done

{
    echo "arkitekt_commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    echo "arkitekt_dirty_files $(git -C "$ROOT" status --porcelain -- Sources Package.swift rules 2>/dev/null | wc -l)"
    echo "arkitekt_binary $ARKITEKT"
    echo "swift $(swift --version 2>/dev/null | head -1 || echo unknown)"
    echo "libgit2 $(pkg-config --modversion libgit2)"
    echo "libyaml $(pkg-config --modversion yaml-0.1)"
    echo "cc $(cc --version | head -1)"
    echo "git $(git --version)"
    echo "hyperfine $(hyperfine --version)"
    echo "python $("$VENV/bin/python" --version 2>&1)"
    echo "peers $("$VENV/bin/pip" freeze --disable-pip-version-check | grep -iE '^(check-jsonschema|pyyaml|jsonschema|ruamel.yaml)=' | tr '\n' ' ')"
} > "$RESULTS/versions.txt"

# --- 3. landscapes -------------------------------------------------------------------------
generate() {
    local shape=$1 name=$2 files=$3 dir key shape_args=()
    dir=$(landdir "$shape" "$name")
    key="$(sha256sum "$BENCH/generate.py" | cut -c1-16) files=$files seed=$SEED commits=$COMMITS"
    if [ "$shape" != tidy ]; then key="$key shape=$shape"; shape_args=(--shape "$shape"); fi
    phase "generate $(label "$shape" "$name")"
    if [ ! -d "$dir/.git" ] || [ "$(cat "$dir.stamp" 2>/dev/null)" != "$key" ]; then
        rm -rf "$dir" "$dir.meta.json" "$dir.git-manifest" "$dir.stamp"
        python3 "$BENCH/generate.py" --files "$files" --commits "$COMMITS" --seed "$SEED" ${shape_args[@]+"${shape_args[@]}"} "$dir"
        ls -A "$dir/.git" > "$dir.git-manifest"
        echo "$key" > "$dir.stamp"
    else
        echo "(cached: $dir)"
    fi
    phase_done
}
for land in "${LANDS[@]}"; do
    for shape in "${SHAPES[@]}"; do generate "$shape" "${land%%:*}" "${land#*:}"; done
done

# --- 4. measurements -----------------------------------------------------------------------
# measure LAND NAME RUNS WARMUP PREPARE COMMAND...
#   PREPARE (a shell command or "") runs before the pilot and before every hyperfine run.
#   The pilot runs once under /usr/bin/time: peak memory (%M), and if it takes longer than
#   BENCH_SLOW_LIMIT seconds (or RUNS < 2) it is the only sample.
measure() {
    local land=$1 name=$2 runs=$3 warmup=$4 prepare=$5
    shift 5
    local dir=$RESULTS/$land cmd wall rc=0
    mkdir -p "$dir"
    cmd=$(printf '%q ' "$@")
    cmd=${cmd% }
    phase "measure $land $name"
    printf '%s\n' "$cmd" > "$dir/$name.cmd"
    [ -z "$prepare" ] || bash -c "$prepare"
    /usr/bin/time -f '%e %U %S %M' -o "$dir/$name.time" "$@" > "$dir/$name.out" 2> "$dir/$name.err" || rc=$?
    echo "$rc" > "$dir/$name.exit"
    wall=$(tail -n 1 "$dir/$name.time" | cut -d' ' -f1)
    echo "pilot: ${wall} s, exit $rc, peak RSS $(tail -n 1 "$dir/$name.time" | cut -d' ' -f4) KB"
    if [ "$runs" -lt 2 ] || awk -v w="$wall" -v l="$SLOW_LIMIT" 'BEGIN { exit !(w > l) }'; then
        echo "single run (pilot only)"
        touch "$dir/$name.single"
    else
        local args=(--style basic -i --warmup "$warmup" --runs "$runs" --export-json "$dir/$name.json" --command-name "$name")
        [ -z "$prepare" ] || args+=(--prepare "$prepare")
        hyperfine "${args[@]}" "$cmd"
    fi
    phase_done
}

q() { printf '%q' "$1"; }
for land_shape in $(for land in "${LANDS[@]}"; do for shape in "${SHAPES[@]}"; do echo "${land%%:*}:$shape"; done; done); do
    shape=${land_shape#*:}
    name=$(label "$shape" "${land_shape%%:*}")
    repo=$(landdir "$shape" "${land_shape%%:*}")
    meta=$repo.meta.json
    staged_file=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["staged_file"])' "$meta")
    reset="bash $(q "$BENCH/lib/reset-state.sh") $(q "$repo")"
    touch_staged="bash $(q "$BENCH/lib/touch-staged.sh") $(q "$repo") $(q "$staged_file")"
    git -C "$repo" reset -q --hard HEAD
    bash "$BENCH/lib/reset-state.sh" "$repo"
    if [ "$shape" = tidy ]; then
        cp "$meta" "$RESULTS/land-$name.meta.json"
    else
        cp "$meta" "$RESULTS/$name.meta.json"
        # the planted findings against what this binary reports (not timed; does not stop the run)
        mkdir -p "$RESULTS/$name"
        ARKITEKT=$ARKITEKT python3 "$BENCH/verify-planted.py" --date 2026-12-31 "$repo" > "$RESULTS/$name/verify-planted.txt" 2>&1 \
            || echo "run.sh: $name: the planted findings differ from what arkitekt reports, see $RESULTS/$name/verify-planted.txt" >&2
        bash "$BENCH/lib/reset-state.sh" "$repo"
    fi

    measure "$name" floor "$RUNS" 1 "" "$OUT/floor" "$repo"
    measure "$name" peer-pyyaml "$RUNS" 1 "" "$VENV/bin/python" "$BENCH/peer_pyyaml.py" "$repo"
    measure "$name" peer-check-jsonschema "$SLOW_RUNS" 0 "" \
        bash "$BENCH/lib/peer-check-jsonschema.sh" "$VENV" "$repo" "$BENCH/peer-schema.json"
    measure "$name" git-log-raw "$RUNS" 1 "" git -C "$repo" log --raw --no-abbrev --first-parent HEAD
    measure "$name" arkitekt-cold "$RUNS" 1 "$reset" \
        "$ARKITEKT" -C "$repo" check --rev HEAD --date 2026-12-31 --fail-on never --format json
    measure "$name" arkitekt-changelog "$HISTORY_RUNS" 0 "$reset" \
        "$ARKITEKT" -C "$repo" changelog --format json
    # --staged: one run first (so that a cache, if arkitekt keeps one, holds the landscape), then
    # every measured run sees one newly staged file (touch-staged.sh as the prepare step).
    bash "$BENCH/lib/reset-state.sh" "$repo"
    bash "$BENCH/lib/touch-staged.sh" "$repo" "$staged_file"
    "$ARKITEKT" -C "$repo" check --staged --date 2026-12-31 --fail-on never --format json > /dev/null
    measure "$name" arkitekt-staged "$RUNS" 1 "$touch_staged" \
        "$ARKITEKT" -C "$repo" check --staged --date 2026-12-31 --fail-on never --format json
    git -C "$repo" reset -q --hard HEAD
    bash "$BENCH/lib/reset-state.sh" "$repo"
done

# --- 5. report -----------------------------------------------------------------------------
cat /proc/loadavg > "$RESULTS/loadavg.end"
printf '%s\t%s\n' "total" "$(elapsed "$RUN_T0" "$(now)")" >> "$PHASES"
python3 "$BENCH/report.py" "$RESULTS" "$OUT/results.md"
echo
echo "run.sh: done in $(elapsed "$RUN_T0" "$(now)") s; report: $OUT/results.md"
