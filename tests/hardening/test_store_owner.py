"""One owner at a time for the embedded store (issue 11: `techties load` while `techties serve`
ran corrupted the store). Whoever writes or replaces the store holds ``<store>.lock``; the
others are refused at once, clearly, and change nothing; a kill -9 frees the lock."""

import contextlib
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import BEARER, DATA, ROOT, check, make, run, serve

from server import store
from server.store import dataset, lock

NOTES = "https://w3id.org/techties/graph/notes"
UPDATE = {"Content-Type": "application/sparql-update", **BEARER}
SINCE = r"since \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"


def note(text: str) -> bytes:
    return (f'INSERT DATA {{ GRAPH <{NOTES}> {{ <https://w3id.org/techties/id/state/russia> '
            f'<http://www.w3.org/2000/01/rdf-schema#comment> "{text}" }} }}').encode()


def quads(path) -> list[str]:
    db = store.open_store(path, read_only=True)
    return sorted(str(q) for q in db.quads_for_pattern(None, None, None, None))


def notes(path) -> set[str]:
    db = store.open_store(path, read_only=True)
    return {q.object.value for q in db.quads_for_pattern(None, None, None, ox.NamedNode(NOTES))}


def test_load_is_refused_at_once_while_a_server_holds_the_store(store_copy, capsys):
    app = make(store_copy, write_validation="off").application
    client = app.test_client()
    check(client.post("/sparql", data=note("one"), headers=UPDATE), 204)
    before = quads(store_copy)
    started = time.monotonic()
    code, out, err = run(capsys, "load", "--store", store_copy)
    assert (code, out) == (1, "")
    assert re.fullmatch(
        re.escape(f"techties load: refused: the store at {store_copy} is in use by `techties "
                  f"serve` (pid {os.getpid()}, ") + SINCE + re.escape(
            "). Stop it first: load replaces the store, and a server would go on writing into "
            "the one replaced.\n"), err), err
    assert time.monotonic() - started < 5, "refused before validating the curated data"
    # the server goes on writing, into the store that is still the store
    check(client.post("/sparql", data=note("two"), headers=UPDATE), 204)
    app.extensions["techties.dataset"].close()
    assert set(quads(store_copy)) > set(before)
    assert notes(store_copy) == {"one", "two"}


def test_a_curator_decision_on_the_command_line_is_refused_while_served(store_copy, capsys):
    code, out, _ = run(capsys, "submissions", "submit", "--store", store_copy,
                       DATA / "submissions" / "valid.ttl")
    assert code == 0
    sid = out.split()[1].rstrip(":")
    with lock.Lock(store_copy, "serve"):
        code, _, err = run(capsys, "submissions", "accept", "--store", store_copy, sid)
    assert code == 1
    assert re.fullmatch(re.escape(
        f"techties submissions: refused: the store at {store_copy} is in use by `techties "
        f"serve` (pid {os.getpid()}, ") + SINCE + re.escape(
        "). Decide over HTTP instead: POST /submissions/<id>/accept or /reject with the write "
        "token.\n"), err), err
    code, out, _ = run(capsys, "submissions", "show", "--store", store_copy, sid)
    assert "status:    pending" in out


def test_an_app_cannot_write_a_store_another_process_holds(store_copy):
    client = make(store_copy, write_validation="off")
    with lock.Lock(store_copy, "load"):
        response = client.post("/sparql", data=note("x"), headers=UPDATE)
        body = check(response, 503)
    assert response.headers["Retry-After"] == "5"
    assert body.startswith("the store is in use by `techties load` (pid ")
    assert str(store_copy) not in body
    assert notes(store_copy) == set()


@contextlib.contextmanager
def held_by_a_process(path, command: str):
    """A process that takes the store's lock, says so, and sleeps until it is killed (-9)."""
    code = ("import sys, time\nfrom server.store import lock\n"
            f"held = lock.Lock({str(path)!r}, {command!r}).acquire()\n"
            "print('held', flush=True)\ntime.sleep(120)\n")
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}) as proc:
        try:
            assert proc.stdout.readline() == b"held\n"
            yield proc
        finally:
            proc.kill()
            proc.wait(10)


@pytest.mark.servers
def test_a_kill_9_frees_the_lock(store_copy):
    with held_by_a_process(store_copy, "serve") as proc:
        assert lock.holder(store_copy)["pid"] == proc.pid
        with pytest.raises(lock.Busy):
            lock.Lock(store_copy, "load").acquire()
    assert lock.holder(store_copy) is None
    with lock.Lock(store_copy, "load") as taken:
        assert taken.held and lock.holder(store_copy) is not None


@pytest.mark.servers
def test_serve_is_refused_while_another_process_holds_the_store(store_copy, tmp_path,
                                                                 free_port):
    with held_by_a_process(store_copy, "load") as proc:
        result = subprocess.run(
            [sys.executable, "-m", "server.cli", "serve", "--store", str(store_copy),
             "--port", str(free_port)], capture_output=True, text=True, timeout=120,
            cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2
    assert re.fullmatch(re.escape(
        f"techties serve: refused: the store at {store_copy} is in use by `techties load` "
        f"(pid {proc.pid}, ") + SINCE + r"\)\n", result.stderr), result.stderr


def post(base: str, body: bytes, token: str) -> int:
    request = urllib.request.Request(base + "/sparql", data=body, method="POST", headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status


@pytest.mark.slow
@pytest.mark.servers
def test_the_sequence_of_the_issue_leaves_a_store_that_opens_with_every_write(store_copy,
                                                                             tmp_path):
    """serve, an authorized update, load (refused), another update, query, stop, load."""
    env = {**os.environ, "TECHTIES_WRITE_TOKEN": "t", "TECHTIES_WRITE_VALIDATION": "off",
           "PYTHONPATH": str(ROOT)}
    proc, base = serve(store_copy, tmp_path, env)
    try:
        assert post(base, note("before load"), "t") == 204
        loading = subprocess.run([sys.executable, "-m", "server.cli", "load", "--store",
                                  str(store_copy)], capture_output=True, text=True,
                                 timeout=300, cwd=tmp_path, env=env)
        assert loading.returncode == 1
        assert "is in use by `techties serve`" in loading.stderr
        assert post(base, note("after load"), "t") == 204
        query = subprocess.run(
            [sys.executable, "-m", "server.cli", "query", "--store", str(store_copy),
             "--format", "tsv", f"SELECT ?c {{ GRAPH <{NOTES}> {{ ?s ?p ?c }} }} ORDER BY ?c"],
            capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
        assert query.stdout == '?c\n"after load"\n"before load"\n', query.stderr
        exported = subprocess.run(
            [sys.executable, "-m", "server.cli", "export", "--store", str(store_copy),
             "--format", "nq", str(tmp_path / "beside.nq")],
            capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
        assert exported.returncode == 0, exported.stderr
        dump = (tmp_path / "beside.nq").read_text()
        assert '"before load" <' + NOTES in dump and '"after load" <' + NOTES in dump
    finally:
        proc.terminate()
        proc.wait(30)
    assert notes(store_copy) == {"before load", "after load"}
    loading = subprocess.run([sys.executable, "-m", "server.cli", "load", "--store",
                              str(store_copy)], capture_output=True, text=True, timeout=300,
                             cwd=tmp_path, env=env)
    assert loading.returncode == 0, loading.stderr
    assert notes(store_copy) == {"before load", "after load"}  # load keeps what HTTP wrote


def test_export_and_query_beside_a_server_read_its_newest_checkpoint(store_copy, capsys,
                                                                   tmp_path):
    """Beside a server (here an app in this process) the command line's readers read the
    newest checkpoint it names, which has every write it acknowledged, not the live store."""
    app = make(store_copy, write_validation="off").application
    client = app.test_client()
    check(client.post("/sparql", data=note("one"), headers=UPDATE), 204)
    pointer = dataset.checkpoints(store_copy) / dataset.POINTER
    assert pointer.read_text().startswith(f"{os.getpid()}-")
    code, _, err = run(capsys, "export", "--store", store_copy, "--format", "nq",
                       tmp_path / "one.nq")
    assert code == 0, err
    assert f'"one" <{NOTES}> .' in (tmp_path / "one.nq").read_text()
    check(client.post("/sparql", data=note("two"), headers=UPDATE), 204)
    code, out, err = run(capsys, "query", "--store", store_copy, "--format", "tsv",
                         f"SELECT ?c {{ GRAPH <{NOTES}> {{ ?s ?p ?c }} }} ORDER BY ?c")
    assert (code, out) == (0, '?c\n"one"\n"two"\n'), err
    check(client.post("/sparql", data=note("three"), headers=UPDATE), 204)  # still the owner
    app.extensions["techties.dataset"].close()
    assert notes(store_copy) == {"one", "two", "three"}


def test_a_checkpoint_named_by_a_server_that_is_gone_is_not_read(store_copy, capsys, tmp_path):
    """A server killed leaves its pointer; the next server holds the store before it names a
    checkpoint of its own: a reader then waits for that one, and says so if none comes, rather
    than read the store as the gone server last saw it."""
    app = make(store_copy, write_validation="off").application
    check(app.test_client().post("/sparql", data=note("one"), headers=UPDATE), 204)
    app.extensions["techties.dataset"].close()
    pointer = dataset.checkpoints(store_copy) / dataset.POINTER
    pointer.write_text("999999999-0/0")  # as a server that is gone left it
    with held_by_a_process(store_copy, "serve") as proc:
        code, out, err = run(capsys, "export", "--store", store_copy, "--format", "nq")
    assert (code, out) == (1, "")
    assert err == (f"techties export: no checkpoint of the server holding the store (pid "
                   f"{proc.pid}) could be held (it names none, or they kept changing): try "
                   "again\n")
    code, out, err = run(capsys, "export", "--store", store_copy, "--format", "nq")
    assert code == 0, err  # no one holds the store: it is read itself
    assert f'"one" <{NOTES}> .' in out


ATLANTIS = ("INSERT DATA { GRAPH <" + NOTES + "> { <https://w3id.org/techties/id/state/atlantis> "
            "a <https://w3id.org/techties/ontology#State> ; "
            '<http://www.w3.org/2000/01/rdf-schema#label> "Atlantis"@en } }').encode()


def test_validate_and_link_discover_beside_a_server_read_what_it_acknowledged(
        store_copy, capsys, tmp_path, monkeypatch):
    """``techties validate`` and ``techties link discover`` read the store as export and query
    do: beside a server, its newest checkpoint, with the write it has just acknowledged (not
    the live store read-only, whose files the server may compact away under them)."""
    read = []
    readable = dataset.readable

    @contextlib.contextmanager
    def recorded(path):
        with readable(path) as directory:
            read.append(Path(directory))
            yield directory

    monkeypatch.setattr(dataset, "readable", recorded)
    app = make(store_copy, write_validation="off").application
    client = app.test_client()
    submission = DATA / "submissions" / "invalid.ttl"
    discover = ["link", "discover", "--store", store_copy, "--type", "State", "--against",
                DATA / "links" / "wikidata-sample.ttl", "--out", tmp_path]
    code, out, err = run(capsys, *discover)
    assert code == 0, err
    states = int(out.split(" of our entities")[0])
    code, out, err = run(capsys, "validate", "--store", store_copy, "--report", "json", submission)
    assert code == 1, err
    assert {p["value"] for p in json.loads(out)["results"]} == {
        "st:atlantis", "tech:artificial-intelligence"}
    check(client.post("/sparql", data=ATLANTIS, headers=UPDATE), 204)
    code, out, err = run(capsys, *discover)
    assert code == 0 and int(out.split(" of our entities")[0]) == states + 1, out + err
    code, out, err = run(capsys, "validate", "--store", store_copy, "--report", "json", submission)
    assert {p["value"] for p in json.loads(out)["results"]} == {"tech:artificial-intelligence"}
    app.extensions["techties.dataset"].close()
    # before its first write the app does not hold the store: the readers read the store
    # itself; after it, the checkpoint it names
    served = dataset.checkpoints(store_copy)
    assert read[:2] == [store_copy] * 2, read
    assert len(read) == 4 and all(d.is_relative_to(served) for d in read[2:]), read
