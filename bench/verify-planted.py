#!/usr/bin/env python3
"""Checks that arkitekt reports, rule by rule, the findings bench/generate.py planted.

    python3 bench/verify-planted.py OUT [--date YYYY-MM-DD]

OUT is a landscape written by `bench/generate.py --shape adoption ... OUT`; OUT.meta.json holds
`planted_by_rule`. Runs `$ARKITEKT -C OUT check --rev HEAD --format json --fail-on never` (ARKITEKT
defaults to /work/main/.build/release/arkitekt; --date is passed on when given), counts the
findings by rule, prints a table of planted against reported, and exits 1 when any rule differs
(2 when it cannot run). It also says how many elements have at least one finding, and how many
`ref-resolves` findings suggest a name. Standard library only.
"""

import argparse
import json
import os
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", help="the generated repository (its metadata is OUT.meta.json)")
    ap.add_argument("--date", help="judge as of this day (passed to arkitekt check --date)")
    ap.add_argument("--meta", help="the metadata file (default OUT.meta.json)")
    args = ap.parse_args()

    out = os.path.abspath(args.out)
    meta_path = args.meta or out.rstrip("/") + ".meta.json"
    try:
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
    except (OSError, ValueError) as e:
        print(f"verify-planted.py: cannot read {meta_path}: {e}", file=sys.stderr)
        return 2
    planted = meta.get("planted_by_rule")
    if planted is None:
        print(f"verify-planted.py: {meta_path} has no planted_by_rule (not an adoption landscape?)", file=sys.stderr)
        return 2

    binary = os.environ.get("ARKITEKT") or "/work/main/.build/release/arkitekt"
    cmd = [binary, "-C", out, "check", "--rev", "HEAD", "--format", "json", "--fail-on", "never"]
    if args.date:
        cmd += ["--date", args.date]
    try:
        run = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as e:
        print(f"verify-planted.py: cannot run {binary}: {e}", file=sys.stderr)
        return 2
    if run.returncode != 0:
        print(f"verify-planted.py: {' '.join(cmd)} exited {run.returncode}: {run.stderr.strip()}", file=sys.stderr)
        return 2
    try:
        report = json.loads(run.stdout)
    except ValueError as e:
        print(f"verify-planted.py: the output of arkitekt is not JSON: {e}", file=sys.stderr)
        return 2

    findings = report.get("findings", [])
    reported = {}
    for f in findings:
        reported[f["rule"]] = reported.get(f["rule"], 0) + 1

    rules = sorted(set(planted) | set(reported))
    width = max([len("rule")] + [len(r) for r in rules])
    print(f"{'rule':<{width}}  {'planted':>7}  {'reported':>8}")
    print(f"{'-' * width}  {'-' * 7}  {'-' * 8}")
    differ = []
    for rule in rules:
        p, r = planted.get(rule, 0), reported.get(rule, 0)
        mark = "" if p == r else "  <-- differs"
        if p != r:
            differ.append(rule)
        print(f"{rule:<{width}}  {p:>7}  {r:>8}{mark}")
    print(f"{'-' * width}  {'-' * 7}  {'-' * 8}")
    print(f"{'total':<{width}}  {sum(planted.values()):>7}  {sum(reported.values()):>8}")

    summary = report.get("summary", {})
    elements = summary.get("elements") or 0
    with_findings = {f["element"] for f in findings if f.get("element")}
    share = f" ({100 * len(with_findings) / elements:.1f} % of {elements} elements)" if elements else ""
    print(f"\nelements with at least one finding: {len(with_findings)}{share}")
    refs = [f for f in findings if f["rule"] == "ref-resolves"]
    suggesting = sum(1 for f in refs if "?" in (f.get("message") or ""))
    print(f"ref-resolves findings: {len(refs)}, of which {suggesting} suggest a name"
          f"; near-miss references planted: {meta.get('near_miss_references', '?')}")
    print(f"suppressed by exemptions: {summary.get('suppressed', 0)}")
    if differ:
        print(f"\nverify-planted.py: {len(differ)} rule(s) differ: {', '.join(differ)}", file=sys.stderr)
        return 1
    print("\nverify-planted.py: every rule reports what was planted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
