#!/usr/bin/env bash
# Proves the CI recipes in docs/CI.md as they are written there:
#
# - the GitHub workflow validates against the GitHub Actions workflow schema and the GitLab job
#   against the GitLab CI schema (check-jsonschema, with the schemas it ships);
# - zizmor, GitHub Actions' security linter, finds nothing of medium or high severity in the
#   workflow (offline: it does not look the pinned actions up);
# - the commands of each recipe's gate run here, on a copy of the sample history with a branch
#   that adds an error: they fail the gate (exit 1) on the new error only, and write the reports
#   the recipe uploads; on the default branch (a push) they check the whole landscape.
#
#   ./scripts/test-recipes.sh [ARKITEKT_BINARY]
#
# The last line is `recipes: N passed, M failed`.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${1:-$ROOT/.build/debug/arkitekt}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/arkitekt-recipes.XXXXXX")
. "$ROOT/scripts/lib/checks.sh"

# The recipes, cut out of the document: the first ```yaml block is the GitHub workflow, the
# second the GitLab job. The gate's shell of each goes to a file of its own.
python3 - "$ROOT/docs/CI.md" "$WORK" <<'EOF' || { echo "recipes: 0 passed, 1 failed"; exit 1; }
import re, sys, yaml
text = open(sys.argv[1]).read()
blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
work = sys.argv[2]
open(work + "/github.yml", "w").write(blocks[0])
open(work + "/gitlab.yml", "w").write(blocks[1])
workflow = yaml.safe_load(blocks[0])
steps = workflow["jobs"]["arkitekt"]["steps"]
gate = next(s for s in steps if s.get("name") == "arkitekt")
open(work + "/github-gate.sh", "w").write(gate["run"])
job = yaml.safe_load(blocks[1])["arkitekt"]
open(work + "/gitlab-gate.sh", "w").write("set -e\n" + "\n".join(job["script"]) + "\n")
EOF

schemas() {
    check-jsonschema --builtin-schema vendor.github-workflows "$WORK/github.yml" &&
        check-jsonschema --builtin-schema vendor.gitlab-ci "$WORK/gitlab.yml"
}

lint() {
    mkdir -p "$WORK/lint/.github/workflows"
    cp "$WORK/github.yml" "$WORK/lint/.github/workflows/arkitekt.yml"
    (cd "$WORK/lint" && zizmor --offline --min-severity medium .github/workflows/arkitekt.yml)
}

# A landscape repository as a pipeline sees it: the sample history as the remote `origin`, a
# clone of it, and a branch that adds one error.
bash "$ROOT/samples/history/build.sh" "$WORK/origin" >/dev/null 2>&1 || { echo "build.sh failed"; exit 1; }
export HOME=$WORK/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME"
git config --global user.name CI && git config --global user.email ci@example.invalid
git clone -q "$WORK/origin" "$WORK/clone"
git -C "$WORK/clone" checkout -q -b feature
cat > "$WORK/clone/architecture/systemer/ny.yaml" <<'EOF'
apiVersion: arkitekt/v1
kind: System
metadata: {name: ny, description: Et nytt system.}
spec: {owner: ingen-slik-gruppe}
EOF
git -C "$WORK/clone" add -A && git -C "$WORK/clone" commit -qm "a new system with an owner that does not exist"
mkdir -p "$WORK/bin" && ln -s "$BIN" "$WORK/bin/arkitekt"

github_pull_request() {
    local dir=$WORK/gh-pr
    git clone -q "$WORK/clone" "$dir" 2>/dev/null || cp -r "$WORK/clone" "$dir"
    git -C "$dir" fetch -q "$WORK/origin" "+refs/heads/*:refs/remotes/origin/*"
    sed "s#/opt/arkitekt-bin/arkitekt#$BIN#" "$WORK/github-gate.sh" > "$dir.sh"
    local status=0
    (cd "$dir" && EVENT=pull_request BASE_REF=main GITHUB_WORKSPACE=$dir bash "$dir.sh") > "$dir.out" 2>&1 || status=$?
    cat "$dir.out"
    [ "$status" -eq 1 ] || { echo "exit $status, not 1"; return 1; }
    grep -q '^::error file=architecture/systemer/ny.yaml' "$dir.out" || { echo "no annotation of the new error"; return 1; }
    [ "$(grep -c '^::error' "$dir.out")" -eq 1 ] || { echo "the old errors are annotated too"; return 1; }
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["version"] == "2.1.0"' "$dir/arkitekt.sarif" || return 1
    head -1 "$dir/arkitekt-comment.md" | grep -qx '<!-- arkitekt-report -->' || { echo "the comment has no marker"; return 1; }
}

github_push() {
    local dir=$WORK/gh-push
    git clone -q "$WORK/origin" "$dir"
    sed "s#/opt/arkitekt-bin/arkitekt#$BIN#" "$WORK/github-gate.sh" > "$dir.sh"
    local status=0
    (cd "$dir" && EVENT=push BASE_REF= GITHUB_WORKSPACE=$dir bash "$dir.sh") > "$dir.out" 2>&1 || status=$?
    # The sample has deliberate errors: the whole landscape fails on main, with no --against.
    [ "$status" -eq 1 ] || { cat "$dir.out"; echo "exit $status, not 1"; return 1; }
    [ "$(grep -c '^::error' "$dir.out")" -ge 6 ] || { cat "$dir.out"; echo "the whole landscape was not checked"; return 1; }
}

gitlab_merge_request() {
    local dir=$WORK/gl-mr
    git clone -q "$WORK/clone" "$dir" 2>/dev/null
    git -C "$dir" remote set-url origin "$WORK/origin"
    local status=0
    (cd "$dir" && PATH="$WORK/bin:$PATH" CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main bash "$WORK/gitlab-gate.sh") > "$dir.out" 2>&1 || status=$?
    cat "$dir.out"
    [ "$status" -eq 1 ] || { echo "exit $status, not 1"; return 1; }
    grep -q 'architecture/systemer/ny.yaml' "$dir.out" || { echo "the new error is not in the log"; return 1; }
    python3 - "$dir" <<'EOF' || return 1
import json, sys, xml.etree.ElementTree as ET
d = sys.argv[1]
issues = json.load(open(d + "/gl-code-quality-report.json"))
assert len(issues) > 10, "Code Quality covers the whole landscape"
root = ET.parse(d + "/arkitekt-junit.xml").getroot()
assert root.get("failures") == "1", "JUnit fails only on the new error: " + str(root.get("failures"))
assert open(d + "/arkitekt-comment.md").readline().strip() == "<!-- arkitekt-report -->"
EOF
}

check "the GitHub workflow and the GitLab job validate against their schemas" schemas
check "zizmor finds nothing of medium or high severity in the GitHub workflow" lint
check "GitHub, pull request: the gate fails on the new error only and writes SARIF and the comment" github_pull_request
check "GitHub, push to main: the whole landscape, without --against" github_push
check "GitLab, merge request: the gate, the test report, Code Quality and the comment" gitlab_merge_request
report recipes
