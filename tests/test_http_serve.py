"""``techties serve``: the production server (waitress) on a real socket."""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from helpers import ROOT, serve

pytestmark = pytest.mark.servers


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.fixture
def served(store_copy, tmp_path):
    proc, base = serve(store_copy, tmp_path, {**os.environ, "TECHTIES_WRITE_TOKEN": "t"})
    yield base, proc
    if proc.poll() is None:
        proc.kill()
    proc.wait(10)


def get(url: str, accept: str | None = None):
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(request, timeout=20) as response:
        return response.status, response.headers["Content-Type"], response.read()


@pytest.mark.slow
def test_serve_answers_and_stops_cleanly(served):
    base, proc = served
    status, media, body = get(base + "/health")
    assert (status, media) == (200, "application/json") and json.loads(body)["quads"] > 5000
    query = urllib.parse.quote("SELECT ?l { <https://w3id.org/techties/id/state/russia> "
                               "<http://www.w3.org/2000/01/rdf-schema#label> ?l }")
    status, media, body = get(f"{base}/sparql?query={query}", "text/csv")
    assert (status, media) == (200, "text/csv; charset=utf-8")
    assert set(body.decode().split("\r\n")[1:-1]) == {"Russia", "Россия", "俄罗斯"}
    status, media, body = get(base + "/id/state/russia", "text/html")
    assert status == 200 and "<svg" in body.decode()
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(urllib.request.Request(
            base + "/sparql", data=b"CLEAR ALL", method="POST",
            headers={"Content-Type": "application/sparql-update"}), timeout=10)
    assert refused.value.code == 401
    refused.value.close()
    workers = children(proc.pid)
    assert workers, "queries run in worker processes"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(15) == 0
    deadline = time.monotonic() + 5
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}/stat").exists() and "Z" not in
                   Path(f"/proc/{pid}/stat").read_text().split()[2] for pid in workers)


def test_serve_without_a_store_says_so(tmp_path, free_port):
    result = subprocess.run([sys.executable, "-m", "server.cli", "serve", "--store",
                             str(tmp_path / "none"), "--port", str(free_port)],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2
    assert "run `techties load` first" in result.stderr
