#!/usr/bin/env python3
"""Mutation testing of the rule engine: does the test suite notice when the code is wrong?

Each mutant changes one operator or one condition in the rule checks, the evaluator or the
exemption handling (a `<` becomes `<=`, an `&&` becomes `||`, a `!` is dropped, a `true` becomes
`false`), is built, and runs the tests that judge rules. A mutant the tests do not catch
("survived") is either a missing test or a change that cannot alter behaviour ("equivalent");
the equivalent ones are listed, with why, in scripts/mutants-equivalent.txt.

The work happens in a copy of the repository under .build-mutants/ (ignored by git): the files
you are editing are never touched. Usage:

    scripts/mutants.sh [--list] [--only SUBSTRING]... [--filter REGEX] [--jobs N]

--list      print the mutants and stop
--only S    only mutants whose site (path:line:col) contains S (may be repeated)
--filter R  the tests to run after the quick ones (a `swift test --filter` expression)
Exit status: 0 when every mutant is killed, stillborn (the compiler refuses it) or listed as
equivalent; 1 when one survived that is not listed; 2 when the run could not be made (the copy
does not build or its tests fail, a build fails for another reason, another run holds the lock).
"""
import argparse
import fcntl
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

# What is mutated: the checks, the evaluator (rule engine, predicates, transitions), the
# exemptions (evaluation state) and the model's predicates the rules select by.
TARGETS = [
    "Sources/ArkitektRules/Checks",
    "Sources/ArkitektRules/RuleEngine.swift",
    "Sources/ArkitektRules/RuleContext.swift",
    "Sources/ArkitektRules/TransitionEvaluator.swift",
    "Sources/ArkitektRules/EvaluationState.swift",
    # The predicates the rules select by: personal, sensitive, active, shared, the percentage.
    ("Sources/ArkitektModel/Element.swift", r"\b(isPersonal|isSpecialCategory|isSensitive|isShared|isLocal|isActive|percentage)\b"),
    ("Sources/ArkitektModel/Enums.swift", r"\b(isShared|isActive)\b"),
]

# The tests that judge rules, in two stages: the quick ones in process first (rule examples and
# configuration, the sample and its oracle), then, for a mutant they do not catch, the rest (the
# loader's values, history deltas, the comparison of two sides, the executable's options).
FAST_FILTER = "ArkitektRulesTests|SampleTests"
DEFAULT_FILTER = ("ArkitektLoadingTests|SampleHistoryTests|IncrementalEvaluationTests|IncrementalWalkTests|WalkDayTests|CheckStateTests|"
                  "TruthfulFindingsTests|AgainstTests|HistoryWalkTests|EndToEndTests|GateTests|OptionTests|FormatTests")

BINARY = {"==": "!=", "!=": "==", "<": "<=", "<=": "<", ">": ">=", ">=": ">", "&&": "||", "||": "&&"}
BINARY_RE = re.compile(r"(?<= )(==|!=|<=|>=|<|>|&&|\|\|)(?= )")
NOT_RE = re.compile(r"(?<=[\s(\[,{])!(?=[A-Za-z_(])")
BOOL_RE = re.compile(r"\b(true|false)\b")


def code_mask(src):
    """For each character of a Swift source: True when it is code, False inside a comment, a
    string literal (plain, multi-line or raw) or an interpolation in one."""
    mask = [False] * len(src)
    n = len(src)

    def string(i):
        # `i` at the first `#` or `"` of a literal; returns the index after it.
        hashes = 0
        while src[i] == "#":
            hashes += 1
            i += 1
        multi = src.startswith('"""', i)
        i += 3 if multi else 1
        close = ('"""' if multi else '"') + "#" * hashes
        escape = "\\" + "#" * hashes
        while i < n:
            if src.startswith(close, i):
                return i + len(close)
            if src.startswith(escape, i):
                j = i + len(escape)
                if j < n and src[j] == "(":
                    i = code(j + 1, top=False)
                else:
                    i = j + 1
                continue
            if not multi and src[i] == "\n":
                return i + 1
            i += 1
        return i

    def code(i, top):
        depth = 0
        while i < n:
            c = src[i]
            if src.startswith("//", i):
                while i < n and src[i] != "\n":
                    i += 1
                continue
            if src.startswith("/*", i):
                nesting, i = 1, i + 2
                while i < n and nesting:
                    if src.startswith("/*", i):
                        nesting, i = nesting + 1, i + 2
                    elif src.startswith("*/", i):
                        nesting, i = nesting - 1, i + 2
                    else:
                        i += 1
                continue
            if c == '"' or (c == "#" and re.match(r'#+"', src[i:i + 8])):
                i = string(i)
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0 and not top:
                    return i + 1
                depth -= 1
            mask[i] = top
            i += 1
        return i

    code(0, top=True)
    return mask


FUNC_RE = re.compile(r"\b(?:func|init|var|subscript)\b\s*([A-Za-z_][A-Za-z0-9_]*)?")


def sources():
    """(file, pattern): every Swift file of the targets, and for a target given with a pattern,
    only the functions whose declaration matches it."""
    files = []
    for target in TARGETS:
        target, pattern = target if isinstance(target, tuple) else (target, None)
        path = os.path.join(ROOT, target)
        if os.path.isdir(path):
            files += sorted((os.path.join(target, f), None) for f in os.listdir(path) if f.endswith(".swift"))
        else:
            files.append((target, pattern))
    return files


def mutants():
    """Every mutant: (file, line number, column, original, replacement, key). The key names the
    site by the function it is in, its line's text and its place among identical sites of that
    function, so that the list of equivalent mutants holds when code elsewhere moves."""
    found = []
    for rel, pattern in sources():
        with open(os.path.join(ROOT, rel), encoding="utf-8") as f:
            src = f.read()
        mask = code_mask(src)
        offset = 0
        function = "(top)"
        seen = {}
        for number, line in enumerate(src.split("\n"), 1):
            start = offset
            offset += len(line) + 1
            if not any(mask[start:start + len(line)]):
                continue
            declared = FUNC_RE.search("".join(ch if mask[start + k] else " " for k, ch in enumerate(line)))
            # A member of a type (indented at most one level) opens a new context; a function
            # nested in one stays in its context.
            if declared and len(line) - len(line.lstrip()) <= 4 and line.lstrip().startswith(("func", "init", "public", "static", "private", "fileprivate",
                                                     "internal", "package", "mutating", "override", "var", "subscript", "@")):
                function = line.strip()
            if pattern and not re.search(pattern, function):
                continue
            for regex, replace in ((BINARY_RE, lambda m: BINARY[m.group(1)]),
                                   (NOT_RE, lambda m: ""),
                                   (BOOL_RE, lambda m: "false" if m.group(1) == "true" else "true")):
                for m in regex.finditer(line):
                    if not all(mask[start + k] for k in range(m.start(), max(m.end(), m.start() + 1))):
                        continue
                    original, replacement = m.group(0), replace(m)
                    text = line.strip()
                    occurrence = seen.get((function, text, original), 0)
                    seen[(function, text, original)] = occurrence + 1
                    key = f"{rel} | {function} | {text} | {original or '!'}#{occurrence} -> {replacement or '(removed)'}"
                    found.append((rel, number, m.start(), original, replacement, key))
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
    # The dependencies at the versions resolved here (the file is not tracked).
    if os.path.exists(os.path.join(ROOT, "Package.resolved")):
        shutil.copy2(os.path.join(ROOT, "Package.resolved"), os.path.join(COPY, "Package.resolved"))
    # A repository of its own: inside this one the copy would be a folder git ignores, and
    # arkitekt (run by the tests on the sample) skips what git ignores.
    subprocess.run(["git", "init", "-q", COPY], check=True)


def main():
    parser = argparse.ArgumentParser(description="Mutation testing of the rule engine.")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--only", action="append", default=[],
                        help="only mutants whose site (path:line:col) contains this; may be given several times")
    parser.add_argument("--filter", default=DEFAULT_FILTER)
    parser.add_argument("--jobs", default=str(os.cpu_count() or 2))
    args = parser.parse_args()

    chosen = [m for m in mutants() if not args.only or any(o in f"{m[0]}:{m[1]}:{m[2] + 1}" for o in args.only)]
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
    # One run at a time: a second would replace the copy under the first.
    lock = open(os.path.join(WORK, "lock"), "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        print(f"mutants: another run is using {WORK}", file=sys.stderr)
        return 2
    copy_repository()
    build = ["swift", "build", "--build-tests", "--scratch-path", SCRATCH, "-j", args.jobs]
    fast = ["swift", "test", "--skip-build", "--scratch-path", SCRATCH, "--filter", FAST_FILTER]
    test = ["swift", "test", "--skip-build", "--scratch-path", SCRATCH, "--filter", args.filter]
    print(f"mutants: building the unchanged copy in {COPY} ...", flush=True)
    status, out = run(build, COPY, log=os.path.join(WORK, "build-baseline.log"))
    if status != 0:
        print(f"mutants: the unchanged copy does not build; see {WORK}/build-baseline.log", file=sys.stderr)
        return 2
    started = time.time()
    for name, command in (("fast", fast), ("rest", test)):
        status, out = run(command, COPY, timeout=1200, log=os.path.join(WORK, f"test-baseline-{name}.log"))
        if status != 0:
            print(f"mutants: the tests fail without any mutant; see {WORK}/test-baseline-{name}.log", file=sys.stderr)
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
            status, out = run(build, COPY, log=os.path.join(WORK, "build-last.log"))
            if status != 0:
                # Stillborn only when the compiler refuses the mutated file; any other failure
                # (the disk, the toolchain) says nothing about the tests, and stops the run.
                if f"{rel}:{number}:" not in out or "error:" not in out:
                    print(f"mutants: the build failed for another reason than the mutant; see {WORK}/build-last.log", file=sys.stderr)
                    return 2
                verdict = "stillborn"
            else:
                verdict = "survived"
                for command in (fast, test):
                    status, _ = run(command, COPY, timeout=limit)
                    if status != 0:
                        verdict = "killed" if status is not None else "killed (timeout)"
                        break
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
