"""The IRIs techties mints: terms, instances, graphs. One canonical namespace."""

from rdflib import Namespace

BASE = "https://w3id.org/techties/"
TT = Namespace(BASE + "ontology#")
ONTOLOGY_IRI = BASE + "ontology"
ID = BASE + "id/"
GENID = BASE + ".well-known/genid/"
"""Skolem IRIs for blank nodes (RDF 1.1 section 3.5), so every node can be referenced."""

GRAPH = BASE + "graph/"
ONTOLOGY_GRAPH = GRAPH + "ontology"
INFERRED_GRAPH = GRAPH + "inferred"


def instances_graph(stem: str) -> str:
    return f"{GRAPH}instances/{stem}"


def links_graph(stem: str) -> str:
    return f"{GRAPH}links/{stem}"

IMPORTS_GRAPH = GRAPH + "imports"
"""The record of imported external data sets: one void:Dataset per imported graph."""
EXTERNAL_GRAPH = GRAPH + "external/"
"""The one part of the techties namespace where `techties import` may put a data set."""

SUBMISSIONS_GRAPH = GRAPH + "submissions"
"""The provenance of accepted submissions: who sent each, when, who accepted it and why."""


def submission_graph(submission_id: str) -> str:
    """The named graph an accepted submission's triples go into."""
    return f"{GRAPH}submission/{submission_id}"
