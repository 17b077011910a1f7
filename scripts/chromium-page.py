#!/usr/bin/env python3
"""Opens a page in headless Chromium, as a person's browser would, and prints what it shows.

Usage: chromium-page.py URL [--no-script]

Prints one JSON object: {"text": the page's visible text (document.body.innerText), "problems":
the errors and warnings of its console and any uncaught exception}. With --no-script the page's
scripts do not run (what a reader with JavaScript off sees).

Chromium is driven through its DevTools protocol over a pipe (--remote-debugging-pipe: commands
on fd 3, answers on fd 4, each message ending in a NUL byte): no network port, no extra package.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile


def main():
    url = sys.argv[1]
    scripts = "--no-script" not in sys.argv[2:]
    commands_read, commands_write = os.pipe()
    answers_read, answers_write = os.pipe()
    profile = tempfile.mkdtemp(prefix="arkitekt-chromium-")

    def child():
        a, b = os.dup(commands_read), os.dup(answers_write)
        os.dup2(a, 3)
        os.dup2(b, 4)

    browser = subprocess.Popen(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--remote-debugging-pipe", "--user-data-dir=" + profile, "about:blank"],
        close_fds=False, preexec_fn=child, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(commands_read)
    os.close(answers_write)
    to_browser = os.fdopen(commands_write, "wb", buffering=0)
    from_browser = os.fdopen(answers_read, "rb", buffering=0)
    pending = b""
    counter = [0]
    events = []

    def send(method, params=None, session=None):
        counter[0] += 1
        message = {"id": counter[0], "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        to_browser.write(json.dumps(message).encode() + b"\0")
        return counter[0]

    def answer(number):
        nonlocal pending
        while True:
            while b"\0" not in pending:
                chunk = from_browser.read(65536)
                if not chunk:
                    raise SystemExit("chromium closed the pipe")
                pending += chunk
            raw, pending = pending.split(b"\0", 1)
            message = json.loads(raw)
            if message.get("id") == number:
                if "error" in message:
                    raise SystemExit(json.dumps(message["error"]))
                return message.get("result", {})
            events.append(message)

    try:
        target = answer(send("Target.createTarget", {"url": "about:blank"}))["targetId"]
        session = answer(send("Target.attachToTarget", {"targetId": target, "flatten": True}))["sessionId"]
        for domain in ("Runtime.enable", "Log.enable", "Page.enable"):
            answer(send(domain, session=session))
        if not scripts:
            answer(send("Emulation.setScriptExecutionDisabled", {"value": True}, session=session))
        answer(send("Page.navigate", {"url": url}, session=session))
        while not any(e.get("method") == "Page.loadEventFired" for e in events):
            answer(send("Runtime.evaluate", {"expression": "1"}, session=session))
        result = answer(send("Runtime.evaluate", {"expression": "document.body.innerText", "returnByValue": True},
                             session=session))
        text = result.get("result", {}).get("value", "")
        problems = []
        for event in events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                problems.append(params.get("exceptionDetails", {}).get("text", "exception"))
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "warning", "assert"):
                problems.append(json.dumps(params.get("args", [])))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in ("error", "warning"):
                problems.append(params["entry"].get("text", ""))
        send("Browser.close")
        browser.wait(timeout=30)
    finally:
        if browser.poll() is None:
            browser.kill()
        shutil.rmtree(profile, ignore_errors=True)
    print(json.dumps({"text": text, "problems": problems}))


if __name__ == "__main__":
    main()
