"""A bounded load test of `techties serve`: many clients at once mixing queries, submissions and
curator decisions, on loopback only; then every acknowledged submission is looked for.

    .venv/bin/python bench/loadtest.py [--clients 32] [--seconds 180] [--max-requests 20000]

It loads a fresh store into a temporary directory, serves it on a free port of 127.0.0.1
(policy ``review``, a write token, two query workers), and runs ``--clients`` threads, each
a client that waits 50-250 ms between requests (a person or a script, not a flood), until
``--seconds`` have passed or ``--max-requests`` have been sent. A client picks:

- 60% queries: a library query by POST, an ASK, a DESCRIBE, a CONSTRUCT, an entity page,
  a Graph Store read, the health check;
- 25% submissions: a new memorandum with its evidence (201), one in ten without the
  evidence's source (422);
- 15% curator decisions: accept or reject one of the pending submissions it was told of
  (200; 409 if another client decided it first, which the shared queue prevents).

It passes when no answer is a 5xx, every acknowledged (201) submission is in the records with
the status its decisions gave it and, if accepted, in the store (an ASK over /sparql), and the
memory of the server and its workers is flat: the mean RSS of the last fifth of the run is
within 25% (and 64 MB) of the mean of the second fifth (the first is warm-up). It prints, and
writes to ``--report`` (bench/results/loadtest.txt), the requests, answers by status, latency
p50/p95/p99 per kind, and memory at the start and end. Exit 0 if it passed, 1 if not.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter, defaultdict
from pathlib import Path

from common import ROOT, TECHTIES, descendants, free_port, machine, memory

TOKEN = "load-test-token"
NS = "https://w3id.org/techties/"
RUSSIA = NS + "id/state/russia"
QUERIES = ["agreements-per-year", "actors-ranked-by-agreements", "agreements-by-party"]
SUBMISSION = """@prefix tt: <https://w3id.org/techties/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix st: <https://w3id.org/techties/id/state/> .
@prefix in: <https://w3id.org/techties/id/instrument/> .
@prefix tech: <https://w3id.org/techties/id/technology/> .
@prefix src: <https://w3id.org/techties/id/source/> .
in:{slug} a tt:Memorandum ;
    rdfs:label "Load test memorandum {slug}"@en ;
    tt:party st:russia , st:china ;
    tt:domain tech:artificial-intelligence ;
    tt:date "2021"^^xsd:gYear ;
    tt:evidence [ a tt:Evidence ; tt:quote "Russia and China signed a memorandum" {source} ] .
"""


class Run:
    """What the clients share: the deadline, counts, latencies, and the submissions."""

    def __init__(self, base: str, seconds: float, max_requests: int):
        self.base = base
        self.deadline = time.monotonic() + seconds
        self.max_requests = max_requests
        self.lock = threading.Lock()
        self.sent = 0
        self.statuses: Counter = Counter()
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.failures: list[str] = []
        self.pending: list[tuple[str, str]] = []  # (id, entity IRI) acknowledged, undecided
        self.expected: dict[str, tuple[str, str]] = {}  # id -> (status, entity IRI)

    def go_on(self) -> bool:
        with self.lock:
            if time.monotonic() >= self.deadline or self.sent >= self.max_requests:
                return False
            self.sent += 1
            return True

    def request(self, kind: str, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes]:
        req = urllib.request.Request(self.base + path, data=body, method=method,
                                     headers=headers or {})
        start = time.monotonic()
        try:
            with urllib.request.urlopen(req, timeout=120) as answer:
                status, data = answer.status, answer.read()
        except urllib.error.HTTPError as exc:
            status, data = exc.code, exc.read()
        except OSError as exc:
            status, data = 0, str(exc).encode()
        took = time.monotonic() - start
        with self.lock:
            self.statuses[(kind, status)] += 1
            self.latency[kind].append(took)
            if status >= 500 or status == 0:
                self.failures.append(f"{kind} {method} {path[:80]}: {status} "
                                     f"{data[:200].decode(errors='replace')}")
        return status, data


def query(run: Run, rng: random.Random) -> None:
    choice = rng.randrange(7)
    if choice == 0:
        name = rng.choice(QUERIES)
        text = (ROOT / "queries" / f"{name}.rq").read_bytes()
        run.request("query", "POST", "/sparql", text,
                    {"Content-Type": "application/sparql-query", "Accept": "text/csv"})
    elif choice == 1:
        run.request("query", "GET", "/sparql?" + urllib.parse.urlencode(
            {"query": f"ASK {{ <{RUSSIA}> ?p ?o }}"}))
    elif choice == 2:
        run.request("query", "GET", "/sparql?" + urllib.parse.urlencode(
            {"query": f"DESCRIBE <{RUSSIA}>", "format": "xml"}))
    elif choice == 3:
        run.request("query", "GET", "/sparql?" + urllib.parse.urlencode(
            {"query": "CONSTRUCT WHERE { ?s a <https://w3id.org/techties/ontology#State> }"}),
            headers={"Accept": "application/n-triples"})
    elif choice == 4:
        run.request("page", "GET", "/id/state/" + rng.choice(["russia", "china"]),
                    headers={"Accept": "text/html"})
    elif choice == 5:
        run.request("page", "GET", "/store?graph=" + urllib.parse.quote(NS + "graph/ontology"))
    else:
        run.request("page", "GET", "/health")


def submit(run: Run, rng: random.Random) -> None:
    slug = f"load-test-{uuid.uuid4().hex[:12]}"
    good = rng.random() >= 0.1
    source = "; dcterms:source src:kapoor-2021" if good else ""
    body = SUBMISSION.format(slug=slug, source=source).encode()
    status, data = run.request("submit", "POST", "/submissions", body,
                               {"Content-Type": "text/turtle", "Accept": "application/json"})
    if status == 201:
        sid = json.loads(data)["id"]
        with run.lock:
            run.expected[sid] = ("pending", NS + "id/instrument/" + slug)
            run.pending.append((sid, NS + "id/instrument/" + slug))
    elif status != 422 or good:
        with run.lock:
            run.failures.append(f"submission answered {status} (good: {good}): {data[:200]}")


def decide(run: Run, rng: random.Random) -> None:
    with run.lock:
        if not run.pending:
            return
        sid, entity = run.pending.pop(rng.randrange(len(run.pending)))
    verdict = "accept" if rng.random() < 0.7 else "reject"
    status, data = run.request(
        "decide", "POST", f"/submissions/{sid}/{verdict}",
        urllib.parse.urlencode({"reason": "load test"}).encode(),
        {"Authorization": f"Bearer {TOKEN}", "Accept": "application/json",
         "Content-Type": "application/x-www-form-urlencoded"})
    with run.lock:
        if status == 200:
            run.expected[sid] = ("accepted" if verdict == "accept" else "rejected", entity)
        elif status != 503:  # 503: not decided (every worker busy); stays pending
            run.failures.append(f"{verdict} {sid} answered {status}: {data[:200]}")


def client(run: Run, seed: int) -> None:
    rng = random.Random(seed)
    while run.go_on():
        pick = rng.random()
        (query if pick < 0.6 else submit if pick < 0.85 else decide)(run, rng)
        time.sleep(rng.uniform(0.05, 0.25))


def rss_mb(pid: int) -> float:
    total = 0
    for p in descendants(pid):
        try:
            total += memory(p).get("VmRSS", 0)
        except OSError:
            pass
    return total / 1024


def verify(run: Run) -> list[str]:
    """Every acknowledged submission, in the records with its status; accepted ones in the
    store."""
    lost = []
    for sid, (status, entity) in sorted(run.expected.items()):
        code, data = run.request("verify", "GET", f"/submissions/{sid}",
                                 headers={"Accept": "application/json"})
        said = json.loads(data).get("status") if code == 200 else None
        if said != status:
            lost.append(f"{sid}: expected {status}, the record says {said} ({code})")
            continue
        if status == "accepted":
            code, data = run.request("verify", "GET", "/sparql?" + urllib.parse.urlencode(
                {"query": f"ASK {{ <{entity}> a ?type }}"}))
            if b"true" not in data:
                lost.append(f"{sid}: accepted, but <{entity}> is not in the store")
    return lost


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000 if ordered else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32, choices=range(16, 65),
                        metavar="16..64")
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--max-requests", type=int, default=20000)
    parser.add_argument("--report", default=str(ROOT / "bench" / "results" / "loadtest.txt"))
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="techties-load-"))
    proc = None
    try:
        store = tmp / "store"
        subprocess.run([TECHTIES, "load", "--store", str(store)], check=True,
                       capture_output=True, timeout=600)
        port = free_port()
        env = {**os.environ, "TECHTIES_WRITE_TOKEN": TOKEN, "TECHTIES_QUERY_WORKERS": "2",
               "TECHTIES_SUBMISSION_POLICY": "review"}
        log = (tmp / "serve.log").open("wb")
        proc = subprocess.Popen([TECHTIES, "serve", "--host", "127.0.0.1", "--port", str(port),
                                 "--store", str(store)], env=env, cwd=tmp,
                                stdout=subprocess.DEVNULL, stderr=log)
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/health", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        run = Run(base, args.seconds, args.max_requests)
        samples: list[tuple[float, float]] = []
        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(run, i)) for i in range(args.clients)]
        for thread in threads:
            thread.start()
        while any(t.is_alive() for t in threads):
            samples.append((time.monotonic() - started, rss_mb(proc.pid)))
            time.sleep(2)
        duration = time.monotonic() - started
        lost = verify(run)
        fifth = max(1, len(samples) // 5)
        early = sum(m for _, m in samples[fifth:2 * fifth]) / fifth
        late = sum(m for _, m in samples[-fifth:]) / fifth
        flat = late <= max(early * 1.25, early + 64)
        server_errors = sum(n for (_, status), n in run.statuses.items()
                            if status >= 500 or status == 0)
        kinds = sorted(run.latency)
        everything = [t for k in kinds if k != "verify" for t in run.latency[k]]
        lines = [
            f"techties load test, {time.strftime('%Y-%m-%d %H:%M')} on {machine()}",
            f"clients {args.clients}, {duration:.0f} s, {run.sent} requests "
            f"({run.sent / duration:.1f}/s), loopback {base}",
            "answers: " + ", ".join(f"{k} {s}: {n}" for (k, s), n in sorted(run.statuses.items())),
            f"latency, all but verify: p50 {percentile(everything, 50):.0f} ms, "
            f"p95 {percentile(everything, 95):.0f} ms, p99 {percentile(everything, 99):.0f} ms",
            *[f"  {k}: n {len(run.latency[k])}, p50 {percentile(run.latency[k], 50):.0f} ms, "
              f"p95 {percentile(run.latency[k], 95):.0f} ms" for k in kinds],
            f"5xx or no answer: {server_errors}",
            f"submissions acknowledged: {len(run.expected)} (accepted "
            f"{sum(1 for s, _ in run.expected.values() if s == 'accepted')}, rejected "
            f"{sum(1 for s, _ in run.expected.values() if s == 'rejected')}, pending "
            f"{sum(1 for s, _ in run.expected.values() if s == 'pending')}); lost: {len(lost)}",
            f"memory (server and workers, RSS): start {samples[0][1]:.0f} MB, second fifth "
            f"{early:.0f} MB, last fifth {late:.0f} MB, end {samples[-1][1]:.0f} MB, max "
            f"{max(m for _, m in samples):.0f} MB: {'flat' if flat else 'GROWING'}",
            *[f"failure: {f}" for f in run.failures[:20]],
            *[f"lost: {x}" for x in lost[:20]],
        ]
        passed = not run.failures and not lost and flat and server_errors == 0
        lines.append("PASSED" if passed else "FAILED")
        report = "\n".join(lines) + "\n"
        print(report, end="")
        Path(args.report).parent.mkdir(parents=True, exist_ok=True)
        Path(args.report).write_text(report)
        return 0 if passed else 1
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
