"""`techties backup DIR` and `techties restore DIR`: an online copy of the store and of the
submission records, and putting one back; compared quad by quad and record by record."""

import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
import urllib.request

import pyoxigraph as ox
import pytest
from helpers import BEARER, DATA, ROOT, check, make_app, run, serve

from server import store
from server.store import imports, lock
from server.submission.records import Records

VALID = (DATA / "submissions" / "valid.ttl").read_bytes()
INVALID = (DATA / "submissions" / "invalid.ttl").read_bytes()
UPDATE = {"Content-Type": "application/sparql-update", **BEARER}
SAMPLE = DATA / "links" / "wikidata-sample.ttl"


def quads(path) -> set[str]:
    db = store.open_store(path, read_only=True)
    return {str(q) for q in db.quads_for_pattern(None, None, None, None)}


def records(path) -> dict[str, tuple[str, bytes]]:
    """Every submission record beside the store: its record.json and its data."""
    folder = Records.beside(path).directory
    return {d.name: ((d / "record.json").read_text(), (d / "data.nt").read_bytes())
            for d in sorted(folder.iterdir()) if not d.name.startswith(".")}


def note(text: str) -> bytes:
    return (f'INSERT DATA {{ GRAPH <http://example.org/notes> {{ <http://example.org/n> '
            f'<http://example.org/says> "{text}" }} }}').encode()


def fill(path) -> dict[str, str]:
    """Write into the store at ``path`` every kind of thing it keeps: a graph over HTTP, an
    accepted, a pending and a rejected submission, an import. Their ids."""
    app = make_app(path, write_validation="off")
    client = app.test_client()
    check(client.post("/sparql", data=note("before the backup"), headers=UPDATE), 204)
    ids = {}
    for name, body in (("accepted", VALID), ("pending", VALID), ("rejected", INVALID)):
        response = client.post("/submissions", data=body, headers={"Content-Type": "text/turtle"})
        ids[name] = response.get_json()["id"]
    check(client.post(f"/submissions/{ids['accepted']}/accept", headers=BEARER), 200)
    app.extensions["techties.dataset"].close()
    imports.import_file(path, SAMPLE, "http://example.org/imported")
    return ids


def test_restore_gives_back_the_quads_and_the_records_a_backup_took(store_copy, store_path,
                                                                    tmp_path, capsys):
    meta = store_copy.with_name("store.load.json")
    shutil.copy(store_path.with_name("store.load.json"), meta)
    ids = fill(store_copy)
    saved_quads, saved_records = quads(store_copy), records(store_copy)
    assert {json.loads(r[0])["status"] for r in saved_records.values()} == {
        "accepted", "pending", "rejected"}
    target = tmp_path / "backup"
    code, out, err = run(capsys, "backup", "--store", store_copy, target)
    assert (code, err) == (0, "")
    assert out == (f"Backed up {len(saved_quads)} quads in {len(graphs(saved_quads))} graphs and "
                   f"3 submission record(s), from the store, into {target}.\n")
    described = json.loads((target / "backup.json").read_text())
    assert described["submissions"] == sorted(ids.values())
    assert described["quads"] == len(saved_quads)

    # everything changes after the backup
    app = make_app(store_copy, write_validation="off")
    client = app.test_client()
    check(client.post("/sparql", data=b"DROP GRAPH <http://example.org/notes>", headers=UPDATE),
          204)
    check(client.post(f"/submissions/{ids['pending']}/accept", headers=BEARER), 200)
    client.post("/submissions", data=VALID, headers={"Content-Type": "text/turtle"})
    app.extensions["techties.dataset"].close()
    assert quads(store_copy) != saved_quads and records(store_copy) != saved_records
    saved_meta = meta.read_text()
    meta.write_text("{}")

    code, out, err = run(capsys, "restore", "--store", store_copy, target)
    assert (code, err) == (0, "")
    assert out == (f"Restored {len(saved_quads)} quads in {len(graphs(saved_quads))} graphs and 3 "
                   f"submission record(s) from {target} into {store_copy}.\n")
    assert quads(store_copy) == saved_quads
    assert records(store_copy) == saved_records
    assert meta.read_text() == saved_meta
    # nothing else left beside the store (the app's search index aside: not backed up, a
    # server brings it in step with the restored store on its first search)
    beside = {p.name for p in store_copy.parent.iterdir()
              if not p.name.startswith("store.search.sqlite")} - {"backup", "store.checkpoints"}
    assert beside == {"store", "store.load.json", "store.lock", "store.submissions"}


def graphs(found: set[str]) -> set[str]:
    return {q.rsplit(" ", 1)[1] for q in found if q.endswith(">")
            and q.rsplit(" ", 1)[1].startswith("<")}


def test_a_backup_goes_only_into_a_new_or_empty_directory(store_copy, tmp_path, capsys):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "something").write_text("x")
    code, _, err = run(capsys, "backup", "--store", store_copy, tmp_path / "full")
    assert (code, err) == (2, f"techties backup: {tmp_path / 'full'} exists: back up into a new "
                              "directory\n")
    (tmp_path / "empty").mkdir()
    assert run(capsys, "backup", "--store", store_copy, tmp_path / "empty")[0] == 0


def test_backup_and_restore_are_refused_while_a_load_holds_the_store(store_copy, tmp_path,
                                                                     capsys):
    run(capsys, "backup", "--store", store_copy, tmp_path / "b")
    before = quads(store_copy)
    with lock.Lock(store_copy, "load"):
        code, _, err = run(capsys, "backup", "--store", store_copy, tmp_path / "c")
        assert code == 1 and err.startswith("techties backup: refused: the store at ")
        assert "in use by `techties load`" in err and err.endswith(": try again once it is "
                                                                   "done\n")
        code, _, err = run(capsys, "restore", "--store", store_copy, tmp_path / "b")
        assert code == 1 and "in use by `techties load`" in err
        assert err.endswith("Stop it first: restore replaces the store.\n")
    assert not (tmp_path / "c").exists()
    assert quads(store_copy) == before


@pytest.mark.parametrize("spoil, says", [
    (lambda b: (b / "backup.json").unlink(), "is not a backup made by `techties backup`"),
    (lambda b: shutil.rmtree(b / "submissions"), "is not a complete backup: no submissions/"),
    (lambda b: (b / "backup.json").write_text(json.dumps(
        {**json.loads((b / "backup.json").read_text()), "quads": 1})), " its backup.json says"),
    (lambda b: [m.unlink() for m in (b / "store").glob("MANIFEST-*")], "does not open"),
], ids=["no description", "no records", "a count that differs", "a store that does not open"])
def test_restore_refuses_what_is_not_a_whole_backup(store_copy, tmp_path, capsys, spoil, says):
    target = tmp_path / "backup"
    run(capsys, "backup", "--store", store_copy, target)
    spoil(target)
    before = quads(store_copy)
    code, out, err = run(capsys, "restore", "--store", store_copy, target)
    assert (code, out) == (2, "")
    assert err.startswith("techties restore: ") and says in err
    assert err.endswith("; nothing was changed\n")
    assert quads(store_copy) == before


def test_a_remote_store_is_backed_up_with_its_own_tools(tmp_path, capsys):
    code, _, err = run(capsys, "backup", "--store", "http://127.0.0.1:9/query", tmp_path / "b")
    assert code == 2
    assert err.startswith("techties backup: the store is a remote SPARQL store: use its own "
                          "backups (or `techties export --format nq`)")
    assert not (tmp_path / "b").exists()


def post(base: str, path: str, body: bytes, headers: dict) -> tuple[int, bytes]:
    request = urllib.request.Request(base + path, data=body, method="POST", headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.status, response.read()


def cli(*argv, env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "server.cli", *map(str, argv)],
                          capture_output=True, text=True, timeout=300, env=env)


@pytest.mark.slow
@pytest.mark.servers
def test_an_online_backup_has_every_write_acknowledged_before_it(store_copy, tmp_path):
    env = {**os.environ, "TECHTIES_WRITE_TOKEN": "t", "TECHTIES_WRITE_VALIDATION": "off",
           "PYTHONPATH": str(ROOT)}
    token = {"Authorization": "Bearer t"}
    proc, base = serve(store_copy, tmp_path, env)
    try:
        assert post(base, "/sparql", note("acknowledged before"), {
            "Content-Type": "application/sparql-update", **token})[0] == 204
        _, body = post(base, "/submissions", VALID, {"Content-Type": "text/turtle"})
        sid = json.loads(body)["id"]
        assert post(base, f"/submissions/{sid}/accept", b"", token)[0] == 200
        made = cli("backup", "--store", store_copy, tmp_path / "online", env=env)
        assert made.returncode == 0, made.stderr
        assert re.fullmatch(r"Backed up \d+ quads in \d+ graphs and 1 submission record\(s\), "
                            rf"from the newest checkpoint of the server \(pid {proc.pid}\), "
                            rf"into {re.escape(str(tmp_path / 'online'))}\.\n", made.stdout)
        assert post(base, "/sparql", note("written after"), {
            "Content-Type": "application/sparql-update", **token})[0] == 204
        refused = cli("restore", "--store", store_copy, tmp_path / "online", env=env)
        assert refused.returncode == 1
        assert "is in use by `techties serve`" in refused.stderr
    finally:
        proc.terminate()
        proc.wait(30)
    assert cli("restore", "--store", store_copy, tmp_path / "online", env=env).returncode == 0
    db = store.open_store(store_copy, read_only=True)
    said = {q.object.value for q in db.quads_for_pattern(
        None, ox.NamedNode("http://example.org/says"), None, None)}
    assert said == {"acknowledged before"}
    accepted = f"https://w3id.org/techties/graph/submission/{sid}"
    assert len(list(db.quads_for_pattern(None, None, None, ox.NamedNode(accepted)))) == 10
    assert json.loads(records(store_copy)[sid][0])["status"] == "accepted"


@pytest.mark.slow
@pytest.mark.servers
def test_a_restore_killed_at_any_moment_leaves_the_store_and_records_of_one_side(
        store_copy, tmp_path):
    """kill -9 during a restore: once the next holder of the store has recovered it, the
    store opens, and store and records are both the backup's or both as they were."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    target = tmp_path / "backup"
    fill(store_copy)
    assert cli("backup", "--store", store_copy, target, env=env).returncode == 0
    backed = (quads(store_copy), records(store_copy))
    app = make_app(store_copy, write_validation="off")
    check(app.test_client().post("/sparql", data=note("after the backup"), headers=UPDATE), 204)
    app.test_client().post("/submissions", data=VALID, headers={"Content-Type": "text/turtle"})
    app.extensions["techties.dataset"].close()
    current = (quads(store_copy), records(store_copy))
    assert cli("backup", "--store", store_copy, tmp_path / "current", env=env).returncode == 0
    rng = random.Random(20261206)
    outcomes = []
    for _ in range(6):
        proc = subprocess.Popen([sys.executable, "-m", "server.cli", "restore", "--store",
                                 str(store_copy), str(target)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 2.0))
        proc.kill()
        proc.wait(10)
        with lock.Lock(store_copy, "test"):
            store.recover(store_copy)
        state = (quads(store_copy), records(store_copy))
        assert state in (backed, current), "a mixture of the two, or neither"
        outcomes.append("the backup" if state == backed else "as it was")
        if state == backed:  # back to the other side, for the next round
            back = cli("restore", "--store", store_copy, tmp_path / "current", env=env)
            assert back.returncode == 0, back.stderr
    print("after each kill:", outcomes)
