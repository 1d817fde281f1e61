"""The IRIs techties mints: terms, instances, graphs. One canonical namespace.

The namespace is a setting (``TECHTIES_NAMESPACE``, or ``namespace`` in the config file).
Importing this module reads no setting: until :func:`configure` is called (by the command
line and by ``create_app``, with ``Settings.namespace``) the IRIs are those of
:data:`AUTHORED`. Read the names as attributes of the module at the time they are used
(``ns.TT``, ``ns.ID``), never copied into constants at import, so that they follow
:func:`configure`. It is one choice per process: two apps in one process share it.

The repository's own files (ontology, shapes, instances, links, queries) are written in
:data:`AUTHORED` and are rebased into the configured namespace as they are read
(:func:`rebase`).
"""

import re

from rdflib import Namespace

AUTHORED = "https://w3id.org/techties/"
"""The namespace the repository's files are written in."""

# Set by configure(); the values below are those of the authored namespace.
BASE = AUTHORED
TT = Namespace(AUTHORED + "ontology#")
ONTOLOGY_IRI = AUTHORED + "ontology"
ID = AUTHORED + "id/"
GENID = AUTHORED + ".well-known/genid/"
"""Skolem IRIs for blank nodes (RDF 1.1 section 3.5), so every node can be referenced."""
GRAPH = AUTHORED + "graph/"
ONTOLOGY_GRAPH = GRAPH + "ontology"
INFERRED_GRAPH = GRAPH + "inferred"
IMPORTS_GRAPH = GRAPH + "imports"
"""The record of imported external data sets: one void:Dataset per imported graph."""
EXTERNAL_GRAPH = GRAPH + "external/"
"""The one part of the techties namespace where `techties import` may put a data set."""
LOAD_GRAPH = GRAPH + "load"
"""In a remote store, the record of the last ``techties load`` (beside an embedded store, a
file ``<store>.load.json`` holds it)."""
SUBMISSIONS_GRAPH = GRAPH + "submissions"
"""The provenance of accepted submissions: who sent each, when, who accepted it and why."""


def configure(base: str) -> None:
    """Make ``base`` (an http(s) IRI ending in '/', checked by the settings) the namespace
    every IRI is built in."""
    global BASE, TT, ONTOLOGY_IRI, ID, GENID, GRAPH, ONTOLOGY_GRAPH, INFERRED_GRAPH
    global IMPORTS_GRAPH, EXTERNAL_GRAPH, LOAD_GRAPH, SUBMISSIONS_GRAPH
    BASE = base
    TT = Namespace(base + "ontology#")
    ONTOLOGY_IRI = base + "ontology"
    ID = base + "id/"
    GENID = base + ".well-known/genid/"
    GRAPH = base + "graph/"
    ONTOLOGY_GRAPH = GRAPH + "ontology"
    INFERRED_GRAPH = GRAPH + "inferred"
    IMPORTS_GRAPH = GRAPH + "imports"
    EXTERNAL_GRAPH = GRAPH + "external/"
    LOAD_GRAPH = GRAPH + "load"
    SUBMISSIONS_GRAPH = GRAPH + "submissions"


def instances_graph(stem: str) -> str:
    return f"{GRAPH}instances/{stem}"


def links_graph(stem: str) -> str:
    return f"{GRAPH}links/{stem}"


def submission_graph(submission_id: str) -> str:
    """The named graph an accepted submission's triples go into."""
    return f"{GRAPH}submission/{submission_id}"


def repository_graphs() -> tuple[str, ...]:
    """The graphs (or graph IRI prefixes) ``techties load`` builds from the repository."""
    return (ONTOLOGY_GRAPH, INFERRED_GRAPH, GRAPH + "instances/", GRAPH + "links/")


def rebase(text: str) -> str:
    r"""``text`` (Turtle or SPARQL from the repository) with :data:`AUTHORED` made :data:`BASE`.

    The shapes also hold the namespace as a regular expression in a Turtle string
    (``"^https://w3id\\.org/techties/id/..."``), so that spelling is rebased too.
    """
    if BASE == AUTHORED:
        return text
    return (text.replace(AUTHORED, BASE)
            .replace(_turtle_regex(AUTHORED), _turtle_regex(BASE)))


def _turtle_regex(namespace: str) -> str:
    """``namespace`` as a regular expression, written inside a Turtle string literal."""
    return re.escape(namespace).replace("\\", "\\\\")
