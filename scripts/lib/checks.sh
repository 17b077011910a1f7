# Shared by the test scripts: a scratch folder in $WORK (removed at exit unless KEEP is set),
# `check WHAT COMMAND...` to run one check and count it, and `report NAME` for the closing line
# ("NAME: N passed, M failed") and the exit code.
# Usage: WORK=$(mktemp -d ...); . "$ROOT/scripts/lib/checks.sh"
trap '[ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT
passed=0
failed=0

check() {
    local what=$1
    shift
    if "$@" >"$WORK/out" 2>&1; then
        passed=$((passed + 1))
        echo "ok    $what"
    else
        failed=$((failed + 1))
        echo "FAIL  $what"
        sed 's/^/      /' "$WORK/out" | tail -25
    fi
}

report() {
    echo "$1: $passed passed, $failed failed"
    [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
    exit $?
}
