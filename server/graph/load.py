"""``techties load``: validate the curated data, then build the store from it; and the same
graphs in a store in memory, for checking submissions when there is no store yet."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from .. import namespaces as ns
from .. import store
from ..search import index
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
    ``search_index``, or beside it); refuse data that does not conform."""
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
    index.rebuild(index.location(path, search_index), store.open_store(path, read_only=True),
                  source=str(path))
    step()
    return Loaded(graphs=meta["graphs"], report=report)


def curated_store() -> ox.Store:
    """The curated data as ``load`` would put it into a store, in memory, without validating
    it (built once per namespace)."""
    return _curated_store(ns.BASE)


@cache
def _curated_store(base: str) -> ox.Store:
    return store.in_memory(curated_graphs(curated.read_ontology(), curated.read_instances()))
