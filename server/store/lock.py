"""One owner at a time for an embedded store: an exclusive ``flock`` on ``<store>.lock``.

RocksDB locks a store's directory against a second read-write open, but ``techties load``
writes a new directory and swaps it in: the lock inside the old directory never saw it, and a
server went on writing into the directory the load had moved away and deleted (issue 11:
"Mismatch in unique ID on table file", a store that no longer opens). So every process that
writes a store, or replaces it, first takes this lock, on a file beside the directory (the
directory itself is what gets replaced): ``techties serve`` for its whole life, ``load``,
``import`` and ``restore`` while they run, the command line's curator decisions while they
decide. A second one is refused at once (:class:`Busy`), never queued.

The kernel drops a ``flock`` when the process holding it dies, kill -9 included, so a crash
never leaves the store locked. The file says who holds it (command, pid, since when) for the
message the next one gets; that text is only informational: the ``flock`` is the lock.
"""

import fcntl
import json
import os
import time
import weakref
from pathlib import Path

PATIENCE = 0.5
"""Seconds :meth:`Lock.acquire` retries before it gives up: :func:`holder` takes the lock
shared for an instant to look, which must not make a starting server fail."""


def lock_path(store: Path) -> Path:
    return Path(store).with_name(Path(store).name + ".lock")


class Busy(OSError):
    """Another process holds the store; ``holder`` says who (``command``, ``pid``, ``since``),
    as far as its lock file tells."""

    def __init__(self, store: Path, holder: dict):
        self.store, self.holder = store, holder
        super().__init__(f"the store at {store} is in use by {describe(holder)}")


def describe(holder: dict) -> str:
    """``holder`` in words: "`techties serve` (pid 1234, since 2026-11-22T10:15:00Z)"."""
    command = holder.get("command")
    who = f"`techties {command}`" if command else "another process"
    details = ", ".join(f"{k} {holder[k]}" for k in ("pid", "since") if holder.get(k))
    return f"{who} ({details})" if details else who


class Lock:
    """The lock on the store at ``store``, for ``command`` (a word for the messages:
    "serve", "load"...). Held from :meth:`acquire` until :meth:`release`, or until this
    object is collected, or the process ends."""

    def __init__(self, store, command: str):
        self.store = Path(store)
        self.command = command
        self._fd: int | None = None
        self._finalizer = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> "Lock":
        """Take the lock, or raise :class:`Busy` at once; a no-op if this object holds it."""
        if self._fd is not None:
            return self
        path = lock_path(self.store)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + PATIENCE
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    holder = _read(fd)
                    os.close(fd)
                    raise Busy(self.store, holder) from None
                time.sleep(0.05)
        self._fd = fd
        self._finalizer = weakref.finalize(self, os.close, fd)
        _say(fd, {"command": self.command, "pid": os.getpid(),
                  "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
        return self

    def release(self) -> None:
        if self._fd is not None:
            self._finalizer()  # closes the file, which drops the flock
            self._fd = self._finalizer = None

    def __enter__(self) -> "Lock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def holder(store) -> dict | None:
    """Who holds the store's lock now (as its file says), or None if no one does."""
    path = lock_path(store)
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return _read(fd)
    finally:
        os.close(fd)  # also drops the shared lock, if it was taken
    return None


def ensure_free(store) -> None:
    """Raise :class:`Busy` if someone holds the store now: for a command to refuse before
    its long preparation (``load`` validates for seconds before it builds), not instead of
    taking the lock when it writes."""
    found = holder(store)
    if found is not None:
        raise Busy(Path(store), found)


def _say(fd: int, holder: dict) -> None:
    """Write who holds the lock into its file; a full disk only costs the message."""
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode(), 0)
    except OSError:
        pass


def _read(fd: int) -> dict:
    try:
        return json.loads(os.pread(fd, 4096, 0) or b"{}")
    except (OSError, ValueError):
        return {}
