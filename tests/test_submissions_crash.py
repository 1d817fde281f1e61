"""Nothing acknowledged is lost, nothing is half-written: the server killed with SIGKILL at
random moments while submissions and acceptances are under way, then restarted.

The server (``techties serve``) runs as a subprocess on a free loopback port with a store of
its own.
Every loop is bounded in count and in time.
"""

import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from server import store
from server.submission.records import Records

HERE = Path(__file__).parent
TOKEN = "crash-test-token"
ROUNDS = 5
BUDGET = 60.0
"""Seconds for all rounds together."""

MEMO = """@prefix tt: <https://w3id.org/techties/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix st: <https://w3id.org/techties/id/state/> .
@prefix in: <https://w3id.org/techties/id/instrument/> .
@prefix src: <https://w3id.org/techties/id/source/> .
in:crash-memorandum-{n} a tt:Memorandum ;
    rdfs:label "Crash test memorandum {n}"@en ;
    tt:party st:russia , st:china ;
    tt:evidence [ a tt:Evidence ; tt:quote "signing deals for supply of Su-35 fighter jets" ;
                  dcterms:source src:kapoor-2021 ] .
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def command(store_path: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "server.cli", "serve", "--host", "127.0.0.1",
            "--port", str(port), "--store", str(store_path)]


def request(port: int, method: str, path: str, body: bytes | None = None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Server:
    def __init__(self, store_path: Path, tmp: Path):
        self.port = free_port()
        env = {"TECHTIES_WRITE_TOKEN": TOKEN, "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
               "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE.parent),
                                                           os.environ.get("PYTHONPATH")]))}
        self.proc = subprocess.Popen(command(store_path, self.port), cwd=tmp, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                if request(self.port, "GET", "/submissions")[0] == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                self.kill()
                raise RuntimeError("the server did not start")
            time.sleep(0.1)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)


def client(port: int, counter, acknowledged: dict, accepted: set, stop: threading.Event,
           rng: random.Random):
    """Submit and accept until the server dies or ``stop`` is set (at most 200 requests)."""
    for _ in range(200):
        if stop.is_set():
            return
        n = next(counter)
        try:
            status, body = request(port, "POST", "/submissions", MEMO.format(n=n).encode(),
                                   {"Content-Type": "text/turtle"})
            if status != 201:
                raise AssertionError(f"submission {n}: {status} {body[:500]!r}")
            sid = json.loads(body)["id"]
            acknowledged[sid] = n
            if rng.random() < 0.7:
                status, body = request(port, "POST", f"/submissions/{sid}/accept",
                                       b"reason=crash+test",
                                       {"Authorization": f"Bearer {TOKEN}",
                                        "Content-Type": "application/x-www-form-urlencoded"})
                if status == 200:
                    accepted.add(sid)
        except (OSError, http.client.HTTPException):
            return  # the server is gone


def graph_sizes(db: ox.Store) -> dict[str, int]:
    rows = db.query("SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {r["g"].value: int(r["n"].value) for r in rows}


def test_kill_9_loses_nothing_acknowledged_and_half_writes_nothing(store_path, tmp_path):
    path = tmp_path / "store"
    shutil.copytree(store_path, path)
    rng = random.Random(20261122)
    acknowledged: dict[str, int] = {}
    accepted: set[str] = set()
    counter = iter(range(10**6))
    started = time.monotonic()
    rounds = 0
    while rounds < ROUNDS and time.monotonic() - started < BUDGET:
        rounds += 1
        server = Server(path, tmp_path)
        stop = threading.Event()
        workers = [threading.Thread(target=client, args=(server.port, counter, acknowledged,
                                                         accepted, stop, random.Random(i)))
                   for i in range(2)]
        for w in workers:
            w.start()
        time.sleep(rng.uniform(0.3, 1.5))
        server.kill()
        stop.set()
        for w in workers:
            w.join(timeout=30)
    assert acknowledged, "no submission was acknowledged before the kills"

    # Restart: the server finishes what was interrupted; every record is readable over HTTP.
    server = Server(path, tmp_path)
    try:
        for sid in acknowledged:
            status, body = request(server.port, "GET", f"/submissions/{sid}",
                                   headers={"Accept": "application/json"})
            assert status == 200, (sid, body)
            record = json.loads(body)
            assert record["status"] in ("pending", "accepted"), record
            if sid in accepted:
                assert record["status"] == "accepted", record
    finally:
        server.kill()

    records = Records.beside(path)
    db = store.open_store(path, read_only=True)
    sizes = graph_sizes(db)
    for record in records.list():
        assert sizes.get(record.graph, 0) == (record.triples if record.status == "accepted"
                                              else 0), record
        if record.status == "accepted":
            assert sizes.get(record.graph + "/inferred", 0) > 0, record
    print(f"{rounds} kills, {len(acknowledged)} acknowledged, {len(accepted)} accepted")
