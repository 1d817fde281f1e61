"""The IRIs techties mints: terms, instances, graphs. One canonical namespace.

The namespace is a setting (``TECHTIES_NAMESPACE``, or ``namespace`` in the config file),
read once per process: every IRI below is built from it. The repository's own files
(ontology, shapes, instances, links, queries) are written in :data:`AUTHORED`, the default,
and are rebased into the configured namespace as they are read (:func:`rebase`).
"""

import re

from rdflib import Namespace

from .config import read_namespace

AUTHORED = "https://w3id.org/techties/"
"""The namespace the repository's files are written in."""

try:
    BASE = read_namespace()
except ValueError as exc:  # no IRI can be built, so nothing can run: say so and stop
    raise SystemExit(f"techties: {exc}") from None
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

LOAD_GRAPH = GRAPH + "load"
"""In a remote store, the record of the last ``techties load`` (beside an embedded store, a
file ``<store>.load.json`` holds it)."""

SUBMISSIONS_GRAPH = GRAPH + "submissions"
"""The provenance of accepted submissions: who sent each, when, who accepted it and why."""


def submission_graph(submission_id: str) -> str:
    """The named graph an accepted submission's triples go into."""
    return f"{GRAPH}submission/{submission_id}"


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
