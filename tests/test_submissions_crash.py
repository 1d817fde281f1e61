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
import signal
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import memo, serve

from server import store
from server.submission.records import Records

TOKEN = "crash-test-token"
ROUNDS = 5
BUDGET = 60.0
"""Seconds for all rounds together."""



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
        env = {"TECHTIES_WRITE_TOKEN": TOKEN, "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
               "PYTHONPATH": os.environ.get("PYTHONPATH", "")}
        self.proc, base = serve(store_path, tmp, env, wait_for="/submissions")
        self.port = int(base.rsplit(":", 1)[1])

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
            status, body = request(port, "POST", "/submissions", memo(n),
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


@pytest.mark.slow
@pytest.mark.servers
def test_kill_9_loses_nothing_acknowledged_and_half_writes_nothing(store_copy, tmp_path):
    path = store_copy
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
        before = len(acknowledged)
        for w in workers:
            w.start()
        # the kill lands at a random moment once this round's submissions are under way (the
        # first one acknowledged: on a busy machine that takes seconds, not a fixed delay)
        deadline = time.monotonic() + 60
        while (len(acknowledged) == before and time.monotonic() < deadline
               and any(w.is_alive() for w in workers)):
            time.sleep(0.05)
        time.sleep(rng.uniform(0.0, 1.2))
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
