#!/usr/bin/env python3
"""Writes arkitekt's man page (mdoc) from the command's own description of itself.

    arkitekt --experimental-dump-help | python3 scripts/manpage.py DATE > arkitekt.1

The description is what swift-argument-parser knows of every command, option and argument (the
same text as --help), so the page cannot drift from the program. DATE (YYYY-MM-DD) goes on the
page; give the date of the release so that the same source gives the same page.
"""
import json
import sys

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def escape(text):
    """Text for a line of mdoc: backslashes doubled, and a line never starts with a dot."""
    out = []
    for line in text.replace("\\", "\\e").split("\n"):
        out.append("\\&" + line if line.startswith((".", "'")) else line)
    return "\n".join(out)


def flag(name):
    prefix = "-" if name["kind"] == "short" else "--" if name["kind"] == "long" else "-"
    return prefix + name["name"]


def argument_item(arg):
    if arg["kind"] == "positional":
        head = ".It Ar " + arg.get("valueName", "value")
    else:
        names = ", ".join("Fl " + flag(n)[1:] for n in arg.get("names", []))
        head = ".It " + names.replace(", Fl ", " , Fl ")
        if arg["kind"] == "option":
            head += " Ar " + arg.get("valueName", "value")
    lines = [head]
    about = arg.get("abstract", "")
    if arg.get("allValues") and "values:" not in about:
        about += " (values: " + ", ".join(arg["allValues"]) + ")"
    if arg.get("defaultValue"):
        about += " (default: " + arg["defaultValue"] + ")"
    if about:
        lines.append(escape(about))
    if arg.get("discussion"):
        lines += [".Pp", escape(arg["discussion"])]
    return lines


def command_lines(command, path):
    lines = []
    if command.get("abstract"):
        lines.append(escape(command["abstract"]))
    if command.get("discussion"):
        lines += [".Pp", escape(command["discussion"])]
    arguments = [a for a in command.get("arguments", []) if a.get("shouldDisplay", True)]
    if arguments:
        lines.append(".Bl -tag -width 6n")
        for arg in arguments:
            lines += argument_item(arg)
        lines.append(".El")
    return lines


def main():
    date = sys.argv[1] if len(sys.argv) > 1 else "2026-01-01"
    year, month, day = (int(x) for x in date.split("-"))
    root = json.load(sys.stdin)["command"]
    name = root["commandName"]
    out = ['.\\" Generated from "arkitekt --experimental-dump-help" by scripts/manpage.py',
           ".Dd %s %d, %d" % (MONTHS[month - 1], day, year),
           ".Dt %s 1" % name.upper(), ".Os",
           ".Sh NAME", ".Nm " + name, ".Nd " + escape(root.get("abstract", "")),
           ".Sh SYNOPSIS", ".Nm", ".Ar command", ".Op Ar options",
           ".Sh DESCRIPTION"]
    out += command_lines(root, [name])
    out.append(".Sh COMMANDS")
    def walk(command, path):
        for sub in command.get("subcommands", []):
            if not sub.get("shouldDisplay", True) or sub["commandName"] == "help":
                continue
            full = path + [sub["commandName"]]
            out.append(".Ss " + " ".join(full))
            out.extend(command_lines(sub, full))
            walk(sub, full)
    walk(root, [name])
    out += [".Sh EXIT STATUS",
            "0: no finding at or above --fail-on; 1: at least one; 2: a usage or input error, said on one line of stderr.",
            ".Sh SEE ALSO", ".Xr git 1"]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
