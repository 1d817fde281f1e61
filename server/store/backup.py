"""``techties backup DIR`` and ``techties restore DIR``: an online copy of the embedded store
and of the submission records, and putting one back.

A backup is a directory:

    DIR/store/          the store, a RocksDB checkpoint that opens on its own
    DIR/submissions/    the submission records (``<id>/record.json`` and ``data.nt``)
    DIR/load.json       the record of the last load, if there was one
    DIR/backup.json     when it was made, from what, its quads and graphs, the records' ids

It is made whole under a temporary name and renamed into place, so a DIR that exists is
complete. The records are copied first, under their decisions lock, then the store: an
acceptance writes the store before its record, so a backup may hold an accepted graph whose
record says pending (finished from the store when the service next starts, as after a crash),
never an accepted record without its graph.

Online: while ``techties serve`` holds the store, the backup copies the server's newest
checkpoint (taken from the live store after every acknowledged write:
:func:`server.store.dataset.served_checkpoint`), held open with a shared ``flock`` as a query
worker holds one, so that the server does not remove it meanwhile. Otherwise the backup takes
the store's lock and makes the checkpoint itself (``Store.backup``), the store opened
read-write so that what only its write-ahead log holds is in it (a checkpoint of a store
opened read-only lacks it).

Restore takes the store's lock (refused while a server, or anyone, holds it), checks the
backup (its store opens, with the quads and graphs backup.json says), copies store and
records beside their places (``.restoring``), writes a marker, then swaps each in by renames.
A crash before the marker leaves everything as it was; after it, :func:`finish` (run by
whoever next takes the store's lock: :func:`server.store.recover`) completes the swaps. So
the store and the records are both the backup's, or both as they were.
"""

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from .. import store
from . import dataset, lock


@dataclass(frozen=True)
class Made:
    """What a backup or a restore moved: quads, graphs, submission records, and where from."""
    quads: int
    graphs: int
    records: int
    source: str


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".restore.json")


def _aside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


# --- backup ------------------------------------------------------------------------------------

def backup(path, records, target: Path) -> Made:
    """Back up the store at ``path`` and the submission records (``records``: its
    ``directory``, ``ids()`` and ``lock()``, the lock over decisions) into the new directory
    ``target``. Raises FileExistsError (``target`` is there and not empty), FileNotFoundError
    (no store), :class:`lock.Busy` (a load, an import or a restore holds the store),
    store.DiskFull; a ``target`` is never left half-made."""
    path, target = Path(path), Path(target)
    store.located(path)
    if target.is_dir() and any(target.iterdir()) or target.exists() and not target.is_dir():
        raise FileExistsError(f"{target} exists: back up into a new directory")
    work = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    shutil.rmtree(work, ignore_errors=True)
    try:
        work.mkdir(parents=True)
        ids = _copy_records(records, work / "submissions")
        source = _copy_store(path, work / "store")
        meta = path.with_name(path.name + ".load.json")
        if meta.exists():
            shutil.copy2(meta, work / "load.json")
        counted = _count(work / "store")
        (work / "backup.json").write_text(json.dumps({
            "made_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "from": source,
            **counted, "submissions": ids}, indent=2))
        _sync(work)
        if target.is_dir():
            target.rmdir()  # empty: checked above
        work.rename(target)
    except BaseException as exc:
        shutil.rmtree(work, ignore_errors=True)
        if store.disk_full(exc) and not isinstance(exc, store.DiskFull):
            raise store.DiskFull(f"the backup into {target} was not made") from None
        raise
    return Made(counted["quads"], counted["graphs"], len(ids), source)


def _copy_records(records, into: Path) -> list[str]:
    """Copy the records, under their decisions lock, so that no decision is half-copied."""
    into.mkdir()
    with records.lock():
        ids = records.ids()
        for sid in ids:
            shutil.copytree(Path(records.directory) / sid, into / sid)
    return ids


def _copy_store(path: Path, into: Path) -> str:
    """Copy the store: the serving server's newest checkpoint, or a checkpoint made now."""
    try:
        with lock.Lock(path, "backup"):
            store.recover(path)
            db = store.open_store(path)  # read-write: with what only the log holds
            try:
                db.backup(str(into))
            finally:
                del db
            return "the store"
    except lock.Busy as busy:
        if busy.holder.get("command") != "serve":
            raise
        with dataset.served_checkpoint(path, busy.holder.get("pid")) as checkpoint:
            shutil.copytree(checkpoint, into)
        return f"the newest checkpoint of the server (pid {busy.holder.get('pid')})"


def _count(directory: Path) -> dict:
    db = store.opened(directory, read_only=True)
    stats = store.statistics(db)
    del db
    return stats


def _sync(directory: Path) -> None:
    """fsync every file and folder under ``directory``, and it: a backup survives a power cut
    once it is in place."""
    for root, _, files in os.walk(directory):
        for name in files:
            with open(Path(root) / name, "rb") as fh:
                os.fsync(fh.fileno())
        fd = os.open(root, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- restore ---------------------------------------------------------------------------------

class Unusable(ValueError):
    """The directory is not a backup this can restore (incomplete, or damaged)."""


def check(source: Path) -> dict:
    """The backup's description, once its store opens with the quads and graphs it says;
    :class:`Unusable` if not."""
    source = Path(source)
    try:
        described = json.loads((source / "backup.json").read_text())
    except (OSError, ValueError) as exc:
        raise Unusable(f"{source} is not a backup made by `techties backup` (backup.json: "
                       f"{exc})") from None
    if not (source / "submissions").is_dir():
        raise Unusable(f"{source} is not a complete backup: no submissions/")
    try:
        counted = _count(source / "store")
    except (OSError, RuntimeError) as exc:
        raise Unusable(f"the store in {source} does not open: {exc}") from None
    said = {k: described.get(k) for k in counted}
    if counted != said:
        raise Unusable(f"the store in {source} holds {counted['quads']} quads in "
                       f"{counted['graphs']} graphs, not the {said['quads']} in {said['graphs']} "
                       "its backup.json says")
    return described


def restore(source, path, records_dir: Path) -> Made:
    """Put the backup in ``source`` in place of the store at ``path`` and the records in
    ``records_dir``. Raises :class:`Unusable`, :class:`lock.Busy`, store.DiskFull; in each
    case the store and the records are as they were."""
    source, path, records_dir = Path(source), Path(path), Path(records_dir)
    described = check(source)
    path.parent.mkdir(parents=True, exist_ok=True)
    with lock.Lock(path, "restore"):
        store.recover(path)  # finishes an earlier restore a crash interrupted, if any
        new_store, new_records = _aside(path, ".restoring"), _aside(records_dir, ".restoring")
        new_meta = _aside(path, ".load.json.restoring")
        try:
            for leftover in (new_store, new_records):
                shutil.rmtree(leftover, ignore_errors=True)
            shutil.copytree(source / "store", new_store)
            shutil.copytree(source / "submissions", new_records)
            if (source / "load.json").exists():
                shutil.copy2(source / "load.json", new_meta)
            for made in (new_store, new_records):
                _sync(made)
        except BaseException as exc:
            for leftover in (new_store, new_records):
                shutil.rmtree(leftover, ignore_errors=True)
            new_meta.unlink(missing_ok=True)
            if store.disk_full(exc):
                raise store.DiskFull("nothing was restored") from None
            raise
        marker = _marker(path)
        tmp = marker.with_suffix(".tmp")
        tmp.write_text(json.dumps({"from": str(source), "records": str(records_dir.resolve())}))
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        tmp.replace(marker)  # from here on, the restore is finished even after a crash
        finish(path)
    return Made(described["quads"], described["graphs"], len(described["submissions"]),
                str(source))


def finish(path: Path) -> None:
    """Complete a restore whose marker is written (under the store's lock); drop the copies
    of one that did not get that far."""
    path = Path(path)
    marker = _marker(path)
    new_store, new_meta = _aside(path, ".restoring"), _aside(path, ".load.json.restoring")
    if not marker.exists():
        shutil.rmtree(new_store, ignore_errors=True)
        new_meta.unlink(missing_ok=True)
        return  # (a records copy left beside a configured records folder is overwritten next)
    records_dir = Path(json.loads(marker.read_text())["records"])
    new_records = _aside(records_dir, ".restoring")
    if new_store.exists():
        store.swap_in(path, new_store)
    if new_records.exists():
        store.swap_in(records_dir, new_records)
    if new_meta.exists():
        new_meta.replace(path.with_name(path.name + ".load.json"))
    marker.unlink()
