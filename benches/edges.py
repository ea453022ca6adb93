#!/usr/bin/env python3
"""Speed at the edges (docs/performance.md): one page holding thousands of
one thing, added to a copy of example-content, built (or checked) at N and
at 2N. A ratio near 2 means the time grows with the page; near 4, with its
square.

    benches/edges.py                  every case, release binary
    benches/edges.py headings         one case
    PROFILE=dist benches/edges.py     the installed profile (longer compile)
    SIGNPOST=path benches/edges.py    another binary, not compiled (an older one)

Some cases fail by design (the page is full of broken links): the time of
the run, and its last line, are what count.
"""

import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROFILE = os.environ.get("PROFILE", "release")
BIN = os.environ.get("SIGNPOST") or os.path.join(ROOT, "target", PROFILE, "signpost")
WORK = os.path.join(ROOT, "target", "bench", "edges")
FRONT = "---\ntitle: Edge\ndescription: A page of many things.\n---\n\n"


def lines(n, line):
    return "\n".join(line(i) for i in range(n)) + "\n"


# name: (command, N, the page's body for n)
CASES = {
    "headings": ("build", 20000, lambda n: lines(n, lambda i: "## Same heading\n\nWords.\n")),
    # The same few numbers at N and 2N: a number longer than a short code is
    # read by the phone number library and compared with the registry's,
    # which costs more (line 100000 on, here).
    "sentences": (
        "build",
        100000,
        lambda n: lines(n, lambda i: f"This is line {i % 1000} here."),
    ),
    "missing-anchors": ("build", 20000, lambda n: lines(n, lambda i: f"- [to {i}](#x{i})")),
    "unknown-numbers": (
        "check",
        20000,
        lambda n: lines(n, lambda i: f"Ring 0800 {100 + i % 800:03d} {1000 + i % 9000:04d} today.\n"),
    ),
    "missing-pages": ("build", 20000, lambda n: lines(n, lambda i: f"See [page {i}](missing-{i}.md).\n")),
    "shortcodes": (
        "build",
        5000,
        lambda n: lines(n, lambda i: '{{ service(id="national-stalking-helpline") }}\n'),
    ),
}


def run(name, command, body):
    site = os.path.join(WORK, name)
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(os.path.join(ROOT, "example-content"), site)
    with open(os.path.join(site, "content", "edge.md"), "w") as page:
        page.write(FRONT + body)
    args = [BIN, command, site]
    if command == "build":
        args += ["-o", os.path.join(WORK, name + "-out")]
    started = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    last = (done.stderr.strip().splitlines() or [""])[-1]
    return seconds, done.returncode, last


def main():
    chosen = sys.argv[1:] or list(CASES)
    unknown = [c for c in chosen if c not in CASES]
    if unknown:
        sys.exit(f"error: no case {', '.join(unknown)}\n  help: the cases are {', '.join(CASES)}")
    if not os.environ.get("SIGNPOST"):
        subprocess.run(
            ["cargo", "build", "--profile", PROFILE, "--quiet", "--bin", "signpost"],
            cwd=ROOT,
            check=True,
        )
    os.makedirs(WORK, exist_ok=True)
    print(f"{'case':<16} {'command':<7} {'N':>7} {'N s':>7} {'2N s':>7} {'ratio':>6}  last line at 2N")
    for name in chosen:
        command, n, body = CASES[name]
        one, _, _ = run(name, command, body(n))
        two, code, last = run(name, command, body(2 * n))
        print(f"{name:<16} {command:<7} {n:>7} {one:>7.2f} {two:>7.2f} {two / one:>6.1f}  (exit {code}) {last}")


if __name__ == "__main__":
    main()
