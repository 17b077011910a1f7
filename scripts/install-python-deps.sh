#!/usr/bin/env bash
# Installs the Python packages the tests use as independent oracles, when they are missing:
# jsonschema (validates SARIF against the official schema) and junitparser (reads JUnit XML).
set -euo pipefail
python3 -c 'import jsonschema, junitparser' 2>/dev/null && exit 0
echo "Installing Python test oracles: jsonschema junitparser"
python3 -m pip install --quiet --disable-pip-version-check jsonschema junitparser
