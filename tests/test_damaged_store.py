"""A damaged store directory gives a clear error at start, not a traceback or a crash loop
(issue 11): `serve`, `query`, `load` and `export` stop with exit status 3, name the store and
what RocksDB found, say what to do, and leave the directory as it was."""

import hashlib
import os
import shutil
import subprocess
import sys

import pytest
from helpers import ROOT, check, make, run

ADVICE = ("Restore a backup (`techties restore DIR`), or move the directory away and run "
          "`techties load` to build a new store from the repository's files (without what "
          "the damaged one held beyond them).\n")


def _sst(path):
    return sorted(path.glob("*.sst"))[0]


def _garble(path):
    data = bytearray(_sst(path).read_bytes())
    data[len(data) // 2:len(data) // 2 + 64] = b"x" * 64
    _sst(path).write_bytes(bytes(data))


def _to_a_file(path):
    shutil.rmtree(path)
    path.write_text("not a store\n")


def _emptied(path):
    shutil.rmtree(path)
    path.mkdir()


DAMAGES = {
    "MANIFEST missing": (lambda p: [m.unlink() for m in p.glob("MANIFEST-*")],
                         "IO error: No such file or directory"),
    "CURRENT missing": (lambda p: (p / "CURRENT").unlink(), "no CURRENT file"),
    "CURRENT names no MANIFEST": (lambda p: (p / "CURRENT").write_text("MANIFEST-999999\n"),
                                  "MANIFEST-999999"),
    "table file truncated": (lambda p: os.truncate(_sst(p), 100),
                             "Corruption: Sst file size mismatch"),
    "table file garbled": (_garble, "Corruption: block checksum mismatch"),
    "emptied": (_emptied, "it holds no store (no CURRENT file)"),
    "a file, not a directory": (_to_a_file, "IO error"),
}


@pytest.fixture(params=list(DAMAGES))
def damaged(request, store_copy):
    """A copy of the store damaged one way, and what the message says of it."""
    damage, said = DAMAGES[request.param]
    damage(store_copy)
    return store_copy, said


def fingerprint(path) -> dict:
    """Every file beside and in the store, with its content's hash."""
    found = {}
    for item in sorted(path.parent.rglob("*")):
        if item.is_file() and not item.name.endswith(".lock") and "LOG" not in item.name:
            found[str(item.relative_to(path.parent))] = hashlib.sha256(
                item.read_bytes()).hexdigest()
    return found


def said_clearly(err: str, command: str, path, what: str) -> None:
    head = f"techties {command}: the store at {path} cannot be opened: "
    assert err.startswith(head), err
    assert what in err.split("\n")[0], err
    assert err.endswith(".\n" + ADVICE), err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", ["query", "load", "export"])
def test_a_command_says_the_store_is_damaged_and_leaves_it_as_it_was(damaged, command,
                                                                      capsys):
    damaged, said = damaged
    before = fingerprint(damaged)
    argv = {"query": ["query", "--store", damaged, "ASK {}"],
            "load": ["load", "--store", damaged],
            "export": ["export", "--store", damaged, "--format", "nq"]}[command]
    code, out, err = run(capsys, *argv)
    assert (code, out) == (3, "")
    said_clearly(err, command, damaged, said)
    assert fingerprint(damaged) == before


@pytest.mark.servers
def test_serve_says_the_store_is_damaged_and_stops(damaged, tmp_path, free_port):
    damaged, said = damaged
    before = fingerprint(damaged)
    result = subprocess.run([sys.executable, "-m", "server.cli", "serve", "--store",
                             str(damaged), "--port", str(free_port)], capture_output=True,
                            text=True, timeout=120, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 3
    said_clearly(result.stderr, "serve", damaged, said)
    assert fingerprint(damaged) == before


def test_an_app_over_a_damaged_store_answers_503_without_its_path(store_copy):
    DAMAGES["table file garbled"][0](store_copy)
    client = make(store_copy)
    health = client.get("/health")
    check(health, 503)
    assert health.get_json()["status"] == "unavailable"
    response = client.get("/sparql", query_string={"query": "ASK {}"})
    body = check(response, 503)
    assert body == ("the store cannot be opened: it is damaged (the server's log says how); "
                    "restore a backup or rebuild it\n")
