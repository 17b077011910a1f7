#!/usr/bin/env bash
# The check-jsonschema peer: validates every .yaml/.yml file below CHECKOUT/architecture against
# SCHEMA in one check-jsonschema process (the file list is expanded here, in one exec, because it
# is too long for a single command-line argument of hyperfine's shell).
#
#   bash bench/lib/peer-check-jsonschema.sh VENV CHECKOUT SCHEMA
set -euo pipefail
venv=${1:?usage: peer-check-jsonschema.sh VENV CHECKOUT SCHEMA}
checkout=${2:?}
schema=$(cd "$(dirname "${3:?}")" && pwd)/$(basename "$3")
cd "$checkout"
shopt -s globstar nullglob
files=(architecture/**/*.yaml architecture/**/*.yml)
exec "$venv/bin/check-jsonschema" --schemafile "$schema" "${files[@]}"
