#!/usr/bin/env bash
# Mutation testing of the rule engine; see scripts/mutants.py for what it does and its options.
set -euo pipefail
exec python3 "$(dirname "$0")/mutants.py" "$@"
