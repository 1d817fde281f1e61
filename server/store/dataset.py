"""The served store: one read-write owner, read-only checkpoints for everything that reads.

Opening a pyoxigraph store read-only while another process writes it is undefined, so the
server process alone opens the live store read-write (on its first write: a server that is
never written to never opens it so). Readers (the query workers, the pages) read a
checkpoint: a RocksDB checkpoint (``Store.backup``, hard links, cheap) in
``<store>.checkpoints/<pid>-<n>/<generation>``. The first is taken at start; every write
takes a new one and bumps the generation; a checkpoint no reader holds any more is removed
(one handed to a worker is held from :meth:`Dataset.pinned` until the worker has it open,
then by the worker's lock on it: :class:`server.store.Reader`).
A ``techties load`` that rebuilt the store under a server that has not written is noticed
(the load record changed) and served from a new checkpoint.
"""

import atexit
import contextlib
import itertools
import logging
import os
import shutil
import threading
import weakref
from pathlib import Path

import pyoxigraph as ox

from .. import store
from ..config import Endpoints
from . import remote

_serial = itertools.count()
log = logging.getLogger(__name__)


class _Shared:
    """What both kinds of served store do alike, given ``lock``, ``write_lock``,
    ``generation``, ``_cache``, ``_listeners``, ``checkpoint()``, ``reader()``,
    ``writable()`` and ``changed()``."""

    def listen(self, callback) -> None:
        """Have ``callback()`` called after every write, once readers see it (what is derived
        from the store, such as the search index, keeps in step so)."""
        self._listeners.append(callback)

    def _notify(self) -> None:
        """Tell the listeners of a write. The write is done: a listener that fails is logged,
        not raised (what it derives is then brought up to date on its next use)."""
        for callback in list(self._listeners):
            try:
                callback()
            except Exception:
                log.exception("a listener of the store's writes failed")

    @contextlib.contextmanager
    def write(self):
        """The live store, for one write; ``changed()`` once it is done.

        A write that fails changes nothing (pyoxigraph's updates and transactions, and a
        SPARQL store's update requests, are all-or-nothing), so it is not followed by one.
        """
        with self.write_lock:
            yield self.writable()
            self.changed()

    def cached(self, key: str, compute):
        """``compute(reader)``, computed once per generation."""
        with self.lock:
            self.checkpoint()
            hit = self._cache.get(key)
            if hit is not None and hit[0] == self.generation:
                return hit[1]
        with self.reader() as db:
            value = compute(db)
        with self.lock:
            self._cache[key] = (self.generation, value)
        return value


class Dataset(_Shared):
    def __init__(self, path: Path):
        self.path = Path(path)
        self.root = self.path.with_name(self.path.name + ".checkpoints")
        self.dir = self.root / f"{os.getpid()}-{next(_serial)}"
        self.lock = threading.RLock()
        self.write_lock = threading.Lock()
        """Serializes writes; held for a whole write, unlike ``lock`` (state, briefly)."""
        self.generation = -1
        self.current: Path | None = None
        self._writable: ox.Store | None = None
        self._readers: dict[Path, ox.Store] = {}
        self._in_use: dict[Path, int] = {}
        self._load_stamp = None
        self._cache: dict[str, tuple[int, object]] = {}
        self._listeners: list = []
        weakref.finalize(self, shutil.rmtree, str(self.dir), True)
        atexit.register(shutil.rmtree, str(self.dir), True)

    # --- checkpoints ----------------------------------------------------------------------

    def _stamp(self):
        meta = self.path.with_name(self.path.name + ".load.json")
        try:
            return meta.stat().st_mtime_ns
        except OSError:
            return None

    def checkpoint(self) -> Path:
        """The newest checkpoint (taken now if there is none, or the store was reloaded)."""
        with self.lock:
            if self.current is None or (self._writable is None
                                        and self._stamp() != self._load_stamp):
                self._sweep_stale()
                self._load_stamp = self._stamp()
                source = self._writable or store.open_store(self.path, read_only=True)
                self._take(source)
            return self.current

    def _take(self, source: ox.Store) -> None:
        self.generation += 1
        target = self.dir / str(self.generation)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(target, ignore_errors=True)
        source.backup(str(target))
        self.current = target
        self._cache.clear()
        self.sweep()

    def sweep(self) -> None:
        """Remove the checkpoints that are neither the newest nor held by a reader, in this
        process or another."""
        with self.lock:
            held = {p for p, n in self._in_use.items() if n}
            for path in list(self._readers):
                if path != self.current and path not in held:
                    del self._readers[path]
            if not self.dir.exists():
                return
            for child in self.dir.iterdir():
                if child != self.current and child not in held and not store.being_read(child):
                    shutil.rmtree(child, ignore_errors=True)

    def _sweep_stale(self) -> None:
        """Remove checkpoint folders left by processes that are gone."""
        if not self.root.exists():
            return
        for child in self.root.iterdir():
            pid = child.name.split("-")[0]
            if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
                shutil.rmtree(child, ignore_errors=True)

    # --- reading and writing --------------------------------------------------------------

    @contextlib.contextmanager
    def reader(self):
        """A read-only store of the newest checkpoint, for light reads in this process."""
        with self.lock:
            path = self.checkpoint()
            db = self._readers.get(path)
            if db is None:
                db = self._readers[path] = ox.Store.read_only(str(path))
            self._in_use[path] = self._in_use.get(path, 0) + 1
        try:
            yield db
        finally:
            with self.lock:
                self._in_use[path] -= 1

    @contextlib.contextmanager
    def pinned(self):
        """The newest checkpoint's path, kept on disk while the block runs."""
        with self.lock:
            path = self.checkpoint()
            self._in_use[path] = self._in_use.get(path, 0) + 1
        try:
            yield path
        finally:
            with self.lock:
                self._in_use[path] -= 1

    def writable(self) -> ox.Store:
        """The live store, opened read-write on first use (after a first checkpoint), and a
        checkpoint taken of it then: one taken from the store opened read-only lacks what
        only its write-ahead log holds (writes a kill cut short of their flush)."""
        with self.lock:
            if self._writable is None:
                self.checkpoint()
                self._writable = store.open_store(self.path)
                self._take(self._writable)
            return self._writable

    def changed(self) -> None:
        """Called after every write: readers see it from the next checkpoint on, and the
        listeners are told."""
        with self.lock:
            if self._writable is not None:
                self._take(self._writable)
        self._notify()



def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RemoteDataset(_Shared):
    """The served store when it is a remote SPARQL store: the same interface as
    :class:`Dataset`, without checkpoints (the remote store isolates readers from writers).
    The generation counts this server's writes, for :meth:`cached`."""

    def __init__(self, endpoints: Endpoints):
        self.path = endpoints
        self.store = remote.RemoteStore(endpoints)
        self.lock = threading.RLock()
        self.write_lock = threading.Lock()
        self.generation = 0
        self._cache: dict[str, tuple[int, object]] = {}
        self._listeners: list = []

    def checkpoint(self) -> str:
        return str(self.path)

    @contextlib.contextmanager
    def reader(self):
        yield self.store

    @contextlib.contextmanager
    def pinned(self):
        yield str(self.path)

    def writable(self) -> remote.RemoteStore:
        return self.store

    def changed(self) -> None:
        with self.lock:
            self.generation += 1
        self._notify()


class Direct:
    """The store itself, for a process that reads it without serving it (the command line's
    queries): its readers open the store's own directory read-only, with what only its
    write-ahead log holds (which a checkpoint taken from a read-only open lacks)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    @contextlib.contextmanager
    def pinned(self):
        yield str(store.located(self.path))


def reading(location) -> "Direct | RemoteDataset":
    """What a process that does not serve the store reads it through."""
    if isinstance(location, Endpoints):
        return RemoteDataset(location)
    return Direct(location)


def open_dataset(location) -> "Dataset | RemoteDataset":
    if isinstance(location, Endpoints):
        return RemoteDataset(location)
    return Dataset(location)
