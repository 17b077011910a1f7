#!/usr/bin/env bash
# Proves that the real pre-commit tool (https://pre-commit.com, from PyPI) can use arkitekt as a
# hook through this repository's .pre-commit-hooks.yaml (language: swift, entry: arkitekt check
# --staged).
#
#   ./scripts/test-pre-commit.sh
#
# It makes a fixture repository in a temporary directory, stages a System without an owner and
# runs `pre-commit try-repo <this repository> arkitekt --verbose` there: that must fail and name
# the rule (system-owner-required). Then it fixes the file, stages it and runs try-repo again: that
# must pass. The last line is `pre-commit try-repo: N passed, M failed`; the exit code is 0 only
# when both checks pass.
#
# pre-commit is taken from PATH, or installed with pip into a virtual environment in the cache
# directory below, which later runs reuse (no prompts; fine as root in CI).
#
# Time: pre-commit builds the package with `swift build -c release` for every try-repo run, 3 to 5
# minutes on 2 cores, so the script takes 7 to 11 minutes. `pre-commit try-repo` always
# installs hooks into a throwaway store inside its own temporary directory (pre_commit/commands/
# try_repo.py: `Store(tempdir)`), so nothing, not even PRE_COMMIT_HOME, lets a rerun reuse the
# build. PRE_COMMIT_HOME is still pointed at a stable cache directory,
# ${XDG_CACHE_HOME:-~/.cache}/arkitekt-pre-commit, so that pre-commit's own files (its error log,
# pre-commit.log) end up in one known place, next to the reused virtual environment.
#
# try-repo on a work tree with uncommitted changes commits HEAD + the index + changes to tracked
# files into a shadow repository; untracked files are left out. When this repository has untracked
# (not ignored) files, the script therefore tests a snapshot commit of the whole work tree instead,
# as `git add -A` would commit it, and passes it with --ref.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/arkitekt-pre-commit
export PRE_COMMIT_HOME=$CACHE
export PRE_COMMIT_COLOR=never
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PIP_ROOT_USER_ACTION=ignore
TIMEOUT=${ARKITEKT_PRE_COMMIT_TIMEOUT:-1800}   # seconds for one try-repo run (build included)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/arkitekt-pre-commit.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$CACHE"

passed=0
failed=0
started=$SECONDS

say() { printf '== %s\n' "$*"; }
finish() {
    say "total time: $((SECONDS - started))s"
    echo "pre-commit try-repo: $passed passed, $failed failed"
    if [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]; then exit 0; fi
    exit 1
}
fail_setup() {
    echo "error: $*" >&2
    failed=$((failed + 1))
    finish
}

# --- pre-commit ------------------------------------------------------------------------------
VENV=$CACHE/venv
if command -v pre-commit >/dev/null 2>&1 && pre-commit --version >/dev/null 2>&1; then
    PRE_COMMIT=(pre-commit)
elif "$VENV/bin/pre-commit" --version >/dev/null 2>&1; then
    PRE_COMMIT=("$VENV/bin/pre-commit")
else
    t=$SECONDS
    rm -rf "$VENV"
    if python3 -m venv "$VENV" >/dev/null 2>&1; then
        say "installing pre-commit from PyPI into $VENV"
        "$VENV/bin/python" -m pip install --quiet pre-commit || fail_setup "pip could not install pre-commit"
        PRE_COMMIT=("$VENV/bin/pre-commit")
    else
        # No venv module (Debian without python3-venv): a private target directory instead.
        rm -rf "$VENV"
        say "installing pre-commit from PyPI into $WORK/pylib"
        python3 -m pip install --quiet --target "$WORK/pylib" pre-commit || fail_setup "pip could not install pre-commit"
        export PYTHONPATH="$WORK/pylib${PYTHONPATH:+:$PYTHONPATH}"
        PRE_COMMIT=(python3 -m pre_commit)
    fi
    say "installed in $((SECONDS - t))s"
fi
say "$("${PRE_COMMIT[@]}" --version) ($(command -v swift >/dev/null && swift --version 2>/dev/null | head -n 1))"
say "PRE_COMMIT_HOME=$PRE_COMMIT_HOME"

# --- the repository under test -----------------------------------------------------------------
git -C "$ROOT" rev-parse --verify -q HEAD >/dev/null || fail_setup "$ROOT is not a git repository with a commit"
REPO=$ROOT
REF_ARGS=()
if [ -n "$(git -C "$ROOT" ls-files --others --exclude-standard | head -n 1)" ]; then
    say "$ROOT has untracked files, which try-repo's shadow commit would leave out: testing a snapshot of the work tree"
    SNAP=$WORK/arkitekt-snapshot
    git clone -q --shared --no-checkout "$ROOT" "$SNAP" || fail_setup "cannot clone $ROOT"
    common=$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir)
    [ -f "$common/info/exclude" ] && cp "$common/info/exclude" "$SNAP/.git/info/exclude"
    if ! { git -C "$SNAP" read-tree HEAD &&
        git -C "$SNAP" --work-tree="$ROOT" add -A &&
        git -C "$SNAP" -c user.name=arkitekt-test -c user.email=arkitekt-test@example.invalid \
            -c commit.gpgsign=false commit -q --no-verify --allow-empty -m "work tree snapshot"; }; then
        fail_setup "cannot snapshot the work tree"
    fi
    REPO=$SNAP
    REF_ARGS=(--ref "$(git -C "$SNAP" rev-parse HEAD)")
elif ! git -C "$ROOT" diff --quiet HEAD --; then
    say "$ROOT has uncommitted changes: try-repo tests its shadow commit of them"
fi

# --- the fixture -------------------------------------------------------------------------------
FIXTURE=$WORK/fixture
mkdir -p "$FIXTURE/architecture"
cd "$FIXTURE" || fail_setup "cannot enter $FIXTURE"
git init -q
git config user.name "Fixture"
git config user.email "fixture@example.invalid"
git config commit.gpgsign false
cat > .arkitekt.yaml <<'EOF'
apiVersion: arkitekt/v1
kind: Config
spec:
  paths: [architecture]
  rulePacks: [ks]
  language: en
EOF
cat > architecture/dokumentsenteret.yaml <<'EOF'
apiVersion: arkitekt/v1
kind: Group
metadata:
  name: dokumentsenteret
  title: Dokumentsenteret
spec:
  type: unit
EOF
if ! { git add -A && git commit -q -m "landscape with an owner group"; }; then
    fail_setup "cannot commit the fixture"
fi
write_system() { # $1: extra spec lines
    cat > architecture/sak-arkiv.yaml <<EOF
apiVersion: arkitekt/v1
kind: System
metadata:
  name: sak-arkiv
  title: Sak/arkiv
  description: The municipality's case management and archive system.
spec:
  lifecycle: production$1
EOF
    git add architecture/sak-arkiv.yaml
}

# run_case NAME EXPECTED_EXIT PATTERN...: runs try-repo in the fixture, checks the exit code and
# that every pattern occurs in the output.
run_case() {
    local name=$1 expected=$2
    shift 2
    local log="$WORK/$name.log" t=$SECONDS code problems=()
    say "$name: ${PRE_COMMIT[*]} try-repo $REPO arkitekt ${REF_ARGS[*]:+${REF_ARGS[*]} }--verbose"
    timeout "$TIMEOUT" "${PRE_COMMIT[@]}" try-repo "$REPO" arkitekt "${REF_ARGS[@]}" --verbose >"$log" 2>&1
    code=$?
    sed 's/^/    /' "$log"
    [ "$code" -eq "$expected" ] || problems+=("exit code $code, expected $expected")
    local pattern
    for pattern in "$@"; do
        grep -qF -- "$pattern" "$log" || problems+=("output lacks '$pattern'")
    done
    if [ ${#problems[@]} -eq 0 ]; then
        passed=$((passed + 1))
        say "$name: ok (exit $code, $((SECONDS - t))s)"
    else
        failed=$((failed + 1))
        say "$name: FAILED: $(printf '%s; ' "${problems[@]}")($((SECONDS - t))s)"
        [ -f "$PRE_COMMIT_HOME/pre-commit.log" ] && say "see also $PRE_COMMIT_HOME/pre-commit.log"
    fi
}

write_system ""
run_case "finding" 1 "arkitekt (architecture landscape)" "Failed" "[system-owner-required]"

write_system $'\n  owner: dokumentsenteret'
run_case "fixed" 0 "arkitekt (architecture landscape)" "Passed"

finish
