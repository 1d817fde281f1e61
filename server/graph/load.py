"""``techties load``: validate the curated data, then build the store from it; and the same
graphs in a store in memory, for checking submissions when there is no store yet."""

import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .. import namespaces as ns
from .. import store
from ..config import Endpoints
from ..search import index
from ..store import lock
from ..store.dataset import opened_for_reading
from . import curated, reasoning, shacl
from .report import Report


class NotConforming(Exception):
    """The curated data does not pass the shapes; carries the report."""

    def __init__(self, report: Report):
        super().__init__(report.text())
        self.report = report


@dataclass
class Loaded:
    graphs: dict[str, int]
    report: Report


def curated_union(graphs: list[Graph]) -> Graph:
    union = Graph()
    for g in graphs:
        union += g
    return union


def curated_graphs(ontology: curated.GraphFile,
                   files: list[curated.GraphFile]) -> list[tuple[str, Graph]]:
    """What ``load`` puts in the store, graph IRI and content: the ontology and each file,
    skolemized, and what the hierarchies add to the instances."""
    graphs = [(f.iri, f.skolemized()) for f in [ontology, *files]]
    instances = curated_union([g for _, g in graphs[1:]])
    graphs.append((ns.INFERRED_GRAPH, reasoning.inferred(graphs[0][1], instances)))
    return graphs


STEPS = ["reading the files", "checking the shapes (SHACL)", "inferring", "writing the store",
         "indexing the names"]
"""What :func:`load` does, in order: it calls its ``step`` after each (a progress bar)."""


def load(path: Path, search_index: str | None = None, *, step=lambda: None) -> Loaded:
    """Build the store at ``path`` from the repository, and its search index (in
    ``search_index``, or beside it); refuse data that does not conform, a store another
    process (a server) holds (:class:`server.store.lock.Busy`), and a store that does not open
    (:class:`server.store.Damaged`: what it holds beyond the repository's files could not be
    carried over)."""
    if not isinstance(path, Endpoints):
        lock.ensure_free(path)  # at once, not after the validation
        store.check_opens(path)
    ontology = curated.read_ontology()
    files = curated.read_instances()
    step()
    report = shacl.validate(curated_union([f.graph for f in files]), inference="none")
    if not report.conforms:
        raise NotConforming(report)
    step()
    graphs = curated_graphs(ontology, files)
    step()
    meta = store.build(path, graphs, {"files": [str(f.path.name) for f in files]})
    step()
    # the store's lock is let go once it is swapped in: read it as any reader beside a server
    # that may have taken it since does (that server's checkpoint, not the live store)
    with opened_for_reading(path) as db:
        try:
            index.rebuild(index.location(path, search_index), db, source=str(path))
        except (OSError, sqlite3.OperationalError) as exc:
            if not (store.disk_full(exc) or "disk is full" in str(exc)):
                raise
            raise store.DiskFull("the store is loaded, but its search index could not be "
                                 "written: a server builds it on its first search once there "
                                 "is space") from None
    step()
    return Loaded(graphs=meta["graphs"], report=report)


def curated_store() -> ox.Store:
    """The curated data as ``load`` would put it into a store, in memory, without validating
    it (built once per namespace)."""
    return _curated_store(ns.BASE)


@cache
def _curated_store(base: str) -> ox.Store:
    return store.in_memory(curated_graphs(curated.read_ontology(), curated.read_instances()))
