#!/usr/bin/env bash
# Builds the libFuzzer target fuzz/LoaderFuzz and runs it.
#
#   scripts/fuzz.sh [SECONDS]          build, seed the corpus, fuzz for SECONDS (default 600)
#   scripts/fuzz.sh --build-only       build .build-fuzz/LoaderFuzz and stop
#   .build-fuzz/LoaderFuzz FILE...     replay inputs (e.g. a crash) without fuzzing
#
# The package is not built with SwiftPM here: `swift build -Xswiftc -sanitize=fuzzer` would also
# instrument and link the `arkitekt` executable, whose `main` collides with libFuzzer's. Instead the
# three modules the target needs (ArkitektModel, ArkitektLoading, ArkitektRules) are compiled one by
# one with swiftc, every one with -sanitize=fuzzer,address (coverage + AddressSanitizer), and linked
# with the entry point and the system libyaml. libyaml itself is not instrumented: coverage guides
# through arkitekt's code, ASan checks every access arkitekt makes.
#
# The run goes on after a crash or a timeout (libFuzzer's fork mode with -ignore_crashes and
# -ignore_timeouts), so that one run collects every bug it can reach; each one lands in fuzz/crashes/.
# Replay one with `.build-fuzz/LoaderFuzz fuzz/crashes/crash-...` for its stack trace.
#
# Environment: FUZZ_OPT (default -O), FUZZ_JOBS (parallel fuzzing processes, default 1),
# ARKITEKT_SHARED (the shared/ directory, default ../shared beside the repository).
set -euo pipefail

# Everything in a function, run from one line at the end: editing this file during a run cannot
# derail it (bash reads scripts as it goes).
main() {
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    cd "$root"
    out="$root/.build-fuzz"
    crashes="$root/fuzz/crashes"
    shared="${ARKITEKT_SHARED:-$root/../shared}"
    suite="$shared/corpora/yaml-test-suite"
    opt="${FUZZ_OPT:--O}"
    jobs="${FUZZ_JOBS:-1}"

    build_only=0
    seconds=600
    case "${1:-}" in
        --build-only) build_only=1 ;;
        "") ;;
        *[!0-9]*) echo "usage: scripts/fuzz.sh [SECONDS | --build-only]" >&2; exit 2 ;;
        *) seconds="$1" ;;
    esac

    mkdir -p "$out/modules" "$crashes"
    flags=(-sanitize=fuzzer,address -parse-as-library -g "$opt" -I "$root/Sources/CYaml" -I "$out/modules")

    # module name, sources...
    build_module() {
        local name="$1"; shift
        echo "== swiftc $name"
        swiftc "${flags[@]}" -module-name "$name" -wmo -c "$@" \
            -emit-module -emit-module-path "$out/modules/$name.swiftmodule" \
            -o "$out/modules/$name.o"
}

sources=(Sources/ArkitektModel Sources/ArkitektLoading Sources/ArkitektRules fuzz/LoaderFuzz scripts/fuzz.sh)
if [ -x "$out/LoaderFuzz" ] && [ -z "$(find "${sources[@]}" -newer "$out/LoaderFuzz" | head -1)" ]; then
    echo "$out/LoaderFuzz is up to date"
else
    build_module ArkitektModel Sources/ArkitektModel/*.swift
    build_module ArkitektLoading Sources/ArkitektLoading/*.swift
    build_module ArkitektRules $(find Sources/ArkitektRules -name '*.swift' | sort)
    echo "== link LoaderFuzz"
    swiftc "${flags[@]}" -module-name LoaderFuzz fuzz/LoaderFuzz/*.swift \
        "$out/modules/ArkitektModel.o" "$out/modules/ArkitektLoading.o" "$out/modules/ArkitektRules.o" \
        -lyaml -o "$out/LoaderFuzz" 2> >(grep -v "Cannot export local symbol '__asan" >&2)
    echo "built $out/LoaderFuzz"
fi
[ "$build_only" = 1 ] && exit 0

# Seeds: the sample landscapes, the built-in rule packs, the regression inputs and every case of
# the YAML test suite.
# Copied under content hashes so that the seed directory never holds two names for one input.
seeds="$out/seeds"
rm -rf "$seeds"
mkdir -p "$seeds" "$out/corpus"
seed() { cp "$1" "$seeds/$(sha1sum "$1" | cut -c1-40)"; }
while IFS= read -r -d '' f; do seed "$f"; done < <(find samples rules -type f \( -name '*.yaml' -o -name '*.yml' \) -print0)
# Earlier finds and the hand-made hostile inputs: mutations of known trouble find its relatives.
while IFS= read -r -d '' f; do seed "$f"; done < <(find Tests/ArkitektReliabilityTests/FuzzRegressions -type f -print0)
if [ -d "$suite" ]; then
    while IFS= read -r -d '' f; do seed "$f"; done < <(find "$suite" -name in.yaml -print0)
else
    echo "warning: no YAML test suite at $suite; seeding from samples/ and rules/ only" >&2
fi
echo "seeds: $(ls "$seeds" | wc -l) files; fuzzing for ${seconds}s; crashes go to fuzz/crashes/"

# The first directory is the growing corpus (kept between runs), the second the seeds. Run from
# .build-fuzz so that the per-worker logs of fork mode land there, not in the repository.
cd "$out"
before=$(ls "$crashes" | wc -l)
status=0
"$out/LoaderFuzz" "$out/corpus" "$seeds" \
    -dict="$root/fuzz/LoaderFuzz/yaml.dict" \
    -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -max_total_time="$seconds" -fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -artifact_prefix="$crashes/" -print_final_stats=1 || status=$?
found=$(( $(ls "$crashes" | wc -l) - before ))
echo "fuzz.sh: libFuzzer exited with $status; $found new file(s) in fuzz/crashes/"
[ "$found" -eq 0 ] && [ "$status" -eq 0 ]
}

# On one line: bash has read it whole before main runs, so an edit during a run cannot bite.
main "$@"; exit $?
