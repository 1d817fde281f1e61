"""A full disk during load, import, accept and Graph Store writes gives a clear error and
loses nothing (issue 11).

Simulated with a real small filesystem, not an injected error: each scenario runs in a
process of its own, in a private mount namespace (``unshare -rm``) where a tmpfs of a few MB
is mounted, holds a copy of the store, and is filled up with a file; RocksDB then meets
ENOSPC where it would (its write-ahead log, its table files, a checkpoint), as Python does
in the submission records. The scenario prints what it saw as JSON. Where unprivileged user
namespaces are not allowed, these tests are skipped, saying so. One case is injected instead
(an OSError at the checkpoint boundary), as said where it is.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap

import pytest
from helpers import BEARER, DATA, ROOT, check, make_app, run, valid_submission_size

from server import store
from server.search import index
from server.store.dataset import Dataset

small_disk = [pytest.mark.slow, pytest.mark.servers]

PREAMBLE = """
import contextlib, io, json, os, shutil, sys
from pathlib import Path
import pyoxigraph as ox
from server import cli, store
disk, source = Path(sys.argv[1]), Path(sys.argv[2])
path = disk / "store"
shutil.copytree(source, path)

def fill(leave=0):
    '''Fill the disk up, but for about ``leave`` bytes.'''
    stat = os.statvfs(disk)
    room = stat.f_bavail * stat.f_frsize - leave
    with open(disk / "filler", "wb") as fh:
        try:
            while room > 0:
                room -= fh.write(b"\\0" * min(room, 1 << 20))
        except OSError:
            pass

def free():
    (disk / "filler").unlink()

def quads():
    return sorted(str(q) for q in store.open_store(path, read_only=True)
                  .quads_for_pattern(None, None, None, None))

def command(*argv):
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main([str(a) for a in argv])
    return code, err.getvalue()

seen = {}
"""


def on_a_small_disk(tmp_path, store_path, scenario: str, size: str = "128m") -> dict:
    """Run ``scenario`` (Python, after :data:`PREAMBLE`) on a tmpfs of ``size`` holding a copy
    of the store; what it put in ``seen``."""
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare (util-linux) for a private tmpfs")
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip(f"unprivileged user namespaces are not allowed here: {probe.stderr!r}")
    disk = tmp_path / "disk"
    disk.mkdir()
    code = PREAMBLE + textwrap.dedent(scenario) + "\nprint(json.dumps(seen))\n"
    result = subprocess.run(
        ["unshare", "-rm", "sh", "-c",
         'mount -t tmpfs -o size="$1" tmpfs "$2" && exec "$3" -c "$4" "$2" "$5"', "sh",
         size, str(disk), sys.executable, code, str(store_path)],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests'}"})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@small_disk[0]
@small_disk[1]
def test_load_on_a_full_disk_says_so_and_leaves_the_store_as_it_was(tmp_path, store_path):
    seen = on_a_small_disk(tmp_path, store_path, """
        before = quads()
        fill(leave=64 * 1024)
        seen["code"], seen["err"] = command("load", "--store", path)
        seen["same"] = quads() == before
        seen["left"] = sorted(p.name for p in disk.iterdir())
        free()
        seen["again"] = command("load", "--store", path)[0]
        seen["then"] = quads() == before
    """)
    assert seen["code"] == 1
    assert seen["err"] == (
        "techties load: the disk is full (no space left on device): the new store could not "
        "be written; the store is as it was (a load needs about as much space again as the "
        "store)\n")
    assert seen["same"] is True
    assert seen["left"] == ["filler", "store", "store.lock"]  # no half-made new store
    assert (seen["again"], seen["then"]) == (0, True)


@small_disk[0]
@small_disk[1]
def test_an_import_on_a_full_disk_says_so_keeps_everything_and_is_dropped_by_load(
        tmp_path, store_path):
    big = tmp_path / "big.nt"
    with big.open("w") as fh:
        for i in range(20000):
            fh.write(f'<http://example.org/s{i}> <http://example.org/p> "{"x" * 100}" .\n')
    graph = "http://example.org/big"
    seen = on_a_small_disk(tmp_path, store_path, f"""
        before = quads()
        fill(leave=512 * 1024)
        seen["code"], seen["err"] = command("import", "--store", path, {str(big)!r},
                                            "--graph", {graph!r})
        after = quads()
        seen["kept"] = set(before) <= set(after)
        db = store.open_store(path, read_only=True)
        seen["unfinished"] = [g.value for g, _ in store.unfinished_imports(db)]
        seen["partial"] = len(list(db.quads_for_pattern(None, None, None,
                                                        ox.NamedNode({graph!r}))))
        del db
        free()
        seen["load"] = command("load", "--store", path)[0]
        seen["then"] = quads() == before
    """)
    assert seen["code"] == 1
    assert seen["err"] == (
        f"techties import: the disk is full (no space left on device): the import into "
        f"<{graph}> stopped part way; it is not counted (its record says it began, not that "
        "it ended), and the next import into that graph, or `techties load`, removes what it "
        "wrote\n")
    assert seen["kept"] is True
    assert seen["unfinished"] == [graph]
    assert seen["partial"] < 20000
    assert (seen["load"], seen["then"]) == (0, True)


@small_disk[0]
@small_disk[1]
def test_http_writes_on_a_full_disk_answer_507_and_lose_nothing(tmp_path, store_path):
    valid = (DATA / "submissions" / "valid.ttl").read_bytes()
    seen = on_a_small_disk(tmp_path, store_path, f"""
        from helpers import make_app
        app = make_app(path, write_validation="off", submissions=str(disk / "records"))
        client = app.test_client()
        token = {{"Authorization": "Bearer s3cret"}}
        nt = {{"Content-Type": "application/n-triples", **token}}
        one = b'<http://example.org/a> <http://example.org/p> "acknowledged" .'
        seen["put"] = client.put("/store?graph=http://example.org/one", data=one,
                                 headers=nt).status_code
        sid = client.post("/submissions", data={valid!r},
                          headers={{"Content-Type": "text/turtle"}}).get_json()["id"]
        fill()
        big = b"".join(b'<http://example.org/s%d> <http://example.org/p> "%s" .\\n'
                       % (i, b"x" * 100) for i in range(20000))
        answers = {{}}
        put = client.put("/store?graph=http://example.org/two", data=big, headers=nt)
        answers["put"] = (put.status_code, put.get_data(as_text=True))
        update = client.post("/sparql", data=b"INSERT DATA {{ <http://example.org/u> "
                             b"<http://example.org/p> 1 }}",
                             headers={{"Content-Type": "application/sparql-update", **token}})
        answers["update"] = (update.status_code, update.get_data(as_text=True))
        accept = client.post(f"/submissions/{{sid}}/accept", headers=token)
        answers["accept"] = (accept.status_code, accept.get_json()["detail"])
        submit = client.post("/submissions", data={valid!r},
                             headers={{"Content-Type": "text/turtle"}})
        answers["submit"] = (submit.status_code, submit.get_json()["detail"])
        seen["answers"] = answers
        seen["records"] = sorted(p.name for p in (disk / "records").iterdir()
                                 if not p.name.startswith(".lock"))
        seen["pending"] = client.get(f"/submissions/{{sid}}").get_json()["status"]
        seen["read"] = client.get("/store?graph=http://example.org/one").get_data(as_text=True)
        free()
        seen["put again"] = client.put("/store?graph=http://example.org/two", data=big,
                                       headers=nt).status_code
        seen["accept again"] = client.post(f"/submissions/{{sid}}/accept",
                                           headers=token).status_code
        app.extensions["techties.dataset"].close()
        db = store.open_store(path, read_only=True)
        def size(g):
            return len(list(db.quads_for_pattern(None, None, None, ox.NamedNode(g))))
        seen["sizes"] = [size("http://example.org/one"), size("http://example.org/two"),
                         size("https://w3id.org/techties/graph/submission/" + sid)]
        seen["sid"] = sid
    """)
    full = ("the server's disk is full (no space left on device): {}; try again once there "
            "is space\n")
    assert seen["put"] == 201
    answers = seen["answers"]
    assert answers["put"] == [507, full.format("nothing was written")]
    assert answers["update"] == [507, full.format("nothing was written")]
    assert answers["accept"] == [507, full.format(f"submission {seen['sid']} is still "
                                                  "pending").strip()]
    assert answers["submit"] == [507, full.format("the submission was not recorded").strip()]
    assert seen["records"] == [seen["sid"]]  # nothing half-written beside it
    assert seen["pending"] == "pending"
    assert "acknowledged" in seen["read"]
    assert (seen["put again"], seen["accept again"]) == (201, 200)
    assert seen["sizes"] == [1, 20000, valid_submission_size()]


def test_a_write_whose_checkpoint_fails_is_kept_and_seen_once_one_can_be_taken(store_copy,
                                                                              monkeypatch):
    """Injected, not a real full disk: the checkpoint after a write fails as RocksDB says a
    full disk does. The write is in the store (answered 204: it is acknowledged), readers keep
    the checkpoint before it, and see it as soon as one can be taken."""
    app = make_app(store_copy, write_validation="off")
    client = app.test_client()
    ask = {"query": "ASK { GRAPH <http://example.org/g> { ?s ?p ?o } }"}
    take = Dataset._take

    def full(self, source):
        raise OSError("IO error: No space left on device: While appending to file: x/1.log")

    app.extensions["techties.dataset"].writable()  # opened, with its first checkpoint
    monkeypatch.setattr(Dataset, "_take", full)
    check(client.post("/sparql", data=b"INSERT DATA { GRAPH <http://example.org/g> { "
                      b"<http://example.org/a> <http://example.org/p> 1 } }",
                      headers={"Content-Type": "application/sparql-update", **BEARER}), 204)
    assert client.get("/sparql", query_string=ask).get_json()["boolean"] is False
    monkeypatch.setattr(Dataset, "_take", take)
    assert client.get("/sparql", query_string=ask).get_json()["boolean"] is True
    app.extensions["techties.dataset"].close()


@pytest.mark.slow  # a whole load
def test_a_load_whose_search_index_meets_a_full_disk_says_so_and_leaves_no_half_file(
        store_copy, capsys, monkeypatch):
    """Injected (sqlite's own words for ENOSPC, at the index's first write): the store is
    built and swapped in by then; the index, derived from it, is left for a server to build."""
    def full(self, db, *, source=""):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(index.SearchIndex, "sync", full)
    assert not store_copy.with_name("store.load.json").exists()
    code, out, err = run(capsys, "load", "--store", store_copy)
    assert code == 1
    assert err.endswith("techties load: the disk is full (no space left on device): the store "
                        "is loaded, but its search index could not be written: a server builds "
                        "it on its first search once there is space\n"), err
    assert store.load_meta(store_copy)["files"]  # the store was built
    assert sorted(p.name for p in store_copy.parent.iterdir()
                  if p.name.startswith("store.search")) == []
