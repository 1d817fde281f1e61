import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from server import store
from server.graph import load

ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """``shared/``, which holds the source documents and the W3C suites the tests read: the
    folder ``TECHTIES_SHARED`` names, else the one beside this checkout, else (for a clone of
    a local checkout, such as ``git clone . /tmp/x``) the one beside the checkout it was
    cloned from. The tests that read it fail, saying where they looked, if none is there."""
    if os.environ.get("TECHTIES_SHARED"):
        return Path(os.environ["TECHTIES_SHARED"])
    beside = ROOT.parent / "shared"
    if beside.is_dir():
        return beside
    origin = subprocess.run(["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"],
                            capture_output=True, text=True).stdout.strip()
    if origin and Path(origin).is_dir():
        cloned_from = Path(origin).resolve().parent / "shared"
        if cloned_from.is_dir():
            return cloned_from
    return beside


@pytest.fixture(scope="session")
def store_path(tmp_path_factory):
    """The curated data, loaded once into a store for the whole session."""
    path = tmp_path_factory.mktemp("store") / "store"
    load.load(path)
    return path


@pytest.fixture(scope="session")
def db(store_path):
    return store.open_store(store_path, read_only=True)


# --- a second SPARQL server on loopback, serving the Wikidata-shaped sample ---------------

WIKIDATA_SAMPLE = Path(__file__).parent / "data" / "links" / "wikidata-sample.ttl"


def _oxigraph_binary() -> str:
    """The `oxigraph` server binary of the PyPI package `oxigraph` (the test extra)."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("needs the `oxigraph` server binary, which the test extra installs "
                           "(pip install -e '.[test]')")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_oxigraph(location: Path, *, read_only: bool):
    """An Oxigraph server on loopback over ``location``: (process, base URL)."""
    port = _free_port()
    proc = subprocess.Popen([_oxigraph_binary(), "serve-read-only" if read_only else "serve",
                             "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1):
                return proc, base
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("the oxigraph server did not start") from None
            time.sleep(0.1)


@pytest.fixture(scope="session")
def sample_endpoint(tmp_path_factory):
    """The SPARQL query URL of an Oxigraph server holding tests/data/links/wikidata-sample.ttl."""
    location = tmp_path_factory.mktemp("wikidata-sample")
    subprocess.run([_oxigraph_binary(), "load", "--location", str(location),
                    "--file", str(WIKIDATA_SAMPLE)], check=True, capture_output=True, timeout=60)
    proc, base = start_oxigraph(location, read_only=True)
    yield base + "/query"
    proc.terminate()
    proc.wait(timeout=10)
