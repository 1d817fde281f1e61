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
