"""The served store: one read-write owner, read-only checkpoints for everything that reads.

Opening a pyoxigraph store read-only while another process writes it is undefined, so the
server process alone opens the live store read-write, holding the store's lock
(:mod:`server.store.lock`) while it has it open, so that no ``load``, ``import`` or
``restore`` replaces or writes the store under it. ``techties serve`` takes both at start
(:meth:`Dataset.hold`); an app built otherwise (the tests') on its first write. Readers (the
query workers, the pages) read a checkpoint: a RocksDB checkpoint (``Store.backup``, hard
links, cheap) in ``<store>.checkpoints/<pid>-<n>/<generation>``. The first is taken at start;
every write takes a new one and bumps the generation; a checkpoint no reader holds any more
is removed (one handed to a worker is held from :meth:`Dataset.pinned` until the worker has
it open, then by the worker's lock on it: :class:`server.store.Reader`).
A ``techties load`` that rebuilt the store under an app that has not written (so holds no
lock) is noticed (the load record changed, looked at once a second at most) and served from
a new checkpoint.
"""

import atexit
import contextlib
import fcntl
import gc
import itertools
import logging
import os
import shutil
import threading
import time
import weakref
from pathlib import Path

import pyoxigraph as ox

from .. import store
from ..config import Endpoints
from . import lock, remote

_serial = itertools.count()
RELOAD_CHECK = 1.0
"""Seconds between two looks at whether the store was reloaded under the server."""
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
        SPARQL store's update requests, are all-or-nothing), so it is not followed by one. One
        that fails on the store's files (a full disk) leaves RocksDB refusing every write until
        the store is opened again: ``faulted()`` has the next write open it again; a full
        disk is raised as :class:`server.store.DiskFull`.
        """
        with self.write_lock:
            try:
                yield self.writable()
            except (OSError, RuntimeError) as exc:
                if not store.storage_fault(exc):
                    raise
                self.faulted()  # (a store that could not even be opened is not held)
                if not store.disk_full(exc):
                    raise
            else:
                self.changed()
                return
            # raised here, not in the except clause, so that it does not carry the failed
            # write's traceback, whose frames hold the closed store open
            raise store.DiskFull("nothing was written")

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
    def __init__(self, path: Path, command: str = "serve"):
        self.path = Path(path)
        self.owner = lock.Lock(self.path, command)
        """The store's lock, held while the live store is open read-write."""
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
        self._stale = False
        self._next_look = 0.0
        """The last write is in the store but no checkpoint could be taken of it."""
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

    def _reloaded(self) -> bool:
        """Whether a ``techties load`` rebuilt the store, looked at no more than once every
        :data:`RELOAD_CHECK` seconds: a ``stat()`` on every request cost a few percent of a
        small query's time."""
        now = time.monotonic()
        if now < self._next_look:
            return False
        self._next_look = now + RELOAD_CHECK
        return self._stamp() != self._load_stamp

    def checkpoint(self) -> Path:
        """The newest checkpoint (taken now if there is none, or the store was reloaded, or
        the last write could not take one: then the one before, while it still cannot)."""
        with self.lock:
            if self._stale:
                try:
                    db = self.writable()
                    if self._stale:
                        self._take(db)
                    self._stale = False
                except (OSError, RuntimeError) as exc:
                    if not store.storage_fault(exc):
                        raise
            if self.current is None or (self._writable is None and self._reloaded()):
                self._sweep_stale()
                self._load_stamp = self._stamp()
                source = self._writable or store.open_store(self.path, read_only=True)
                self._take(source)
            return self.current

    def _take(self, source: ox.Store) -> None:
        target = self.dir / str(self.generation + 1)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(target, ignore_errors=True)
        try:
            source.backup(str(target))
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            raise
        self.generation += 1
        self.current = target
        if self.owner.held:  # the owner's newest, for the command line's readers and backups
            publish(self.path, target)
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

    def hold(self) -> None:
        """Take the store's lock and open the live store now, not on the first write (what
        ``techties serve`` does before it answers anything); :class:`lock.Busy` if another
        process holds the store."""
        self.writable()

    def writable(self) -> ox.Store:
        """The live store, opened read-write on first use, under the store's lock
        (:class:`lock.Busy` if another process holds it), and a checkpoint taken of it then:
        one taken from the store opened read-only lacks what only its write-ahead log holds
        (writes a kill cut short of their flush)."""
        with self.lock:
            if self._writable is None:
                held = self.owner.held
                self.owner.acquire()
                try:
                    gc.collect()  # a handle a fault let go of must be closed before this
                    store.recover(self.path)
                    self._writable = store.open_store(self.path)
                except BaseException:
                    if not held:
                        self.owner.release()
                    raise
                self._sweep_stale()
                self._load_stamp = self._stamp()
                self._take(self._writable)
                self._stale = False
            return self._writable

    def changed(self) -> None:
        """Called after every write: readers see it from the next checkpoint on, and the
        listeners are told. The write is in the store (its write-ahead log) whether or not a
        checkpoint can be taken of it now: if not (a full disk), readers keep the one before
        until one can be."""
        with self.lock:
            if self._writable is not None:
                try:
                    self._take(self._writable)
                except (OSError, RuntimeError) as exc:
                    if not store.storage_fault(exc):
                        raise
                    log.warning("a write is in the store, but no checkpoint of it could be "
                                "taken (%s): readers see it once one can be", str(exc))
                    self.generation += 1  # what was computed from the store before is stale
                    self._stale = True
                    self.faulted()
        self._notify()

    def faulted(self) -> None:
        """Let go of a live store that failed on its files (RocksDB then refuses every write):
        the next write opens it again, its write-ahead log replayed. The lock stays held."""
        with self.lock:
            self._writable = None

    def close(self) -> None:
        """Close the live store and let go of the store's lock (an app is done writing; the
        checkpoints stay for the readers)."""
        with self.lock:
            self._writable = None
            # a frame in a reference cycle (rdflib's SPARQL engine leaves some) may still hold
            # the store: collect it, so that the store is closed before the lock is let go
            gc.collect()
            self.owner.release()



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

    def hold(self) -> None:
        """Nothing to hold: the remote store isolates its writers itself."""

    def writable(self) -> remote.RemoteStore:
        return self.store

    def changed(self) -> None:
        with self.lock:
            self.generation += 1
        self._notify()

    def faulted(self) -> None:
        """Nothing to let go of: the remote store recovers by itself."""

    def close(self) -> None:
        """Nothing to let go of."""


POINTER = "current"
"""The file in ``<store>.checkpoints`` that names the newest checkpoint of the server that
holds the store."""


def checkpoints(path: Path) -> Path:
    return path.with_name(path.name + ".checkpoints")


def publish(path: Path, checkpoint: Path) -> None:
    """Name ``checkpoint`` as the newest of the server holding the store at ``path``."""
    root = checkpoints(path)
    tmp = root / f".{POINTER}-{os.getpid()}"
    tmp.write_text(str(checkpoint.relative_to(root)))
    tmp.replace(root / POINTER)


@contextlib.contextmanager
def served_checkpoint(path: Path, pid: int | None = None):
    """The newest checkpoint of the server holding the store at ``path`` (of process ``pid``,
    if given: a pointer a server that is gone left is not its), held open (a shared ``flock``,
    as a query worker holds one, so that the server does not remove it) while the block runs.
    """
    root = checkpoints(path)
    who = f" (pid {pid})" if pid is not None else ""
    for _ in range(50):
        try:
            name = (root / POINTER).read_text()
            if pid is not None and not name.startswith(f"{pid}-"):
                raise FileNotFoundError(name)  # the server has not named its first one yet
            fd = os.open(root / name, os.O_RDONLY)
        except FileNotFoundError:
            time.sleep(0.1)
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            # still the newest once held: the server removes only checkpoints that are not
            if (root / POINTER).read_text() == name:
                yield root / name
                return
        finally:
            os.close(fd)
        time.sleep(0.05)
    raise TimeoutError(f"no checkpoint of the server holding the store{who} could be held "
                       "(it names none, or they kept changing): try again")


@contextlib.contextmanager
def readable(path: Path):
    """The directory to read the store at ``path`` from: while `techties serve` holds it, its
    newest checkpoint, which has every write it acknowledged, held for the block (opening a
    store read-only while another process writes it is undefined, and its files may be
    compacted away under the reader); else the store itself."""
    holder = lock.holder(path)
    if holder and holder.get("command") == "serve" and (checkpoints(path) / POINTER).exists():
        with served_checkpoint(path, holder.get("pid")) as checkpoint:
            yield checkpoint
    else:
        yield store.located(path)


@contextlib.contextmanager
def opened_for_reading(location, timeout: float | None = None):
    """The store at ``location``, read as :func:`readable` says, for the block (each request
    to a remote one limited to ``timeout`` seconds, else the remote store's default)."""
    if isinstance(location, Endpoints):
        yield store.open_store(location, timeout=timeout)
        return
    with readable(Path(location)) as directory:
        db = store.opened(directory, read_only=True)
        try:
            yield db
        finally:
            del db


class Direct:
    """The store, for a process that reads it without serving it (the command line's
    queries): its readers open the directory :func:`readable` names, read-only: the store's
    own (with what only its write-ahead log holds, which a checkpoint taken from a read-only
    open lacks), or the newest checkpoint of the server that holds it."""

    def __init__(self, path: Path):
        self.path = Path(path)

    @contextlib.contextmanager
    def pinned(self):
        with readable(self.path) as directory:
            yield str(directory)


def reading(location) -> "Direct | RemoteDataset":
    """What a process that does not serve the store reads it through."""
    if isinstance(location, Endpoints):
        return RemoteDataset(location)
    return Direct(location)


def open_dataset(location, command: str = "serve") -> "Dataset | RemoteDataset":
    """The store a process serves or writes; ``command`` names it in the store's lock."""
    if isinstance(location, Endpoints):
        return RemoteDataset(location)
    return Dataset(location, command)
