#!/usr/bin/env bash
# Builds the sample history of Fjordvik kommune's architecture landscape as a
# new git repository.
#
#   bash samples/history/build.sh DEST
#
# Each directory under steps/ (in name order) is one commit:
#   files/      copied over the work tree
#   delete.txt  optional; one repository-relative path per line, removed before committing
#   commit.env  AUTHOR_NAME, AUTHOR_EMAIL, DATE (ISO 8601), SUBJECT, optional BODY,
#               optional TAG (space-separated tag names) and TAG_MESSAGE (annotated tags)
#
# Author and committer, names and dates are fixed by the steps, and the user's git
# configuration is ignored, so the same input gives the same commit ids every time.
# At the end the work tree is compared with samples/landscape; any difference fails.
set -euo pipefail

usage() { echo "usage: $0 DEST" >&2; exit 2; }
[ $# -eq 1 ] || usage
DEST=$1

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STEPS_DIR=$SCRIPT_DIR/steps
LANDSCAPE=$(cd "$SCRIPT_DIR/../landscape" && pwd)

if [ -e "$DEST" ]; then
    if [ ! -d "$DEST" ] || [ -n "$(ls -A "$DEST")" ]; then
        echo "build.sh: $DEST exists and is not an empty directory; refusing to touch it" >&2
        exit 1
    fi
fi
mkdir -p "$DEST"
DEST=$(cd "$DEST" && pwd)

# Never depend on the caller's git configuration or environment.
TMP_HOME=$(mktemp -d)
trap 'rm -rf "$TMP_HOME"' EXIT
export HOME=$TMP_HOME
export XDG_CONFIG_HOME=$TMP_HOME/.config
export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL=/dev/null
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_CONFIG \
      GIT_CONFIG_PARAMETERS GIT_CONFIG_COUNT GIT_TEMPLATE_DIR GIT_CEILING_DIRECTORIES || true
export LC_ALL=C
export TZ=UTC

g() {
    git -C "$DEST" \
        -c user.name="$AUTHOR_NAME" -c user.email="$AUTHOR_EMAIL" \
        -c commit.gpgsign=false -c tag.gpgsign=false \
        -c core.autocrlf=false -c core.fileMode=true \
        "$@"
}

git init -q -b main "$DEST"

count=0
for step in "$STEPS_DIR"/*/; do
    step=${step%/}
    name=$(basename "$step")
    [ -f "$step/commit.env" ] || { echo "build.sh: $name has no commit.env" >&2; exit 1; }

    AUTHOR_NAME='' AUTHOR_EMAIL='' DATE='' SUBJECT='' BODY='' TAG='' TAG_MESSAGE=''
    # shellcheck disable=SC1090,SC1091
    . "$step/commit.env"
    for v in AUTHOR_NAME AUTHOR_EMAIL DATE SUBJECT; do
        [ -n "${!v}" ] || { echo "build.sh: $name/commit.env lacks $v" >&2; exit 1; }
    done

    if [ -d "$step/files" ]; then
        cp -R "$step/files/." "$DEST/"
    fi
    if [ -f "$step/delete.txt" ]; then
        while IFS= read -r path || [ -n "$path" ]; do
            [ -z "$path" ] && continue
            case "$path" in
                /*|..|../*|*/../*|*/..|.git|.git/*)
                    echo "build.sh: $name/delete.txt: refusing path '$path'" >&2; exit 1 ;;
            esac
            [ -e "$DEST/$path" ] || { echo "build.sh: $name/delete.txt: '$path' does not exist" >&2; exit 1; }
            rm -rf -- "${DEST:?}/$path"
        done < "$step/delete.txt"
    fi

    g add -A
    msg=$TMP_HOME/msg
    if [ -n "$BODY" ]; then
        printf '%s\n\n%s\n' "$SUBJECT" "$BODY" > "$msg"
    else
        printf '%s\n' "$SUBJECT" > "$msg"
    fi
    GIT_AUTHOR_NAME=$AUTHOR_NAME GIT_AUTHOR_EMAIL=$AUTHOR_EMAIL GIT_AUTHOR_DATE=$DATE \
    GIT_COMMITTER_NAME=$AUTHOR_NAME GIT_COMMITTER_EMAIL=$AUTHOR_EMAIL GIT_COMMITTER_DATE=$DATE \
        g commit -q --cleanup=verbatim -F "$msg"

    for tag in $TAG; do
        if [ -n "$TAG_MESSAGE" ]; then
            GIT_COMMITTER_NAME=$AUTHOR_NAME GIT_COMMITTER_EMAIL=$AUTHOR_EMAIL GIT_COMMITTER_DATE=$DATE \
                g tag -a -m "$TAG_MESSAGE" "$tag"
        else
            g tag "$tag"
        fi
    done
    count=$((count + 1))
done

# The work tree must be fully committed ...
if [ -n "$(g status --porcelain)" ]; then
    echo "build.sh: uncommitted changes remain in $DEST" >&2
    g status --short >&2
    exit 1
fi
# ... and the last step must reproduce samples/landscape exactly.
if ! diff -r -x .git -x FINDINGS.md -x 'README*' "$LANDSCAPE" "$DEST"; then
    echo "build.sh: the last step differs from samples/landscape (see diff above)" >&2
    exit 1
fi

echo "build.sh: $count commits in $DEST; the result matches samples/landscape"
