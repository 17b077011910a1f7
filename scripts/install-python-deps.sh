#!/usr/bin/env bash
# Installs the Python packages the tests use as independent oracles, when they are missing:
# jsonschema (validates SARIF against the official schema), junitparser (reads JUnit XML), PyYAML
# (cuts the CI recipes out of docs/CI.md), check-jsonschema (validates them against the GitHub
# Actions and GitLab CI schemas) and zizmor (GitHub Actions' security linter).
set -euo pipefail
python3 -c 'import jsonschema, junitparser, yaml' 2>/dev/null && command -v check-jsonschema >/dev/null && command -v zizmor >/dev/null && exit 0
echo "Installing Python test oracles: jsonschema junitparser pyyaml check-jsonschema zizmor"
python3 -m pip install --quiet --disable-pip-version-check jsonschema junitparser pyyaml check-jsonschema zizmor
