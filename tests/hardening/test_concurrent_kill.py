"""No command sequence leaves a store that does not open or has lost an acknowledged write
(issue 11, DESIGN: Store): every pairing of `serve`, `load`, `import`, curator decisions and
Graph Store writes, run at the same time, with kill -9 at a random moment.

Each pairing plays rounds on one store of its own (a copy of the curated one, with pending
submissions to decide). In a round both actors start together, as processes: `techties
serve` (Graph Store writes and, when a server runs, decisions go to it over HTTP), `techties
load`, `techties import`, `techties submissions accept`. At a random moment one of the running
processes is killed with SIGKILL; a little later, all that still run are. Every operation
acknowledged (a 2xx, an exit status 0) is written down. Then, once the next holder of the
store has recovered it, as `serve` or any command does when it takes the store:

- the store opens;
- every acknowledged Graph Store write, import and acceptance is in it (loads carry them
  over), and every record says accepted exactly when its graph is there;
- the graphs load builds are whole: the same as a fresh load's, never half a build.

A refusal ("in use by ...") is an answer, not a failure: two writers cannot both hold the
store. Bounded: one round per pairing (``TECHTIES_CHAOS_ROUNDS`` for more), each in a
couple of minutes at most.
"""

import itertools
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import ROOT, make_app, memo, wait_until_serving

from server import namespaces as ns
from server import store
from server.config import Settings
from server.store import imports
from server.store.dataset import open_dataset
from server.submission.records import Records
from server.submission.service import Submissions

pytestmark = [pytest.mark.slow, pytest.mark.servers]

ACTORS = ("serve", "load", "import", "decide", "graphstore")
ROUNDS = int(os.environ.get("TECHTIES_CHAOS_ROUNDS", "1"))
TOKEN = "chaos"
PENDING = 12
"""Submissions made pending before the rounds, for the decisions to accept."""


class World:
    """A store, the processes working on it now, and the ledger of what was acknowledged."""

    def __init__(self, path: Path, tmp: Path, rng: random.Random):
        self.path, self.tmp, self.rng = path, tmp, rng
        self.env = {**os.environ, "PYTHONPATH": str(ROOT), "TECHTIES_WRITE_TOKEN": TOKEN,
                    "TECHTIES_WRITE_VALIDATION": "off"}
        self.procs: list[subprocess.Popen] = []
        self.base: str | None = None
        self.server_ready = threading.Event()
        self.lock = threading.Lock()
        self.written: dict[str, str] = {}  # graph -> the value written into it
        self.accepted: set[str] = set()
        self.imported: set[str] = set()
        self.pending: list[str] = []
        self.counter = itertools.count()
        self.log: list[str] = []

    def start(self, *argv) -> subprocess.Popen:
        """``techties ARGV --store STORE`` as a process; its stderr in a file of its own."""
        log = self.tmp / f"{argv[0]}-{next(self.counter)}.log"
        with log.open("wb") as err:
            proc = subprocess.Popen([sys.executable, "-m", "server.cli", *map(str, argv),
                                     "--store", str(self.path)], cwd=self.tmp, env=self.env,
                                    stdout=subprocess.DEVNULL, stderr=err)
        proc.log = log
        with self.lock:
            self.procs.append(proc)
        return proc

    def finish(self, proc: subprocess.Popen, what: str) -> int:
        """Its exit status, once it has ended: 0, killed, or refused as it should be."""
        code = proc.wait()
        err = proc.log.read_text(errors="replace")
        if code not in (0, -signal.SIGKILL):
            assert "in use by" in err or "no longer conforms" in err or "not pending" in err, \
                f"{what} failed: {code} {err[-1500:]}"
        self.log.append(f"{what}: {code}")
        return code

    def http(self, method: str, path: str, body: bytes = b"", headers=None) -> int | None:
        """The status of a request to the server, None if it is gone."""
        request = urllib.request.Request(self.base + path, data=body, method=method, headers={
            "Authorization": f"Bearer {TOKEN}", **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status
        except urllib.error.HTTPError as exc:
            exc.close()
            assert exc.code in (404, 409, 422, 503), f"{method} {path}: {exc.code}"
            return exc.code
        except OSError:
            return None


# --- the actors -----------------------------------------------------------------------------

def serve(world: World, stop: threading.Event) -> None:
    port = _free_port()
    proc = world.start("serve", "--host", "127.0.0.1", "--port", port)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base, proc, seconds=60)
    except RuntimeError:
        world.finish(proc, "serve (refused, or killed as it started)")
        world.server_ready.set()
        return
    world.base = base
    world.server_ready.set()
    stop.wait()
    world.finish(proc, "serve")


def load(world: World, stop: threading.Event) -> None:
    world.finish(world.start("load"), "load")


def import_(world: World, stop: threading.Event) -> None:
    n = next(world.counter)
    source = world.tmp / f"import-{n}.nt"
    source.write_text("".join(f'<http://example.org/i{n}/{k}> <http://example.org/p> "{k}" .\n'
                              for k in range(3000)))
    graph = f"http://example.org/imported/{n}"
    if world.finish(world.start("import", source, "--graph", graph), f"import {n}") == 0:
        world.imported.add(graph)


def decide(world: World, stop: threading.Event) -> None:
    while world.pending and not stop.is_set():
        sid = world.pending[0]
        if world.base is not None:
            status = world.http("POST", f"/submissions/{sid}/accept")
            if status is None:
                return  # the server is gone
            done = status == 200
        else:
            done = world.finish(world.start("submissions", "accept", sid), f"accept {sid}") == 0
        if done:
            world.accepted.add(sid)
        world.pending.pop(0)
        if not done and world.base is None:
            return  # refused: the store is held


def graphstore(world: World, stop: threading.Event) -> None:
    world.server_ready.wait(90)
    while world.base is not None and not stop.is_set():
        n = next(world.counter)
        graph, value = f"http://example.org/written/{n}", f"value {n}"
        body = f'<http://example.org/w{n}> <http://example.org/p> "{value}" .'.encode()
        status = world.http("PUT", "/store?" + urllib.parse.urlencode({"graph": graph}), body,
                            {"Content-Type": "application/n-triples"})
        if status is None:
            return
        if status in (201, 204):
            world.written[graph] = value


RUN = {"serve": serve, "load": load, "import": import_, "decide": decide,
       "graphstore": graphstore}


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- a round, and what must hold after it -------------------------------------------------------

def play(world: World, pair: tuple[str, str]) -> None:
    world.base = None
    world.server_ready.clear()
    stop = threading.Event()
    actors = list(pair)
    if "graphstore" in pair and "serve" not in pair:
        actors.append("serve")  # Graph Store writes go to a server
    if "serve" not in actors:
        world.server_ready.set()
    threads = [threading.Thread(target=RUN[a], args=(world, stop), name=a) for a in actors]
    for thread in threads:
        thread.start()
        time.sleep(world.rng.uniform(0, 0.5))
    slow = "load" in pair
    time.sleep(world.rng.uniform(1.0, 20.0 if slow else 6.0))
    with world.lock:
        running = [p for p in world.procs if p.poll() is None]
    if running:
        victim = world.rng.choice(running)
        victim.kill()
        world.log.append(f"killed {victim.args[3]}")
    time.sleep(world.rng.uniform(0.5, 3.0))
    stop.set()
    with world.lock:
        for proc in world.procs:
            if proc.poll() is None:
                proc.kill()
    for thread in threads:
        thread.join(120)
        assert not thread.is_alive(), f"{thread.name} did not end"
    world.procs.clear()


def recovered(world: World) -> None:
    """What the next holder of the store does first: finish what a crash interrupted, the
    store's and the records'."""
    settings = Settings(store=str(world.path))
    dataset = open_dataset(world.path, "check")
    Submissions(dataset, Records.beside(world.path), settings, check=None).recover()
    dataset.close()


def holds(world: World, built: set) -> None:
    recovered(world)
    db = store.open_store(world.path, read_only=True)  # it opens
    for graph, value in world.written.items():
        assert db.contains_named_graph(ox.NamedNode(graph)), f"acknowledged {graph} lost"
        found = {q.object.value for q in db.quads_for_pattern(
            None, None, None, ox.NamedNode(graph))}
        assert found == {value}, graph
    recorded = {r["graph"] for r in imports.imports(db)}
    for graph in world.imported:
        assert graph in recorded, f"acknowledged import {graph} lost"
        assert len(list(db.quads_for_pattern(None, None, None, ox.NamedNode(graph)))) == 3000
    for record in Records.beside(world.path).list():
        size = len(list(db.quads_for_pattern(None, None, None, ox.NamedNode(record.graph))))
        if record.status == "accepted":
            assert size == record.triples, record.id
        else:
            assert size == 0, record.id
            assert record.id not in world.accepted, f"acknowledged acceptance {record.id} lost"
    ours = ns.repository_graphs()
    assert {q for q in db.quads_for_pattern(None, None, None, None)
            if not isinstance(q.graph_name, ox.DefaultGraph)
            and q.graph_name.value.startswith(ours)} == built, "a half-built store"


@pytest.fixture(scope="module")
def built(db):
    return {q for q in db.quads_for_pattern(None, None, None, None)
            if not isinstance(q.graph_name, ox.DefaultGraph)
            and q.graph_name.value.startswith(ns.repository_graphs())}


@pytest.mark.parametrize("pair", list(itertools.combinations(ACTORS, 2)),
                         ids=lambda pair: "+".join(pair))
def test_kill_9_at_a_random_moment_loses_nothing_acknowledged(pair, store_copy, tmp_path,
                                                              built):
    rng = random.Random(f"{'+'.join(pair)}-20261206")
    world = World(store_copy, tmp_path, rng)
    app = make_app(store_copy)
    client = app.test_client()
    for n in range(PENDING):
        response = client.post("/submissions", data=memo(n),
                               headers={"Content-Type": "text/turtle"})
        world.pending.append(json.loads(response.data)["id"])
    app.extensions["techties.dataset"].close()
    for _ in range(ROUNDS):
        play(world, pair)
        holds(world, built)
    print(f"{'+'.join(pair)}: {world.log}; acknowledged: {len(world.written)} writes, "
          f"{len(world.accepted)} acceptances, {len(world.imported)} imports")


def test_a_load_killed_while_it_builds_leaves_a_store_that_opens_whole(store_copy, tmp_path,
                                                                      built):
    """The kills above mostly land while load validates; these land once it has begun to
    write the new store (its .new-<pid> directory is there), until it has swapped it in."""
    rng = random.Random(20261207)
    world = World(store_copy, tmp_path, rng)
    app = make_app(store_copy, write_validation="off")
    response = app.test_client().put(
        "/store?graph=http://example.org/written/kept", data=b'<http://example.org/k> '
        b'<http://example.org/p> "kept" .', headers={"Content-Type": "application/n-triples",
                                                     "Authorization": "Bearer s3cret"})
    assert response.status_code == 201
    app.extensions["techties.dataset"].close()
    world.written["http://example.org/written/kept"] = "kept"
    for _ in range(4):
        proc = world.start("load")
        building = store_copy.with_name(f"store.new-{proc.pid}")
        while proc.poll() is None and not building.exists():
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.8))
        proc.kill()
        world.finish(proc, "load")
        holds(world, built)
    print(world.log)
