#!/usr/bin/env bash
# Runs every test under AddressSanitizer and then under ThreadSanitizer, each build in its own
# scratch directory (.build-asan, .build-tsan) so that neither disturbs the normal .build.
#
#   scripts/sanitizers.sh                   both sanitizers, all tests
#   scripts/sanitizers.sh --filter REGEX    passed on to `swift test` (both runs)
#   SANITIZERS="address" scripts/sanitizers.sh   only one of them
#
# Exits non-zero when either run fails (a build error, a failing test, or a sanitizer report:
# a sanitizer report aborts the test process, which fails the run). Logs: .build-asan/sanitizer.log
# and .build-tsan/sanitizer.log.
set -uo pipefail

main() {
    local root
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    cd "$root"

    # halt_on_error: the first report stops the process, so that it cannot be lost among passing
    # tests (TSAN_OPTIONS=halt_on_error=0 collects every race instead). LeakSanitizer stays on, with
    # suppressions for leaks in code that is not arkitekt's (all seen with Swift 6.3.1 on Linux):
    #   libXCTest.so                 XCTest's own bookkeeping, never freed at exit
    #   ArgumentParser               swift-argument-parser's parsed keys, on a usage error
    #   readBytesFromFile            Foundation's Data(contentsOf:) leaks 4 KiB per empty file read
    #   Foundation7ProcessC3run      the weak reference side table of Foundation's Process.run()
    # Only processes that inherit the environment get them: a test that starts `arkitekt` with a
    # minimal environment sees the argument parser's leak as exit status 1.
    export ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1}"
    export TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}"

    local failed=() sanitizer scratch log start
    for sanitizer in ${SANITIZERS:-address thread}; do
        case "$sanitizer" in
            address) scratch=.build-asan ;;
            thread) scratch=.build-tsan ;;
            *) echo "unknown sanitizer '$sanitizer' (address or thread)" >&2; return 2 ;;
        esac
        mkdir -p "$scratch"
        printf '%s\n' "leak:libXCTest.so" "leak:ArgumentParser" "leak:readBytesFromFile" "leak:Foundation7ProcessC3run" > "$scratch/lsan.supp"
        export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$root/$scratch/lsan.supp:print_suppressions=0}"
        log="$scratch/sanitizer.log"
        echo "== swift test --sanitize=$sanitizer --scratch-path $scratch (log: $log)"
        start=$(date +%s)
        if swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" >"$log" 2>&1 &&
           swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" "$@" >>"$log" 2>&1; then
            echo "   $sanitizer: clean ($(( $(date +%s) - start ))s)"
        else
            echo "   $sanitizer: FAILED ($(( $(date +%s) - start ))s); from $log:"
            grep -E "^(SUMMARY|==[0-9]+==ERROR|WARNING: ThreadSanitizer)|error:|✘ Test .* (failed|recorded)|Fatal error|Program crashed" "$log" | head -40
            failed+=("$sanitizer")
        fi
    done

    if [ ${#failed[@]} -gt 0 ]; then
        echo "sanitizers.sh: failed: ${failed[*]}"
        return 1
    fi
    echo "sanitizers.sh: ${SANITIZERS:-address thread} clean"
}

# On one line: bash has read it whole before main runs, so an edit during a run cannot bite.
main "$@"; exit $?
