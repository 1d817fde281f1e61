"""The embedded pyoxigraph store: building it whole, opening it, and what is in it.

A build writes a complete new store beside the old one and then swaps directories, so a
crash at any moment leaves either the old store or the new one, never a mixture.
"""

import json
import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .namespaces import GRAPH, IMPORTS_GRAPH, SUBMISSIONS_GRAPH

VOID_DATASET = "http://rdfs.org/ns/void#Dataset"


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".load.json")


def _recover(path: Path) -> None:
    """Finish a swap that a crash interrupted: the old store is still there under .old."""
    old = path.with_name(path.name + ".old")
    if old.exists() and not path.exists():
        old.rename(path)
    elif old.exists():
        shutil.rmtree(old)


def build(path: Path, graphs: Iterable[tuple[str, Graph]], meta: dict) -> dict:
    """Write ``graphs`` (graph IRI, content) as a fresh store at ``path``, atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _recover(path)
    new = path.with_name(f"{path.name}.new-{os.getpid()}")
    shutil.rmtree(new, ignore_errors=True)
    store = ox.Store(str(new))
    counts = {}
    for iri, graph in graphs:
        data = graph.serialize(format="nt", encoding="utf-8")
        store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
        counts[iri] = len(graph)
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


def _carry_over(path: Path, new: ox.Store) -> dict[str, int]:
    """Copy the imported external data sets, and their record, from the old store at ``path``.

    An import counts once its record (a void:Dataset in the imports graph) is written: a graph
    whose import was interrupted has no record and is not carried over.
    """
    if not path.exists():
        return {}
    old = ox.Store.read_only(str(path))
    record = ox.NamedNode(IMPORTS_GRAPH)
    graphs = [row["g"] for row in old.query(
        f"SELECT DISTINCT ?g {{ GRAPH <{IMPORTS_GRAPH}> {{ ?g a <{VOID_DATASET}> }} }}")]
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
              if g.value.startswith(GRAPH + "submission/") or g.value == SUBMISSIONS_GRAPH]
    counts = {}
    for graph in graphs:
        quads = list(old.quads_for_pattern(None, None, None, graph))
        new.extend(quads)
        counts[graph.value] = len(quads)
    del old
    return counts


def open_store(path: Path, *, read_only: bool = False) -> ox.Store:
    path = Path(path)
    _recover(path)
    if not path.exists():
        raise FileNotFoundError(f"no store at {path}: run `techties load` first")
    return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))


def load_meta(path: Path) -> dict:
    meta = _meta_path(Path(path))
    return json.loads(meta.read_text()) if meta.exists() else {}


def statistics(store: ox.Store) -> dict:
    graphs = sorted(g.value for g in store.named_graphs())
    triples = next(iter(store.query("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")))
    return {"quads": int(triples["n"].value), "graphs": len(graphs)}
