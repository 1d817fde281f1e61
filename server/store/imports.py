"""``techties import``: an external data set into its own named graph, with a record of it.

The file (N-Triples, Turtle, N-Quads, TriG, RDF/XML or JSON-LD, gzipped or not) is read
twice, streamed both times: once to check its syntax, so that a broken file changes nothing,
then into the store with pyoxigraph's bulk loader. Quads of a dataset format all go into the
one target graph. The imports graph (``<namespace>graph/imports``) records it twice: before
anything is loaded, the activity that generates the graph (begun); once it is loaded, the graph
as a void:Dataset with its triple count, where it came from, when, and the file's SHA-256.
An import counts once that record is written: ``techties load`` carries every graph it does
not build over into the rebuilt store, except one whose import was begun and never finished
(:func:`server.store.unfinished_imports`), which it drops.
"""

import datetime
import gzip
import hashlib
import zlib
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from tqdm import tqdm

from .. import namespaces as ns
from .. import progress, store
from ..config import Endpoints
from ..formats import RDF_FORMATS, by_extension, lookup
from . import lock, merged

VOID = "http://rdfs.org/ns/void#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
BIG = 8 * 1024 * 1024
"""Files larger than this (in bytes, as stored), and every gzipped file (which may hold ten
times as much), get a progress bar on a terminal (:mod:`server.progress`)."""


@dataclass(frozen=True)
class Imported:
    graph: str
    source: str
    triples: int
    sha256: str
    imported_at: str


def check_graph_iri(iri: str) -> ox.NamedNode:
    """The target graph as a node; ValueError if it is not an absolute IRI or is one of ours."""
    try:
        node = ox.NamedNode(iri)
    except ValueError as exc:
        raise ValueError(f"--graph {iri} is not an absolute IRI: {exc}") from None
    external = ns.EXTERNAL_GRAPH
    if iri.startswith(ns.BASE) and not iri.startswith(external) or iri == external:
        raise ValueError(
            f"--graph {iri} is in the techties namespace, which holds the ontology, the curated "
            f"data, the links and the submissions: import into {ns.EXTERNAL_GRAPH}<name> or a "
            "graph IRI of the data set's own")
    return node


def _format(path: Path, name: str | None):
    if name:
        fmt = RDF_FORMATS.get(lookup(name).name)
        if fmt is None:
            raise ValueError(f"{name} is not an RDF format: choose one of {', '.join(RDF_FORMATS)}")
        return fmt
    fmt = by_extension(path.name)
    if fmt is None:
        raise ValueError(f"cannot tell the RDF format of {path.name} from its extension: "
                         f"give --format ({', '.join(RDF_FORMATS)})")
    return fmt


def _gzipped(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


class _Reader:
    """A binary file read through, with its SHA-256 and a progress bar over the stored bytes."""

    def __init__(self, path: Path, bar, gzipped: bool):
        self.raw = path.open("rb")
        self.bar = bar
        self.sha = hashlib.sha256()
        self.stream = gzip.GzipFile(fileobj=self, mode="rb") if gzipped else self

    def read(self, size=-1):
        data = self.raw.read(size)
        self.sha.update(data)
        self.bar.update(len(data))
        return data

    def close(self):
        self.raw.close()


def _stream(path: Path, fmt, base_iri: str | None, *, desc: str, sink):
    """Stream the file's statements to ``sink`` (an iterable consumer); returns its SHA-256."""
    size, gzipped = path.stat().st_size, _gzipped(path)
    shown = progress.bar if size > BIG or gzipped else _no_bar
    with shown(total=size, unit="B", desc=desc) as bar:
        reader = _Reader(path, bar, gzipped)
        try:
            sink(ox.parse(reader.stream, fmt.oxigraph, base_iri=base_iri,
                          rename_blank_nodes=True))
        except SyntaxError as exc:
            raise SyntaxError(f"{path.name}: {exc}") from None
        except (gzip.BadGzipFile, EOFError, zlib.error) as exc:  # a broken gzip stream
            raise SyntaxError(f"{path.name}: cannot be read: {exc}") from None
        finally:
            reader.close()
        return reader.sha.hexdigest()


def _no_bar(**options):
    return tqdm(disable=True, **options)


def read_file(path: Path, *, sink, format: str | None = None, base_iri: str | None = None):
    """Stream an RDF file (any format, gzipped or not) to ``sink``; returns its SHA-256."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no file {path}")
    return _stream(path, _format(path, format), base_iri, desc="reading", sink=sink)


def import_file(store_path, path: Path, graph: str, *, format: str | None = None,
                base_iri: str | None = None) -> Imported:
    """Import ``path`` into the named graph ``graph`` of the store at ``store_path``.

    Raises ValueError (graph IRI, format), SyntaxError (the file, with line and column),
    FileNotFoundError (file or store), :class:`server.store.lock.Busy` (another process, a
    server, holds the store); in each case the store is left as it was.
    """
    path = Path(path)
    target = check_graph_iri(graph)
    fmt = _format(path, format)
    if not path.is_file():
        raise FileNotFoundError(f"no file {path}")
    if isinstance(store_path, Endpoints):
        return _import(store.open_store(store_path), path, target, fmt, base_iri)
    store.located(store_path)
    with lock.Lock(store_path, "import"):
        store.recover(Path(store_path))
        try:
            return _import(store.open_store(store_path), path, target, fmt, base_iri)
        except OSError as exc:
            if store.disk_full(exc) and not isinstance(exc, store.DiskFull):
                raise store.DiskFull(
                    f"the import into <{graph}> stopped part way; it is not counted (its "
                    "record says it began, not that it ended), and the next import into that "
                    "graph, or `techties load`, removes what it wrote") from None
            raise


def _import(db, path: Path, target: ox.NamedNode, fmt, base_iri: str | None) -> Imported:
    graph = target.value
    _stream(path, fmt, base_iri, desc="checking", sink=lambda quads: sum(1 for _ in quads))
    started = _now()
    kept = merged.has_merge(db)  # the merge of the graphs, kept in step if the store has it
    _forget(db, target, kept)
    begun = _begun(graph, started)
    db.extend(merged.with_copies(begun) if kept else begun)

    def into_target(quads):
        moved = (ox.Quad(q.subject, q.predicate, q.object, target) for q in quads)
        return merged.with_copies(moved) if kept else moved

    sha = _stream(path, fmt, base_iri, desc="loading",
                  sink=lambda quads: db.bulk_extend(into_target(quads)))
    count = db.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{target.value}> {{ ?s ?p ?o }} }}")
    imported = Imported(graph, path.resolve().as_uri(), int(next(count)["n"].value), sha, _now())
    record = _record(imported, started, fmt.media_type)
    db.extend(merged.with_copies(record) if kept else record)
    db.flush()
    if isinstance(db, ox.Store):
        db.optimize()  # compacted, as `load` leaves the store: bulk loading leaves many files
    return imported


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _forget(db: ox.Store, target: ox.NamedNode, kept: bool) -> None:
    """Drop an earlier import into the same graph, its record and its content, in one
    update (with, ``kept``, what of them no other graph holds taken from the merge)."""
    record = ns.IMPORTS_GRAPH
    text = " ;\n".join([
        *(f"DELETE WHERE {{ GRAPH <{record}> {{ <{node}> ?p ?o }} }}"
          for node in (target.value, _activity(target.value))),
        f"DROP SILENT GRAPH <{target.value}>"])
    db.update(merged.maintained(text, db, (record, target.value)) if kept else text)


def _activity(graph: str) -> str:
    return f"{ns.IMPORTS_GRAPH}/activity/{hashlib.sha256(graph.encode()).hexdigest()[:16]}"


def _begun(graph: str, started: str) -> list[ox.Quad]:
    """What the record says before anything is loaded: an activity generates the graph."""
    activity, record = ox.NamedNode(_activity(graph)), ox.NamedNode(ns.IMPORTS_GRAPH)
    at = ox.Literal(started, datatype=ox.NamedNode(XSD + "dateTime"))
    return [ox.Quad(ox.NamedNode(graph), ox.NamedNode(PROV + "wasGeneratedBy"), activity, record),
            ox.Quad(activity, ox.NamedNode(RDF_TYPE), ox.NamedNode(PROV + "Activity"), record),
            ox.Quad(activity, ox.NamedNode(PROV + "startedAtTime"), at, record)]


def _record(imp: Imported, started: str, media_type: str) -> list[ox.Quad]:
    graph, record = ox.NamedNode(imp.graph), ox.NamedNode(ns.IMPORTS_GRAPH)
    activity, source = ox.NamedNode(_activity(imp.graph)), ox.NamedNode(imp.source)

    def iri(term):
        return ox.NamedNode(term)

    def time(value):
        return ox.Literal(value, datatype=iri(XSD + "dateTime"))

    triples = [
        (graph, iri(RDF_TYPE), iri(VOID + "Dataset")),
        (graph, iri(RDF_TYPE), iri(PROV + "Entity")),
        (graph, iri(VOID + "triples"), ox.Literal(str(imp.triples), datatype=iri(XSD + "integer"))),
        (graph, iri(DCTERMS + "source"), source),
        (graph, iri(PROV + "wasDerivedFrom"), source),
        (graph, iri(DCTERMS + "format"), ox.Literal(media_type)),
        (graph, iri(DCTERMS + "identifier"), ox.Literal("sha256:" + imp.sha256)),
        (graph, iri(PROV + "generatedAtTime"), time(imp.imported_at)),
        (graph, iri(PROV + "wasGeneratedBy"), activity),
        (activity, iri(RDF_TYPE), iri(PROV + "Activity")),
        (activity, iri(PROV + "used"), source),
        (activity, iri(PROV + "startedAtTime"), time(started)),
        (activity, iri(PROV + "endedAtTime"), time(imp.imported_at)),
    ]
    return [ox.Quad(s, p, o, record) for s, p, o in triples]


def imports(db: ox.Store) -> list[dict]:
    """The recorded imports: graph, source, triples, time."""
    rows = db.query(f"""
        PREFIX void: <{VOID}> PREFIX dcterms: <{DCTERMS}> PREFIX prov: <{PROV}>
        SELECT ?graph ?source ?triples ?at {{ GRAPH <{ns.IMPORTS_GRAPH}> {{
          ?graph a void:Dataset ; void:triples ?triples ; dcterms:source ?source ;
                 prov:generatedAtTime ?at }} }} ORDER BY ?graph""")
    return [{"graph": r["graph"].value, "source": r["source"].value,
             "triples": int(r["triples"].value), "at": r["at"].value} for r in rows]
