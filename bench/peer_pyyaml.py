#!/usr/bin/env python3
"""A peer of arkitekt: PyYAML's C loader plus two rules in plain Python.

    python3 bench/peer_pyyaml.py CHECKOUT [PATH]      (PATH defaults to architecture)

Reads every .yaml/.yml file below CHECKOUT/PATH (a checkout of the landscape) with
yaml.load_all(..., Loader=yaml.CLoader) and applies the rules the benchmark's peers share:

  - a System and a DataEntity name an owner (spec.owner);
  - a DataEntity holding personal data (spec.classification.personal is personal or special)
    gives a legal basis (spec.legalBasis).

A missing field, null, an empty text and an empty list count as absent, as in arkitekt. Prints one
line per finding and a summary; exits 1 when there are findings or unreadable files, else 0.
"""

import os
import sys

import yaml

if not getattr(yaml, "__with_libyaml__", False):
    sys.exit("peer_pyyaml.py: PyYAML was built without libyaml; yaml.CLoader is not available")


def absent(value):
    return value is None or value == "" or value == [] or value == {}


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    checkout = sys.argv[1]
    root = os.path.join(checkout, sys.argv[2] if len(sys.argv) == 3 else "architecture")
    paths = []
    for directory, dirs, files in os.walk(root):
        dirs.sort()
        paths += [os.path.join(directory, f) for f in files if f.endswith((".yaml", ".yml"))]
    paths.sort()

    findings = errors = documents = 0
    out = []
    for path in paths:
        rel = os.path.relpath(path, checkout)
        try:
            with open(path, "rb") as f:
                docs = list(yaml.load_all(f.read(), Loader=yaml.CLoader))
        except (yaml.YAMLError, UnicodeDecodeError) as e:
            errors += 1
            out.append(f"{rel}: error: not valid YAML: {str(e).splitlines()[0]}")
            continue
        for doc in docs:
            if not isinstance(doc, dict):
                continue
            documents += 1
            kind = doc.get("kind")
            if kind not in ("System", "DataEntity"):
                continue
            name = (doc.get("metadata") or {}).get("name", "?")
            spec = doc.get("spec") or {}
            if not isinstance(spec, dict):
                spec = {}
            if absent(spec.get("owner")):
                findings += 1
                out.append(f"{rel}: error: {kind} {name} has no owner (spec.owner)")
            if kind == "DataEntity":
                classification = spec.get("classification") or {}
                personal = classification.get("personal") if isinstance(classification, dict) else None
                if personal in ("personal", "special") and absent(spec.get("legalBasis")):
                    findings += 1
                    out.append(f"{rel}: error: DataEntity {name} holds personal data but has no legal basis (spec.legalBasis)")
    out.append(f"{len(paths)} files, {documents} documents, {findings} findings, {errors} unreadable files")
    sys.stdout.write("\n".join(out) + "\n")
    return 1 if findings or errors else 0


if __name__ == "__main__":
    sys.exit(main())
