"""``techties load``: validate the curated data, then build the store from it."""

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from .. import namespaces as ns
from .. import store
from . import curated, reasoning, shacl


class NotConforming(Exception):
    """The curated data does not pass the shapes; carries the report."""

    def __init__(self, report: shacl.Report):
        super().__init__(report.text())
        self.report = report


@dataclass
class Loaded:
    graphs: dict[str, int]
    report: shacl.Report


def curated_union(graphs: list[Graph]) -> Graph:
    union = Graph()
    for g in graphs:
        union += g
    return union


def load(path: Path) -> Loaded:
    """Build the store at ``path`` from the repository; refuse data that does not conform."""
    ontology = curated.read_ontology()
    files = curated.read_instances()
    report = shacl.validate(curated_union([f.graph for f in files]), inference="none")
    if not report.conforms:
        raise NotConforming(report)
    graphs = [(f.iri, f.skolemized()) for f in [ontology, *files]]
    instances = curated_union([g for _, g in graphs[1:]])
    graphs.append((ns.INFERRED_GRAPH, reasoning.inferred(graphs[0][1], instances)))
    meta = store.build(path, graphs, {"files": [str(f.path.name) for f in files]})
    return Loaded(graphs=meta["graphs"], report=report)
