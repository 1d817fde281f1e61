import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from server import load, store


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


def _oxigraph_binary() -> str | None:
    """The `oxigraph` server binary of the PyPI package `oxigraph` (the test extra)."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def sample_endpoint(tmp_path_factory):
    """The SPARQL query URL of an Oxigraph server holding tests/data/links/wikidata-sample.ttl."""
    binary = _oxigraph_binary()
    if binary is None:
        pytest.skip("needs the `oxigraph` server binary (pip install oxigraph; it is in the "
                    "test extra)")
    location = tmp_path_factory.mktemp("wikidata-sample")
    subprocess.run([binary, "load", "--location", str(location), "--file",
                    str(WIKIDATA_SAMPLE)], check=True, capture_output=True, timeout=60)
    port = _free_port()
    proc = subprocess.Popen([binary, "serve-read-only", "--location", str(location),
                             "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/query"
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1):
                break
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("the oxigraph server did not start") from None
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)
