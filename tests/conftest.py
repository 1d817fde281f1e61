"""The shared fixtures. The curated data is loaded once per session (``store_path``, ``db``);
tests that write get a copy of it (``store_copy``, ``writable``). What is not a fixture is in
helpers.py.

Markers (pyproject.toml): ``slow`` for tests that take seconds, ``servers`` for tests that
start a server or a subprocess (an Oxigraph server, ``techties serve``, a loopback listener);
a test that uses ``sample_endpoint``, ``listener`` or ``free_port`` is marked ``servers``
here. ``pytest -m "not slow and not servers"`` is the quick run."""

import shutil
import subprocess

import helpers
import pytest

from server import store
from server.graph import load

SERVER_FIXTURES = {"sample_endpoint", "listener", "free_port"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.servers)


# --- the curated store, loaded once -----------------------------------------------------------

@pytest.fixture(scope="session")
def store_path(tmp_path_factory):
    """The curated data, loaded once into a store for the whole session."""
    path = tmp_path_factory.mktemp("store") / "store"
    load.load(path)
    return path


@pytest.fixture(scope="session")
def db(store_path, tmp_path_factory):
    """The curated store, read-only, for the whole session: a copy of ``store_path`` of its
    own, since tests serve ``store_path`` with ``techties serve``, which opens it read-write,
    and a compaction there removes table files that a read-only handle opened before it
    still reads (FileNotFoundError on ``*.sst`` many tests later)."""
    copy = tmp_path_factory.mktemp("store-read") / "store"
    shutil.copytree(store_path, copy)
    return store.open_store(copy, read_only=True)


@pytest.fixture
def store_copy(store_path, tmp_path):
    """A copy of the curated store that the test may change (``tmp_path``/store)."""
    copy = tmp_path / "store"
    shutil.copytree(store_path, copy)
    return copy


# --- the app ------------------------------------------------------------------------------

@pytest.fixture
def app(store_path):
    """The app over the session's store, with the write token ``helpers.TOKEN`` (writes are
    for ``writable``: the session's store is shared)."""
    return helpers.make_app(store_path)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def writable(store_copy):
    """The app over a copy of the store, with the write token ``helpers.TOKEN``."""
    return helpers.make_app(store_copy)


@pytest.fixture
def unvalidated(store_copy):
    """As ``writable``, with ``TECHTIES_WRITE_VALIDATION=off``: for the tests of the protocols,
    which write example data, not techties data (protected graphs are refused all the same)."""
    return helpers.make_app(store_copy, write_validation="off")


# --- servers on loopback ----------------------------------------------------------------------

@pytest.fixture
def free_port():
    return helpers.free_port()


@pytest.fixture
def listener():
    """A loopback HTTP listener that records every connection (``helpers.Listener``)."""
    server = helpers.Listener()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def sample_endpoint(tmp_path_factory):
    """The SPARQL query URL of an Oxigraph server holding tests/data/links/wikidata-sample.ttl,
    a second SPARQL server standing in for Wikidata's."""
    location = tmp_path_factory.mktemp("wikidata-sample")
    subprocess.run([helpers.oxigraph_binary(), "load", "--location", str(location),
                    "--file", str(helpers.DATA / "links" / "wikidata-sample.ttl")],
                   check=True, capture_output=True, timeout=60)
    proc, base = helpers.start_oxigraph(location, read_only=True)
    yield base + "/query"
    proc.terminate()
    proc.wait(timeout=10)
