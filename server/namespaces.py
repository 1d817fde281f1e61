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
