"""The store: building it whole, opening it, and what is in it.

The embedded pyoxigraph store is a directory. A build writes a complete new store beside the
old one and then swaps directories, so a crash at any moment leaves either the old store or
the new one, never a mixture. A remote store (:mod:`server.store.remote`) is built by one update
that replaces the repository's graphs, which the store applies all or nothing.
"""

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
from . import remote

VOID_DATASET = "http://rdfs.org/ns/void#Dataset"
DCTERMS_DESCRIPTION = "http://purl.org/dc/terms/description"


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".load.json")


def _recover(path: Path) -> None:
    """Finish a swap that a crash interrupted: the old store is still there under .old."""
    old = path.with_name(path.name + ".old")
    if old.exists() and not path.exists():
        old.rename(path)
    elif old.exists():
        shutil.rmtree(old)


def build(path, graphs: Iterable[tuple[str, Graph]], meta: dict) -> dict:
    """Write ``graphs`` (graph IRI, content) as a fresh store at ``path``, atomically."""
    if isinstance(path, Endpoints):
        return _build_remote(remote.RemoteStore(path), graphs, meta)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _recover(path)
    new = path.with_name(f"{path.name}.new-{os.getpid()}")
    shutil.rmtree(new, ignore_errors=True)
    store = ox.Store(str(new))
    counts = _fill(store, graphs)
    counts.update(_carry_over(path, store))
    counts.update(_carry_over_submissions(path, store))
    store.flush()
    del store
    meta = {**meta, "loaded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "graphs": counts}
    old = path.with_name(path.name + ".old")
    if path.exists():
        path.rename(old)
    new.rename(path)
    tmp_meta = _meta_path(path).with_suffix(".tmp")
    tmp_meta.write_text(json.dumps(meta, indent=2, sort_keys=True))
    tmp_meta.replace(_meta_path(path))
    shutil.rmtree(old, ignore_errors=True)
    return meta


def in_memory(graphs: Iterable[tuple[str, Graph]]) -> ox.Store:
    """``graphs`` (graph IRI, content) in a store in memory, as :func:`build` writes them."""
    db = ox.Store()
    _fill(db, graphs)
    return db


def _fill(db: ox.Store, graphs: Iterable[tuple[str, Graph]]) -> dict[str, int]:
    counts = {}
    for iri, graph in graphs:
        data = graph.serialize(format="nt", encoding="utf-8")
        db.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
        counts[iri] = len(graph)
    return counts


def _carry_over(path: Path, new: ox.Store) -> dict[str, int]:
    """Copy the imported external data sets, and their record, from the old store at ``path``.

    An import counts once its record (a void:Dataset in the imports graph) is written: a graph
    whose import was interrupted has no record and is not carried over.
    """
    if not path.exists():
        return {}
    old = ox.Store.read_only(str(path))
    record = ox.NamedNode(ns.IMPORTS_GRAPH)
    graphs = [row["g"] for row in old.query(
        f"SELECT DISTINCT ?g {{ GRAPH <{ns.IMPORTS_GRAPH}> {{ ?g a <{VOID_DATASET}> }} }}")]
    counts = {}
    for graph in [*graphs, record] if graphs else []:
        counts[graph.value] = 0

        def counted(quads, key=graph.value):
            for quad in quads:
                counts[key] += 1
                yield quad

        new.bulk_extend(counted(old.quads_for_pattern(None, None, None, graph)))
    del old
    return counts


def _carry_over_submissions(path: Path, new: ox.Store) -> dict[str, int]:
    """Copy the accepted submissions' graphs and their provenance from the old store.

    They exist nowhere else in the store's form (their records are beside the store), so a
    rebuild of the curated graphs must not drop them.
    """
    if not path.exists():
        return {}
    old = ox.Store.read_only(str(path))
    graphs = [g for g in old.named_graphs()
              if g.value.startswith(ns.GRAPH + "submission/") or g.value == ns.SUBMISSIONS_GRAPH]
    counts = {}
    for graph in graphs:
        quads = list(old.quads_for_pattern(None, None, None, graph))
        new.extend(quads)
        counts[graph.value] = len(quads)
    del old
    return counts


def _build_remote(db: remote.RemoteStore, graphs, meta: dict) -> dict:
    """Replace the repository's graphs in the remote store, in one update; drop those of
    files that are gone; keep everything else (imports, submissions)."""
    contents = {iri: [q.triple for q in from_rdflib(graph)] for iri, graph in graphs}
    stale = [g.value for g in db.named_graphs()
             if g.value.startswith(ns.repository_graphs()) and g.value not in contents]
    meta = {**meta, "loaded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "graphs": {iri: len(triples) for iri, triples in contents.items()}}
    record = ox.Triple(ox.NamedNode(ns.LOAD_GRAPH), ox.NamedNode(DCTERMS_DESCRIPTION),
                       ox.Literal(json.dumps(meta, sort_keys=True)))
    db.update(remote.replace_graphs({**contents, ns.LOAD_GRAPH: [record]}, drop=stale))
    return meta


def from_rdflib(graph: Graph) -> list[ox.Quad]:
    """An rdflib graph's triples as pyoxigraph quads in the default graph (through
    N-Triples, which both read and write alike)."""
    return list(ox.parse(graph.serialize(format="nt", encoding="utf-8"),
                         ox.RdfFormat.N_TRIPLES))


def open_store(path, *, read_only: bool = False):
    """The store at ``path``: a directory, or :class:`Endpoints`."""
    if isinstance(path, Endpoints):
        return remote.RemoteStore(path)
    path = located(path)
    return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))


def located(path) -> Path:
    """The store directory ``path``, a swap a crash interrupted finished; FileNotFoundError
    if there is no store."""
    path = Path(path)
    _recover(path)
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
    that removes old checkpoints (:meth:`server.store.dataset.Dataset.sweep`) that someone
    still reads it (:func:`being_read`). Not :func:`open_store`: a reader must not finish an
    interrupted swap (``_recover``), which would race with a ``techties load`` making it.
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
                self.db = ox.Store.read_only(location)
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
    if track is None and (source is not None or fmt.dataset):
        db.dump(out, fmt.oxigraph, from_graph=source, prefixes=prefixes)
        return
    if source is not None:
        statements = (q.triple for q in db.quads_for_pattern(None, None, None, source))
    elif fmt.dataset:
        statements = db.quads_for_pattern(None, None, None, None)
    elif isinstance(db, remote.RemoteStore):
        statements = db.union_triples()  # streamed, as the rest of a remote export
    else:
        statements = db.query(UNION_TRIPLES, use_default_graph_as_union=True)
    ox.serialize(track(statements) if track else statements, out, fmt.oxigraph,
                 prefixes=prefixes)


def statistics(store: ox.Store) -> dict:
    graphs = sorted(g.value for g in store.named_graphs())
    if isinstance(store, remote.RemoteStore):  # which leaves out a server's graphs of its own
        return {"quads": store.named_quads(), "graphs": len(graphs)}
    triples = next(iter(store.query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")))
    return {"quads": int(triples["n"].value), "graphs": len(graphs)}
