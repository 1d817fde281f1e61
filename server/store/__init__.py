"""The store: building it whole, opening it, and what is in it.

The embedded pyoxigraph store is a directory. A build writes a complete new store beside the
old one and then swaps directories, so a crash at any moment leaves either the old store or
the new one, never a mixture. It holds the store's lock (:mod:`server.store.lock`) while it
does, and is refused while another process (a server) holds it: a server writing into the
directory a build moves away would lose what it writes, and leave a store that does not open.
A remote store (:mod:`server.store.remote`) is built by one update that replaces the
repository's graphs, which the store applies all or nothing.
"""

import errno
import fcntl
import json
import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .. import namespaces as ns
from ..config import Endpoints, parse_location
from . import lock, merged, remote

VOID_DATASET = "http://rdfs.org/ns/void#Dataset"
PROV_GENERATED_BY = "http://www.w3.org/ns/prov#wasGeneratedBy"
DCTERMS_DESCRIPTION = "http://purl.org/dc/terms/description"


class DiskFull(OSError):
    """No space left on the store's disk. What was being written is not (pyoxigraph's writes
    are all or nothing), and everything acknowledged before is kept: a store that stopped on a
    full disk opens again, whole, once there is space."""

    def __init__(self, what: str):
        super().__init__(f"the disk is full (no space left on device): {what}")
        self.errno, self.what = errno.ENOSPC, what

    def __reduce__(self):
        return DiskFull, (self.what,)


def disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk is full (Python's ENOSPC, or RocksDB's words for it)."""
    return isinstance(exc, OSError) and (exc.errno == errno.ENOSPC
                                         or "No space left on device" in str(exc))


def storage_fault(exc: BaseException) -> bool:
    """Whether ``exc`` is a fault of the store's files (pyoxigraph's "IO error: ..." or
    "Corruption: ...", a full disk) rather than of what was asked: after one, RocksDB refuses
    every write until the store is opened again."""
    text = str(exc)
    return disk_full(exc) or (isinstance(exc, OSError | RuntimeError)
                              and text.startswith(("IO error", "Corruption"))
                              and "lock" not in text.lower())  # a lock held is no fault


class Damaged(OSError):
    """The store's directory is there but does not open: RocksDB finds it corrupt or
    incomplete (a missing MANIFEST, "Mismatch in unique ID on table file"...). Nothing here
    repairs it: a backup (`techties restore`) or a new store (`techties load`) does."""

    def __init__(self, path, reason: str):
        reason = reason.strip().rstrip(".")
        super().__init__(f"the store at {path} cannot be opened: {reason}")
        self.path, self.reason = str(path), reason

    def __reduce__(self):  # raised in a worker, pickled to the server
        return Damaged, (self.path, self.reason)


def opened(path, *, read_only: bool) -> ox.Store:
    """pyoxigraph's store in the directory ``path``; :class:`Damaged` if it does not open
    for any reason but a writer holding it (pyoxigraph says RuntimeError for corruption, and
    OSError for a file missing as for a lock held)."""
    if Path(path).is_dir() and not (Path(path) / "CURRENT").exists():
        # RocksDB would make a new, empty store here and serve nothing without a word
        raise Damaged(path, "it holds no store (no CURRENT file)")
    try:
        return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))
    except (OSError, RuntimeError) as exc:
        reason = str(exc)
        if disk_full(exc):  # opening replays the write-ahead log into new table files
            raise DiskFull("the store cannot be opened until there is space") from None
        if isinstance(exc, OSError) and ("lock" in reason.lower() or exc.errno is not None):
            raise
        raise Damaged(path, reason) from None


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".load.json")


def _old(path: Path) -> Path:
    return path.with_name(path.name + ".old")


def recover(path: Path) -> None:
    """Finish a swap that a crash interrupted (the old store is still there under .old),
    remove the new stores that crashed builds left half-made (.new-<pid>), and finish a
    restore a crash interrupted (:func:`server.store.backup.finish`). Only for the holder of
    the store's lock: anyone else would race with a build, a swap or a restore."""
    old = _old(path)
    if old.exists() and not path.exists():
        old.rename(path)
    elif old.exists():
        shutil.rmtree(old)
    for half_made in path.parent.glob(f"{path.name}.new-*"):
        shutil.rmtree(half_made, ignore_errors=True)
    from . import backup  # (which imports this module)

    backup.finish(path)


def swap_in(path: Path, new: Path) -> None:
    """Make the complete store ``new`` the store at ``path`` (under the store's lock): two
    renames, so a crash between them leaves the old store under .old, which :func:`recover`
    puts back."""
    old = _old(path)
    if path.exists():
        path.rename(old)
    new.rename(path)
    if not being_read(old):  # a reader that has it open keeps it; the next recover removes it
        shutil.rmtree(old, ignore_errors=True)


def build(path, graphs: Iterable[tuple[str, Graph]], meta: dict) -> dict:
    """Write ``graphs`` (graph IRI, content) as a fresh store at ``path``, atomically; raises
    :class:`server.store.lock.Busy` if another process (a server) holds the store."""
    if isinstance(path, Endpoints):
        return _build_remote(remote.RemoteStore(path), graphs, meta)
    path = Path(path)
    with lock.Lock(path, "load"):
        recover(path)
        new = path.with_name(f"{path.name}.new-{os.getpid()}")
        tmp_meta = _meta_path(path).with_suffix(".tmp")
        db = None
        try:
            db = ox.Store(str(new))
            counts = _fill(db, graphs)
            counts.update(_carry_over(path, db))
            db.flush()
            db.optimize()  # one compacted file set, not the dozens bulk loading leaves: reads
            # of it (and of the checkpoints taken from it) are up to a third faster
            meta = {**meta, "loaded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                    "graphs": counts}
            tmp_meta.write_text(json.dumps(meta, indent=2, sort_keys=True))
        except BaseException as exc:  # a full disk, a damaged old store...: the store is as it was
            del db  # closed before its directory goes
            shutil.rmtree(new, ignore_errors=True)
            tmp_meta.unlink(missing_ok=True)
            if disk_full(exc):
                raise DiskFull("the new store could not be written; the store is as it was "
                               "(a load needs about as much space again as the store)") from None
            raise
        del db
        swap_in(path, new)
        tmp_meta.replace(_meta_path(path))
    return meta


def check_opens(path) -> None:
    """Raise :class:`Damaged` if there is a store at ``path`` and it does not open (for a
    command to say so before its long preparation)."""
    if not isinstance(path, Endpoints) and Path(path).exists():
        opened(path, read_only=True)


def in_memory(graphs: Iterable[tuple[str, Graph]]) -> ox.Store:
    """``graphs`` (graph IRI, content) in a store in memory, as :func:`build` writes them."""
    db = ox.Store()
    _fill(db, graphs)
    return db


def _fill(db: ox.Store, graphs: Iterable[tuple[str, Graph]]) -> dict[str, int]:
    counts = {}
    db.add_graph(merged.MERGED)
    for iri, graph in graphs:
        data = graph.serialize(format="nt", encoding="utf-8")
        for target in (ox.NamedNode(iri), merged.MERGED):  # the merge is a set: once each
            db.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=target)
        counts[iri] = len(graph)
    return counts


def _carry_over(path: Path, new: ox.Store) -> dict[str, int]:
    """Copy from the old store at ``path`` everything ``load`` does not build from the
    repository, as a remote store keeps it (:func:`_build_remote`): the imported data sets
    and their record, the accepted submissions and their provenance, the graphs written over
    HTTP, the default graph. An import that was interrupted (begun in the record, never
    finished: :func:`unfinished_imports`) is dropped, graph and record."""
    if not path.exists():
        return {}
    old = opened(path, read_only=True)
    unfinished = unfinished_imports(old)
    dropped = {node for pair in unfinished for node in pair}
    ours = ns.repository_graphs()
    counts = {}
    for graph in [ox.DefaultGraph(), *old.named_graphs()]:
        name = "default graph" if isinstance(graph, ox.DefaultGraph) else graph.value
        if name.startswith(ours) or graph in dropped or graph == merged.MERGED:
            continue  # (the merge is made anew from what the new store holds)
        quads = old.quads_for_pattern(None, None, None, graph)
        if name == ns.IMPORTS_GRAPH:  # the record, without what it says of dropped imports
            quads = (q for q in quads if q.subject not in dropped)
        counts[name] = 0

        def counted(quads, key=name):
            for quad in quads:
                counts[key] += 1
                yield quad

        new.bulk_extend(merged.with_copies(counted(quads)))
        if not counts[name]:
            del counts[name]
    del old
    return counts


def unfinished_imports(db) -> list[tuple[ox.NamedNode, ox.NamedNode]]:
    """(graph, activity) of each import begun and never finished: ``techties import`` records
    the activity that generates the graph before it loads anything, and the graph as a
    void:Dataset once it is loaded (:mod:`server.store.imports`)."""
    rows = db.query(f"""SELECT ?g ?a {{ GRAPH <{ns.IMPORTS_GRAPH}> {{
        ?g <{PROV_GENERATED_BY}> ?a FILTER NOT EXISTS {{ ?g a <{VOID_DATASET}> }} }} }}""")
    return [(row["g"], row["a"]) for row in rows]


def _build_remote(db: remote.RemoteStore, graphs, meta: dict) -> dict:
    """Replace the repository's graphs in the remote store; drop those of files that are
    gone, and interrupted imports; keep everything else (as :func:`_carry_over` does for an
    embedded store).

    A server takes an update of bounded size (Virtuoso's SPARQL compiler runs out of memory
    on the curated data in one ``INSERT DATA``), so the new graphs are written first, in
    requests of a bounded number of quads (``Dialect.batch``), into staging graphs no reader sees
    (:func:`remote.staged`); one short update then moves them in place of the old ones, all
    or nothing. A load killed before that update leaves the store as it was, with staging
    graphs the next load drops first."""
    leftovers = [g.value for g in db.every_graph() if g.value.startswith(remote.STAGING)]
    if leftovers:
        db.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in leftovers))
    counts = {}
    for iri, graph in graphs:
        staging = ox.NamedNode(remote.staged(iri))
        db.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, staging)
                       for q in from_rdflib(graph))
        counts[iri] = len(graph)
    stale = [g.value for g in db.named_graphs()
             if g.value.startswith(ns.repository_graphs()) and g.value not in counts]
    unfinished = unfinished_imports(db)
    stale += [g.value for g, _ in unfinished]
    forget = [f"DELETE WHERE {{ GRAPH <{ns.IMPORTS_GRAPH}> {{ {node} ?p ?o }} }}"
              for pair in unfinished for node in pair]
    meta = {**meta, "loaded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "graphs": counts}
    record = ox.Quad(ox.NamedNode(ns.LOAD_GRAPH), ox.NamedNode(DCTERMS_DESCRIPTION),
                     ox.Literal(json.dumps(meta, sort_keys=True)), ox.NamedNode(ns.LOAD_GRAPH))
    # MOVE empties its target first; the DROP before it also empties the target of a graph
    # with no triples, whose staging graph was never made (MOVE SILENT then does nothing)
    moves = [step for iri in counts for step in (
        f"DROP SILENT GRAPH <{iri}>", f"MOVE SILENT GRAPH <{remote.staged(iri)}> TO GRAPH <{iri}>")]
    db.update(" ;\n".join([*forget, *(f"DROP SILENT GRAPH <{g}>" for g in stale), *moves,
                           f"DROP SILENT GRAPH <{ns.LOAD_GRAPH}>", remote.insert_data([record])]))
    return meta


def from_rdflib(graph: Graph) -> list[ox.Quad]:
    """An rdflib graph's triples as pyoxigraph quads in the default graph (through
    N-Triples, which both read and write alike)."""
    return list(ox.parse(graph.serialize(format="nt", encoding="utf-8"),
                         ox.RdfFormat.N_TRIPLES))


def open_store(path, *, read_only: bool = False, timeout: float | None = None):
    """The store at ``path``: a directory, or :class:`Endpoints` (each request to it limited
    to ``timeout`` seconds, else the remote store's default)."""
    if isinstance(path, Endpoints):
        return remote.RemoteStore(path, timeout=timeout or remote.TIMEOUT)
    return opened(located(path), read_only=read_only)


def located(path) -> Path:
    """The store directory ``path``, a swap a crash interrupted finished (if no one holds the
    store: a holder is making the swap, or has finished it); FileNotFoundError if there is
    no store."""
    path = Path(path)
    if not path.exists() and _old(path).exists():
        try:
            with lock.Lock(path, "recover"):
                recover(path)
        except lock.Busy:
            pass
    if not path.exists():
        raise FileNotFoundError(f"no store at {path}: run `techties load` first")
    return path


def exists(location) -> bool:
    """Whether there is a store to open (a remote one is taken to exist: the first request
    says if it cannot be reached)."""
    return isinstance(location, Endpoints) or Path(location).exists()


class Reader:
    """The store a worker reads, named as a job names it (a checkpoint directory, or a remote
    store's URLs), kept open from one job to the next.

    While it has a directory open it holds a shared ``flock`` on it, which tells the process
    that removes old checkpoints (:meth:`server.store.dataset.Dataset.sweep`), or an old store
    (:func:`swap_in`), that someone still reads it (:func:`being_read`). Not
    :func:`open_store`: a reader must not finish an interrupted swap (:func:`recover`).
    """

    def __init__(self):
        self.location: str | None = None
        self.db = None
        self._lock: int | None = None

    def open(self, location: str):
        if location == self.location:
            return self.db
        self.close()
        parsed = parse_location(location)
        if isinstance(parsed, Endpoints):
            self.db = remote.RemoteStore(parsed)
        else:
            self._lock = os.open(location, os.O_RDONLY)
            fcntl.flock(self._lock, fcntl.LOCK_SH)
            try:
                self.db = opened(location, read_only=True)
            except BaseException:
                self.close()
                raise
        self.location = location
        return self.db

    def close(self) -> None:
        self.db = self.location = None  # the store goes before its lock
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def being_read(directory: Path) -> bool:
    """Whether a :class:`Reader`, in any process, has ``directory`` open."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def load_meta(path) -> dict:
    if isinstance(path, Endpoints):
        rows = remote.RemoteStore(path).quads_for_pattern(
            ox.NamedNode(ns.LOAD_GRAPH), ox.NamedNode(DCTERMS_DESCRIPTION), None,
            ox.NamedNode(ns.LOAD_GRAPH))
        return json.loads(rows[0].object.value) if rows else {}
    meta = _meta_path(Path(path))
    return json.loads(meta.read_text()) if meta.exists() else {}


UNION_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


def dump(db, out, fmt, graph: str | None = None, *, prefixes: dict[str, str] | None = None,
         track=None) -> None:
    """Write ``graph`` (an IRI, or "default") as ``fmt``, or else the dataset: every graph in
    a dataset format (N-Quads, TriG), their union, as queries see it by default, in a triple
    format. Turtle and TriG use ``prefixes``. LookupError for a named graph the store does
    not have. ``track``: a wrapper every statement passes through on its way (a progress
    bar, a count), at some cost in speed; without it the store writes natively."""
    if fmt.name not in ("ttl", "trig"):
        prefixes = None
    if graph not in (None, "default") and not db.contains_named_graph(ox.NamedNode(graph)):
        raise LookupError(f"no graph <{graph}> in the store")
    source = (ox.DefaultGraph() if graph == "default" else
              ox.NamedNode(graph) if graph is not None else None)
    kept = merged.has_merge(db)
    if source is None and not fmt.dataset and kept:
        source = merged.MERGED  # the union, each triple once, as it is kept
    if track is None and (source is not None or (fmt.dataset and not kept)):
        db.dump(out, fmt.oxigraph, from_graph=source, prefixes=prefixes)
        return
    if source is not None:
        statements = (q.triple for q in db.quads_for_pattern(None, None, None, source))
    elif fmt.dataset:  # every graph but the merge, which mirrors them
        statements = (q for q in db.quads_for_pattern(None, None, None, None)
                      if q.graph_name != merged.MERGED)
    elif isinstance(db, remote.RemoteStore):
        statements = db.union_triples()  # streamed, as the rest of a remote export
    else:
        statements = db.query(UNION_TRIPLES, use_default_graph_as_union=True)
    ox.serialize(track(statements) if track else statements, out, fmt.oxigraph,
                 prefixes=prefixes)


def statistics(store: ox.Store) -> dict:
    graphs = sorted(g.value for g in merged.named(store))
    if isinstance(store, remote.RemoteStore):  # which leaves out a server's graphs of its own
        return {"quads": store.named_quads(), "graphs": len(graphs)}
    triples = next(iter(store.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH ?g {{ ?s ?p ?o }} "
                                    f"{merged.OTHERS} }}")))
    return {"quads": int(triples["n"].value), "graphs": len(graphs)}
