"""What compression by Accept-Encoding gives and costs: sizes, and the time to the first byte
and to the last of pages, answers and dumps from a live `techties serve`, plain and in each
encoding (gzip, br, zstd); and whether a long streamed answer stays streamed.

    .venv/bin/python bench/compression.py [--runs 5]

Builds a store in a temporary directory (`techties load --store`), serves it on a free
loopback port with no row limit (`TECHTIES_ROW_LIMIT=0`), and asks each resource `--runs`
times per encoding, alternating encodings, reading the raw (still compressed) bytes with
http.client: the body size, the ratio to the plain size, the median (min-max) time to the first
body byte and to the last. The long answer is a 100,000-row TSV (~40 MB plain): if
compression held it back until the end, its first byte would come as late as its last. Not run
by CI.
"""

import argparse
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from common import TECHTIES, free_port, machine, ms, server, summary

RESOURCES = [
    ("entity page (HTML)", "/id/state/russia", "text/html"),
    ("VoID (Turtle)", "/void", "text/turtle"),
    ("SELECT, 5,000 rows (JSON)", "/sparql?query=" + urllib.parse.quote(
        "SELECT ?s ?p ?o { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 5000"),
     "application/sparql-results+json"),
    ("dump techties.nq", "/dumps/techties.nq", "*/*"),
    ("dump techties.ttl", "/dumps/techties.ttl", "*/*"),
    ("SELECT, 100,000 rows (TSV, streamed)", "/sparql?query=" + urllib.parse.quote(
        "SELECT ?s ?p ?o ?a ?b ?c { ?s ?p ?o . ?a ?b ?c } LIMIT 100000"),
     "text/tab-separated-values"),
]
ENCODINGS = ["identity", "gzip", "br", "zstd"]


def fetch(port: int, path: str, accept: str, encoding: str) -> tuple[int, float, float, str]:
    """(raw body bytes, seconds to the first body byte, seconds to the last, encoding)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    start = time.perf_counter()
    conn.request("GET", path, headers={"Accept": accept, "Accept-Encoding": encoding})
    response = conn.getresponse()
    first = response.read(1)
    ttfb = time.perf_counter() - start
    size = len(first)
    while chunk := response.read(65536):
        size += len(chunk)
    total = time.perf_counter() - start
    got = response.getheader("Content-Encoding") or "identity"
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status}")
    return size, ttfb, total, got


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    print(machine())
    work = Path(tempfile.mkdtemp(prefix="techties-bench-compression-"))
    try:
        store = work / "store"
        subprocess.run([TECHTIES, "load", "--store", str(store)], check=True,
                       capture_output=True)
        port = free_port()
        cmd = [TECHTIES, "serve", "--store", str(store), "--port", str(port)]
        os.environ["TECHTIES_ROW_LIMIT"] = "0"  # inherited by the server
        with server(cmd, f"http://127.0.0.1:{port}/health", work / "serve.log"):
            for name, path, accept in RESOURCES:
                print(f"\n{name}  {path[:60]}")
                results = {e: [] for e in ENCODINGS}
                for _ in range(args.runs):
                    for encoding in ENCODINGS:
                        results[encoding].append(fetch(port, path, accept, encoding))
                plain = results["identity"][0][0]
                for encoding, runs in results.items():
                    size, got = runs[0][0], runs[0][3]
                    print(f"  {encoding:8s} ({got:8s}) {size / 1e6:8.3f} MB  "
                          f"x{plain / size:5.1f}  first byte {ms(summary([r[1] for r in runs]))}"
                          f"  last byte {ms(summary([r[2] for r in runs]))}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
