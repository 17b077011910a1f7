#!/usr/bin/env python3
"""Turns what bench/run.sh measured into a Markdown report.

    python3 bench/report.py RESULTS_DIR OUTPUT.md

RESULTS_DIR holds, per landscape (1k, 10k; adoption-1k, adoption-10k for the adoption shape), for
every measurement NAME: NAME.json (hyperfine's export) or NAME.single (the pilot was the only run),
NAME.time (/usr/bin/time: wall, user, sys, peak RSS in KB), NAME.out/.err/.exit/.cmd; and
phases.tsv, versions.txt, loadavg.start/end, command.txt, land-*.meta.json (tidy) and
adoption-*.meta.json, adoption-*/verify-planted.txt (adoption). Standard library only.
"""

import json
import os
import platform
import re
import sys

ROWS = [
    ("floor", "floor: libgit2 + libyaml events, C, 1 thread"),
    ("peer-pyyaml", "peer: PyYAML CLoader + 2 rules in Python"),
    ("peer-check-jsonschema", "peer: check-jsonschema (owner, legalBasis)"),
    ("arkitekt-cold", "arkitekt `check --rev HEAD`, cold"),
    ("arkitekt-staged", "arkitekt `check --staged`, 1 file changed, after a first run"),
    ("arkitekt-changelog", "arkitekt `changelog` over the history"),
    ("git-log-raw", "reference: `git log --raw --first-parent`"),
]

# (label, numerator, denominator, "<=" or ">=", target, basis)
RATIOS = [
    ("cold check / floor", "arkitekt-cold", "floor", "<=", 1.5),
    ("fastest peer / cold check", "FASTEST_PEER", "arkitekt-cold", ">=", 5.0),
    ("check-jsonschema / cold check", "peer-check-jsonschema", "arkitekt-cold", ">=", 40.0),
    ("`--staged` (1 file) / cold check", "arkitekt-staged", "arkitekt-cold", "<=", 0.25),
    ("changelog (1,000 commits) / cold check", "arkitekt-changelog", "arkitekt-cold", "<=", 3.0),
]


def read(path, default=None):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return default


def load_measurement(d, name):
    m = {"name": name}
    time_txt = read(os.path.join(d, name + ".time"))
    if time_txt is None:
        return None
    wall, user, sys_, rss = time_txt.strip().splitlines()[-1].split()
    m["pilot_wall"] = float(wall)
    m["rss_mb"] = int(rss) / 1024
    m["exit"] = (read(os.path.join(d, name + ".exit"), "?") or "?").strip()
    m["cmd"] = (read(os.path.join(d, name + ".cmd"), "") or "").strip()
    hf = read(os.path.join(d, name + ".json"))
    if hf:
        r = json.loads(hf)["results"][0]
        m["times"] = r["times"]
        m["median"] = r["median"]
        m["min"], m["max"] = r["min"], r["max"]
        m["cpu"] = r["user"] + r["system"]
        m["cpu_per_wall"] = m["cpu"] / r["mean"] if r["mean"] else 0
        m["runs"] = len(r["times"])
        m["single"] = False
    else:
        m["times"] = [float(wall)]
        m["median"] = m["min"] = m["max"] = float(wall)
        m["cpu"] = float(user) + float(sys_)
        m["cpu_per_wall"] = m["cpu"] / float(wall) if float(wall) else 0
        m["runs"] = 1
        m["single"] = True
    m["out"] = read(os.path.join(d, name + ".out"), "") or ""
    m["err"] = read(os.path.join(d, name + ".err"), "") or ""
    return m


def what_it_saw(name, m):
    """One line saying what the command found, to show that everyone worked on the same data."""
    out = m["out"]
    try:
        if name == "floor":
            return out.strip().splitlines()[-1]
        if name == "peer-pyyaml":
            return out.strip().splitlines()[-1]
        if name == "peer-check-jsonschema":
            errors = len(re.findall(r"::\$", out + m["err"]))
            parse = len(re.findall(r"Failed to parse", out + m["err"]))
            return f"{errors} schema errors, {parse} files that failed to parse"
        if name in ("arkitekt-cold", "arkitekt-staged"):
            s = json.loads(out)["summary"]
            return (f"{s['error']} errors, {s['warning']} warnings, {s['info']} info, {s.get('suppressed', 0)} suppressed "
                    f"in {s['elements']} elements from {s['files']} files")
        if name == "arkitekt-changelog":
            doc = json.loads(out)
            return f"{len(doc.get('commits', []))} commits listed"
        if name == "git-log-raw":
            return f"{sum(1 for l in out.splitlines() if l.startswith('commit '))} commits"
    except (ValueError, KeyError, IndexError) as e:
        return f"(could not read the output: {e.__class__.__name__}; exit {m['exit']}; stderr: {m['err'].strip()[:200]})"
    return ""


def fmt_s(x):
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 1:
        return f"{x:.2f}"
    return f"{x:.3f}"


def fmt_ratio(x):
    return f"{x:.2f}×" if x < 10 else f"{x:.1f}×" if x < 100 else f"{x:.0f}×"


def verdict(value, op, target):
    if op == "<=":
        if value <= target:
            return "met"
        return f"**not met**: {value / target:.2f}× the allowed"
    if value >= target:
        return "met"
    return f"**not met**: {target / value:.2f}× short"


def machine():
    cpu = "unknown"
    for line in (read("/proc/cpuinfo", "") or "").splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = "unknown"
    for line in (read("/proc/meminfo", "") or "").splitlines():
        if line.startswith("MemTotal"):
            mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    osname = "Linux"
    for line in (read("/etc/os-release", "") or "").splitlines():
        if line.startswith("PRETTY_NAME="):
            osname = line.split("=", 1)[1].strip('"')
    return {"nproc": os.cpu_count(), "cpu": cpu, "mem": mem, "os": osname, "kernel": platform.release()}


SIZES = ("1k", "10k")
SHAPES = ("tidy", "adoption")


def land_label(shape, size):
    """The folder of a landscape's results: the size for the tidy shape, SHAPE-SIZE otherwise."""
    return size if shape == "tidy" else f"{shape}-{size}"


def meta_file(results, land):
    name = f"{land}.meta.json" if land.startswith("adoption-") else f"land-{land}.meta.json"
    return os.path.join(results, name)


def adoption_lines(results, land, meta):
    """What the adoption shape planted and how it is laid out, and the verify-planted verdict."""
    lines = []
    folders = meta.get("largest_folders", {})
    big = ", ".join(f"`{k}` {v}" for k, v in list(folders.items())[:4])
    hist = meta.get("history", {})
    lines.append(f"Adoption shape: {meta.get('planted_findings', sum(meta.get('planted_by_rule', {}).values()))} findings "
                 f"planted over {len(meta.get('planted_by_rule', {}))} rules on "
                 f"{meta.get('elements_with_planted_findings', '?')} elements, "
                 f"{meta.get('near_miss_references', '?')} references that are near misses of real names; "
                 f"largest folders {big}; the history renamed {hist.get('renames', '?')} and moved "
                 f"{hist.get('moves', '?')} files, fixed {hist.get('import_fixes', '?')} findings the import left, "
                 f"fixed and brought back {hist.get('fixed_then_reintroduced', '?')} planted ones and introduced and "
                 f"fixed {hist.get('introduced_then_fixed', '?')}.")
    verify = read(os.path.join(results, land, "verify-planted.txt"))
    if verify is not None:
        last = [l for l in verify.strip().splitlines() if l.strip()]
        lines.append(f"Planted against reported (`bench/verify-planted.py`): {last[-1].replace('verify-planted.py: ', '') if last else 'no output'}")
    lines.append("")
    return lines


def land_section(results, land):
    d = os.path.join(results, land)
    meta = json.loads(read(meta_file(results, land), "{}") or "{}")
    ms = {name: load_measurement(d, name) for name, _ in ROWS}
    ms = {k: v for k, v in ms.items() if v}
    lines = []
    if meta:
        kinds = ", ".join(f"{k} {v}" for k, v in meta.get("elements_by_kind", {}).items())
        lines.append(f"Landscape `{land}`: {meta['files']} element files ({meta['landscape_bytes'] / 1e6:.1f} MB, "
                     f"{meta['average_file_bytes']} bytes per file on average; {kinds}), "
                     f"{meta['commits']} commits (1 import + {meta['commits'] - 1} changing "
                     f"{meta['history_changes']} files), {len(meta.get('tags', []))} tags, seed {meta['seed']}, "
                     f"HEAD `{meta['head'][:12]}`.")
        lines.append("")
        if meta.get("shape") == "adoption":
            lines += adoption_lines(results, land, meta)
    lines.append("| measurement | median wall (s) | min–max (s) | runs | CPU user+sys (s) | CPU / wall | peak RSS (MB) |")
    lines.append("|---|---:|---:|---:|---:|---:|---:|")
    for name, label in ROWS:
        m = ms.get(name)
        if not m:
            continue
        runs = f"{m['runs']}" + (" (pilot only)" if m["single"] else "")
        lines.append(f"| {label} | {fmt_s(m['median'])} | {fmt_s(m['min'])}–{fmt_s(m['max'])} | {runs} | "
                     f"{fmt_s(m['cpu'])} | {m['cpu_per_wall']:.2f} | {m['rss_mb']:.0f} |")
    lines.append("")
    # ratios
    peers = [n for n in ("peer-pyyaml", "peer-check-jsonschema") if n in ms]
    fastest = min(peers, key=lambda n: ms[n]["median"]) if peers else None
    lines.append("| ratio | by wall-clock medians | by CPU time | target (issue 6, 10k landscape) | verdict (wall) |")
    lines.append("|---|---:|---:|---|---|")
    verdicts = []
    for label, num, den, op, target in RATIOS:
        num_name = fastest if num == "FASTEST_PEER" else num
        if num_name not in ms or den not in ms:
            continue
        a, b = ms[num_name], ms[den]
        wall_r = a["median"] / b["median"]
        cpu_r = a["cpu"] / b["cpu"] if b["cpu"] else float("nan")
        shown = label if num != "FASTEST_PEER" else f"fastest peer ({num_name.replace('peer-', '')}) / cold check"
        v = verdict(wall_r, op, target)
        verdicts.append((shown, wall_r, op, target, v))
        lines.append(f"| {shown} | {fmt_ratio(wall_r)} | {fmt_ratio(cpu_r)} | {op.replace('<=', '≤').replace('>=', '≥')} {target:g}× | {v} |")
    if "arkitekt-cold" in ms:
        c = ms["arkitekt-cold"]
        v = verdict(c["rss_mb"], "<=", 300)
        lines.append(f"| peak memory of the cold check | {c['rss_mb']:.0f} MB | | ≤ 300 MB | {v} |")
        verdicts.append(("peak memory of the cold check", c["rss_mb"], "<=", 300, v))
        v = verdict(c["cpu_per_wall"], ">=", 1.5)
        lines.append(f"| cores used by the cold check (CPU / wall) | {c['cpu_per_wall']:.2f} | | both cores (≥ 1.5) | {v} |")
    lines.append("")
    lines.append("What each command reported (the same data for all):")
    lines.append("")
    for name, label in ROWS:
        if name in ms:
            lines.append(f"- {label}: {what_it_saw(name, ms[name])} (exit {ms[name]['exit']})")
    lines.append("")
    lines.append("<details><summary>Exact commands</summary>")
    lines.append("")
    lines.append("```sh")
    for name, _ in ROWS:
        if name in ms:
            lines.append(ms[name]["cmd"].replace(os.path.expanduser("~"), "~"))
    lines.append("```")
    lines.append("")
    lines.append("</details>")
    return "\n".join(lines), ms


def shapes_table(results, size, sections):
    """Medians of the tidy and the adoption landscape of one size side by side."""
    tidy, adoption = sections.get(land_label("tidy", size)), sections.get(land_label("adoption", size))
    if not tidy or not adoption:
        return []
    lines = [f"Both shapes of the {size} landscape (median wall-clock seconds):", "",
             "| measurement | tidy | adoption | adoption / tidy |", "|---|---:|---:|---:|"]
    for name, label in ROWS:
        a, b = tidy.get(name), adoption.get(name)
        if not a or not b:
            continue
        ratio = fmt_ratio(b["median"] / a["median"]) if a["median"] else "–"
        lines.append(f"| {label} | {fmt_s(a['median'])} | {fmt_s(b['median'])} | {ratio} |")
    lines.append("")
    return lines


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    results, output = sys.argv[1], sys.argv[2]
    lands = [l for l in SIZES if os.path.isdir(os.path.join(results, l))]
    adoptions = [l for l in SIZES if os.path.isdir(os.path.join(results, land_label("adoption", l)))]
    mach = machine()
    versions = dict(line.split(" ", 1) for line in (read(os.path.join(results, "versions.txt"), "") or "").splitlines()
                    if " " in line)
    out = ["# arkitekt benchmark results", ""]
    out.append(f"Command: `{(read(os.path.join(results, 'command.txt'), '') or '').strip()}` "
               f"(started {(read(os.path.join(results, 'started.txt'), '') or '').strip()}).")
    out.append("")
    out.append(f"Machine: {mach['nproc']} cores ({mach['cpu']}), {mach['mem']} memory, {mach['os']}, "
               f"kernel {mach['kernel']}. Load average (1/5/15 min) at the start "
               f"{' '.join((read(os.path.join(results, 'loadavg.start'), '') or '').split()[:3])}, at the end "
               f"{' '.join((read(os.path.join(results, 'loadavg.end'), '') or '').split()[:3])}.")
    out.append("")
    dirty = versions.get("arkitekt_dirty_files", "?")
    out.append(f"arkitekt commit `{versions.get('arkitekt_commit', '?')}`"
               f"{'' if dirty == '0' else f' plus {dirty} uncommitted changes under Sources/, rules/ or Package.swift'}; "
               f"{versions.get('swift', '')}; libgit2 {versions.get('libgit2', '?')}, libyaml {versions.get('libyaml', '?')}; "
               f"{versions.get('cc', '')}; {versions.get('git', '')}; {versions.get('hyperfine', '')}; "
               f"{versions.get('python', '')} with {versions.get('peers', '').strip()}.")
    out.append("")
    out.append("Medians of hyperfine runs (warm page cache; arkitekt's cache under `.git/` removed before every "
               "cold run and every changelog run). \"pilot only\": the first run took longer than the slow limit, so it "
               "is the only sample. CPU / wall above 1 means more than one core was busy. Peak RSS is from one run "
               "under `/usr/bin/time -f %M`.")
    out.append("")
    for size in SIZES[::-1]:
        sections = {}
        if size in lands:
            section, sections[size] = land_section(results, size)
            out.append(f"## {size} landscape")
            out.append("")
            out.append(section)
            out.append("")
        if size in adoptions:
            land = land_label("adoption", size)
            section, sections[land] = land_section(results, land)
            out.append(f"## {size} landscape, adoption shape")
            out.append("")
            out.append(section)
            out.append("")
            out += shapes_table(results, size, sections)
    phases = [l.split("\t") for l in (read(os.path.join(results, "phases.tsv"), "") or "").splitlines() if "\t" in l]
    if phases:
        out.append("## Time per phase of this run")
        out.append("")
        out.append("| phase | seconds |")
        out.append("|---|---:|")
        for name, secs in phases:
            out.append(f"| {name} | {secs} |")
        out.append("")
    text = "\n".join(out)
    with open(output, "w", encoding="utf-8") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
