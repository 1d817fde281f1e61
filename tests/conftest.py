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
