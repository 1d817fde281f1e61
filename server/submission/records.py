"""Submission records on disk, outside the store: nothing pending or rejected is queried.

One directory per submission, beside the store (``<store>.submissions/<id>/``):
``record.json`` (status, time, submitter, hash, count, report, decision) and ``data.nt``
(the skolemized triples). A directory is written whole under a temporary name, every file
fsynced, then renamed into place, and the parent directory fsynced: once ``create`` returns,
the submission survives a kill -9 or a power cut. ``record.json`` is replaced the same way.
Decisions take an exclusive lock (``flock``) so that two curators, or two processes, cannot
decide one submission twice.
"""

import contextlib
import fcntl
import json
import os
import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import store
from ..config import Endpoints

STATUSES = ("pending", "accepted", "rejected")
ID_PATTERN = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9a-f]{8}$")


class NotFound(KeyError):
    def __str__(self):
        return f"no submission {self.args[0]}"


@dataclass
class Record:
    id: str
    status: str
    received: str
    submitter: str
    sha256: str
    media_type: str
    triples: int
    graph: str
    report: dict = field(default_factory=dict)
    decision: dict | None = None
    """``{"decision", "reason", "by", "at"}`` once accepted or rejected."""

    def as_json(self) -> dict:
        return asdict(self)


def new_id() -> str:
    """A sortable, unguessable id: ``YYYYMMDD-HHMMSS-<8 hex>`` (UTC).

    >>> bool(ID_PATTERN.match(new_id()))
    True
    """
    return time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + "-" + secrets.token_hex(4)


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _encode(record: Record) -> bytes:
    return json.dumps(record.as_json(), indent=2, sort_keys=True).encode("utf-8")


class Records:
    def __init__(self, directory: Path):
        self.directory = Path(directory)

    @classmethod
    def beside(cls, store_path: "Path | Endpoints", configured: str | None = None) -> "Records":
        """The records in ``configured``, or beside the store (``var/submissions`` for a
        remote one)."""
        if configured:
            return cls(Path(configured))
        if isinstance(store_path, Endpoints):
            return cls(Path("var/submissions"))
        return cls(store_path.with_name(store_path.name + ".submissions"))

    def _dir(self, sid: str) -> Path:
        if not ID_PATTERN.match(sid):
            raise NotFound(sid)
        return self.directory / sid

    def create(self, record: Record, data: bytes) -> Record:
        """Write a new submission whole, durably; after this returns it is never lost. On a
        full disk, :class:`server.store.DiskFull`, and nothing is left of it."""
        final = self._dir(record.id)
        tmp = self.directory / f".tmp-{record.id}"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir()
            _write(tmp / "data.nt", data)
            _write(tmp / "record.json", _encode(record))
            _fsync_dir(tmp)
            tmp.rename(final)
            _fsync_dir(self.directory)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if store.disk_full(exc):
                raise store.DiskFull("the submission was not recorded") from None
            raise
        return record

    def update(self, record: Record) -> Record:
        """Replace a record atomically (write, fsync, rename, fsync the directory); on a full
        disk, :class:`server.store.DiskFull`, the record as it was."""
        folder = self._dir(record.id)
        tmp = folder / "record.json.tmp"
        try:
            _write(tmp, _encode(record))
            tmp.replace(folder / "record.json")
            _fsync_dir(folder)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            if store.disk_full(exc):
                raise store.DiskFull(f"the record of submission {record.id} could not be "
                                     "updated") from None
            raise
        return record

    def get(self, sid: str) -> Record:
        path = self._dir(sid) / "record.json"
        try:
            return Record(**json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise NotFound(sid) from None

    def data(self, sid: str) -> bytes:
        try:
            return (self._dir(sid) / "data.nt").read_bytes()
        except FileNotFoundError:
            raise NotFound(sid) from None

    def ids(self) -> list[str]:
        if not self.directory.is_dir():
            return []
        return sorted(p.name for p in self.directory.iterdir()
                      if ID_PATTERN.match(p.name) and (p / "record.json").is_file())

    def list(self, status: str | None = None) -> list[Record]:
        if status is not None and status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
        records = [self.get(sid) for sid in self.ids()]
        return [r for r in records if status is None or r.status == status]

    def sweep(self) -> None:
        """Remove what a crash left half-written: temporary directories and record files."""
        if not self.directory.is_dir():
            return
        for path in self.directory.glob(".tmp-*"):
            shutil.rmtree(path, ignore_errors=True)
        for path in self.directory.glob("*/record.json.tmp"):
            path.unlink(missing_ok=True)

    @contextlib.contextmanager
    def lock(self):
        """An exclusive lock over decisions, across threads and processes."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / ".lock", "a+b") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)
