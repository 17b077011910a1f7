#!/usr/bin/env python3
"""Mutation testing of the rule engine: does the test suite notice when the code is wrong?

Each mutant changes one operator or one condition in the rule checks, the evaluator or the
exemption handling (a `<` becomes `<=`, an `&&` becomes `||`, a `!` is dropped, a `true` becomes
`false`), is built, and runs the tests that judge rules. A mutant the tests do not catch
("survived") is either a missing test or a change that cannot alter behaviour ("equivalent");
the equivalent ones are listed, with why, in scripts/mutants-equivalent.txt.

The work happens in a copy of the repository under .build-mutants/ (ignored by git): the files
you are editing are never touched. Usage:

    scripts/mutants.sh [--list] [--only SUBSTRING] [--filter REGEX] [--jobs N]

--list      print the mutants and stop
--only S    only mutants whose site (path:line) contains S
--filter R  the tests to run (a `swift test --filter` expression); default: the rule tests
Exit status: 0 when every mutant is killed, stillborn (does not compile) or listed as
equivalent; 1 when one survived that is not listed; 2 when the run could not be made.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.join(ROOT, ".build-mutants")
COPY = os.path.join(WORK, "src")
SCRATCH = os.path.join(WORK, "build")
EQUIVALENT = os.path.join(ROOT, "scripts", "mutants-equivalent.txt")

# What is mutated: the checks, the evaluator (rule engine, predicates, transitions) and the
# exemptions (evaluation state).
TARGETS = [
    "Sources/ArkitektRules/Checks",
    "Sources/ArkitektRules/RuleEngine.swift",
    "Sources/ArkitektRules/RuleContext.swift",
    "Sources/ArkitektRules/TransitionEvaluator.swift",
    "Sources/ArkitektRules/EvaluationState.swift",
]

# The tests that judge rules: rule examples and configuration, the loader's values, the sample
# and its oracle, history deltas and the comparison of two sides, transitions.
DEFAULT_FILTER = ("ArkitektRulesTests|SampleTests|SampleHistoryTests|IncrementalEvaluationTests|"
                  "IncrementalWalkTests|WalkDayTests|TruthfulFindingsTests|AgainstTests|HistoryWalkTests|"
                  "EndToEndTests|GateTests|OptionTests")

BINARY = {"==": "!=", "!=": "==", "<": "<=", "<=": "<", ">": ">=", ">=": ">", "&&": "||", "||": "&&"}
BINARY_RE = re.compile(r"(?<= )(==|!=|<=|>=|<|>|&&|\|\|)(?= )")
NOT_RE = re.compile(r"(?<=[\s(\[,{])!(?=[A-Za-z_(])")
BOOL_RE = re.compile(r"\b(true|false)\b")


def code_spans(line, in_block):
    """The parts of a line that are code: outside comments and string literals. Returns the
    spans and whether a multi-line string is still open at the end of the line."""
    spans, i, start, n = [], 0, 0, len(line)
    if in_block:
        end = line.find('"""')
        if end < 0:
            return [], True
        i = start = end + 3
    while i < n:
        if line.startswith('"""', i):
            spans.append((start, i))
            end = line.find('"""', i + 3)
            if end < 0:
                return spans, True
            i = start = end + 3
            continue
        if line.startswith("//", i):
            spans.append((start, i))
            return spans, False
        if line[i] == '"':
            spans.append((start, i))
            i += 1
            while i < n and line[i] != '"':
                i += 2 if line[i] == "\\" else 1
            i = start = i + 1
            continue
        i += 1
    spans.append((start, n))
    return spans, False


def sources():
    files = []
    for target in TARGETS:
        path = os.path.join(ROOT, target)
        if os.path.isdir(path):
            files += sorted(os.path.join(target, f) for f in os.listdir(path) if f.endswith(".swift"))
        else:
            files.append(target)
    return files


def mutants():
    """Every mutant: (file, line number, column, original, replacement, key). The key names the
    site by its line's text, so that the list of equivalent mutants survives edits elsewhere."""
    found = []
    for rel in sources():
        with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
            lines = f.read().split("\n")
        in_block = False
        seen = {}
        for number, line in enumerate(lines, 1):
            spans, in_block_after = code_spans(line, in_block)
            in_block = in_block_after
            if line.strip().startswith(("import ", "///", "//")):
                continue
            for (a, b) in spans:
                segment = line[a:b]
                for regex, replace in ((BINARY_RE, lambda m: BINARY[m.group(1)]),
                                       (NOT_RE, lambda m: ""),
                                       (BOOL_RE, lambda m: "false" if m.group(1) == "true" else "true")):
                    for m in regex.finditer(segment):
                        col = a + m.start()
                        original = m.group(0)
                        replacement = replace(m)
                        text = line.strip()
                        occurrence = seen.get((text, original), 0)
                        seen[(text, original)] = occurrence + 1
                        key = f"{rel} | {text} | {original or '!'}#{occurrence} -> {replacement or '(removed)'}"
                        found.append((rel, number, col, original, replacement, key))
    found.sort(key=lambda m: (m[0], m[1], m[2]))
    return found


def run(cmd, cwd, timeout=None, log=None):
    try:
        result = subprocess.run(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, ""
    out = result.stdout.decode("utf-8", "replace")
    if log:
        with open(log, "w", encoding="utf-8") as f:
            f.write(out)
    return result.returncode, out


def copy_repository():
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            stdout=subprocess.PIPE, check=True).stdout.decode("utf-8").split("\0")
    if os.path.isdir(COPY):
        shutil.rmtree(COPY)
    for rel in filter(None, listed):
        src = os.path.join(ROOT, rel)
        if not os.path.isfile(src) or os.path.islink(src):
            continue
        dst = os.path.join(COPY, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copy2(src, dst)
    # A repository of its own: inside this one the copy would be a folder git ignores, and
    # arkitekt (run by the tests on the sample) skips what git ignores.
    subprocess.run(["git", "init", "-q", COPY], check=True)


def main():
    parser = argparse.ArgumentParser(description="Mutation testing of the rule engine.")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--only", default="")
    parser.add_argument("--filter", default=DEFAULT_FILTER)
    parser.add_argument("--jobs", default=str(os.cpu_count() or 2))
    args = parser.parse_args()

    chosen = [m for m in mutants() if args.only in f"{m[0]}:{m[1]}"]
    if args.list:
        for (rel, number, col, original, replacement, _) in chosen:
            print(f"{rel}:{number}:{col + 1}: {original or '!'} -> {replacement or '(removed)'}")
        print(f"{len(chosen)} mutants")
        return 0
    if not chosen:
        print("mutants: no mutant matches", file=sys.stderr)
        return 2
    equivalent = {}
    if os.path.exists(EQUIVALENT):
        with open(EQUIVALENT, encoding="utf-8") as f:
            block = []
            for line in f.read().split("\n") + [""]:
                if line.strip():
                    block.append(line)
                    continue
                if block:
                    keys = [b for b in block if not b.startswith("#")]
                    why = " ".join(b.lstrip("# ") for b in block if b.startswith("#"))
                    for key in keys:
                        equivalent[key.strip()] = why
                    block = []

    os.makedirs(WORK, exist_ok=True)
    copy_repository()
    build = ["swift", "build", "--build-tests", "--scratch-path", SCRATCH, "-j", args.jobs]
    test = ["swift", "test", "--skip-build", "--scratch-path", SCRATCH, "--filter", args.filter]
    print(f"mutants: building the unchanged copy in {COPY} ...", flush=True)
    status, out = run(build, COPY, log=os.path.join(WORK, "build-baseline.log"))
    if status != 0:
        print(f"mutants: the unchanged copy does not build; see {WORK}/build-baseline.log", file=sys.stderr)
        return 2
    started = time.time()
    status, out = run(test, COPY, timeout=1200, log=os.path.join(WORK, "test-baseline.log"))
    if status != 0:
        print(f"mutants: the tests fail without any mutant; see {WORK}/test-baseline.log", file=sys.stderr)
        return 2
    limit = max(120, 4 * (time.time() - started))

    results = []
    survivors_unlisted = []
    for index, (rel, number, col, original, replacement, key) in enumerate(chosen, 1):
        path = os.path.join(COPY, rel)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        lines = text.split("\n")
        line = lines[number - 1]
        lines[number - 1] = line[:col] + replacement + line[col + len(original):]
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        try:
            status, _ = run(build, COPY)
            if status != 0:
                verdict = "stillborn"
            else:
                status, _ = run(test, COPY, timeout=limit)
                verdict = "killed" if status != 0 else "survived"
                if status is None:
                    verdict = "killed (timeout)"
        finally:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        if verdict == "survived":
            if key in equivalent:
                verdict = "equivalent"
            else:
                survivors_unlisted.append(key)
        site = f"{rel}:{number}:{col + 1}: {original or '!'} -> {replacement or '(removed)'}"
        results.append((verdict, site, key))
        print(f"[{index}/{len(chosen)}] {verdict:<16} {site}", flush=True)

    # Leave the copy as it was, and built, for the next run.
    run(build, COPY)
    counts = {}
    for verdict, _, _ in results:
        counts[verdict.split(" ")[0]] = counts.get(verdict.split(" ")[0], 0) + 1
    with open(os.path.join(WORK, "report.txt"), "w", encoding="utf-8") as f:
        for verdict, site, key in results:
            f.write(f"{verdict}\t{site}\t{key}\n")
    summary = ", ".join(f"{counts[k]} {k}" for k in sorted(counts))
    print(f"mutants: {len(results)} mutants: {summary}. Report: {WORK}/report.txt")
    if survivors_unlisted:
        print("mutants: survived, and not listed as equivalent in scripts/mutants-equivalent.txt:")
        for key in survivors_unlisted:
            print(f"  {key}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
