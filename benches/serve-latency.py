#!/usr/bin/env python3
"""How long `signpost serve` takes to serve an edit (docs/performance.md).

Starts `signpost serve` on a generated site, then 20 times: writes a new
sentence into one page's Markdown, and fetches that page over HTTP every
millisecond until the sentence is served. Prints each latency (from the
moment the file was written to the first response with the new text) and
the median.

    benches/serve-latency.py                 10,000 pages (target/bench/site-10000)
    benches/serve-latency.py --pages 1000    another size
    benches/serve-latency.py --edits 50      more edits
    benches/serve-latency.py --pause 2       2 s between edits (default 0.3)

It also prints the start-up time: from starting serve to its address.

The binary is built with `--profile dist` (as benches/build.sh does;
PROFILE=release for the release profile), the site
generated first if it is missing (examples/gen-site.rs). The page edited is
restored when the script ends.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--pause", type=float, default=0.3,
                        help="seconds between an edit served and the next edit")
    parser.add_argument("--page", default="t01/s0001/page-001.md",
                        help="the page to edit, below content/")
    args = parser.parse_args()

    os.chdir(ROOT)
    profile = os.environ.get("PROFILE", "dist")
    binaries = f"target/{profile}"
    subprocess.run(["cargo", "build", "--profile", profile, "--quiet", "--bin", "signpost",
                    "--example", "gen-site"], check=True)
    site = f"target/bench/site-{args.pages}"
    if not os.path.isdir(site):
        subprocess.run([f"{binaries}/examples/gen-site", site, str(args.pages)],
                       check=True, stdout=subprocess.DEVNULL)
    page = os.path.join(site, "content", args.page)
    with open(page, encoding="utf-8") as f:
        original = f.read()
    url_path = "/" + args.page.removesuffix(".md").removesuffix("_index") + "/"
    url_path = url_path.replace("//", "/")

    starting = time.monotonic()
    server = subprocess.Popen([f"{binaries}/signpost", "serve", site, "--port", "0"],
                              stderr=subprocess.PIPE, text=True)
    log = []
    address = wait_for_address(server, log)
    print(f"start-up (until serve prints its address): {time.monotonic() - starting:.2f} s")
    base = re.match(r"http://[^/]+(/.*)", address).group(1)
    origin = address[: len(address) - len(base)]
    page_url = origin + base.rstrip("/") + url_path
    try:
        fetch(page_url)
        latencies = []
        for n in range(args.edits):
            marker = f"Edited for the latency benchmark, number {n} at {time.time_ns()}."
            text = original.rstrip("\n") + f"\n\n{marker}\n"
            time.sleep(args.pause)  # each edit its own burst, as an editor saves
            started = write(page, text)
            while True:
                body = fetch(page_url)
                if marker in body:
                    latencies.append((time.monotonic() - started) * 1000)
                    break
                if time.monotonic() - started > 30:
                    sys.exit(f"edit {n} was not served within 30 s; serve said:\n" + "".join(log[-20:]))
                time.sleep(0.001)
            print(f"edit {n + 1:2}: {latencies[-1]:7.1f} ms")
        updated = [line for line in log if line.startswith("updated ")]
        print(f"median over {len(latencies)} edits: {statistics.median(latencies):.1f} ms "
              f"(min {min(latencies):.1f}, max {max(latencies):.1f}); {args.pages} pages")
        if updated:
            print(f"serve's last report: {updated[-1].strip()}")
    finally:
        write(page, original)
        server.terminate()
        server.wait()


def wait_for_address(server, log):
    """Read serve's output until it prints the address; keep reading it after."""
    found = threading.Event()
    address = []

    def read():
        for line in server.stderr:
            log.append(line)
            match = re.match(r"serving (http://\S+)", line)
            if match and not address:
                address.append(match.group(1))
                found.set()

    threading.Thread(target=read, daemon=True).start()
    if not found.wait(600):
        sys.exit("serve did not start; it said:\n" + "".join(log[-20:]))
    return address[0]


def write(path, text):
    """Write the file as an editor does; the time it was written."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return time.monotonic()


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


if __name__ == "__main__":
    main()
