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


def configure(base: str) -> None:
    """Make ``base`` (an http(s) IRI ending in '/', checked by the settings) the namespace
    every IRI is built in."""
    global BASE, TT, ONTOLOGY_IRI, ID, GENID, GRAPH, ONTOLOGY_GRAPH, INFERRED_GRAPH
    global IMPORTS_GRAPH, EXTERNAL_GRAPH, LOAD_GRAPH, SUBMISSIONS_GRAPH
    BASE = base
    TT = Namespace(base + "ontology#")
    ONTOLOGY_IRI = base + "ontology"
    ID = base + "id/"
    GENID = base + ".well-known/genid/"  # skolem IRIs for blank nodes (RDF 1.1, 3.5)
    GRAPH = base + "graph/"
    ONTOLOGY_GRAPH = GRAPH + "ontology"
    INFERRED_GRAPH = GRAPH + "inferred"
    IMPORTS_GRAPH = GRAPH + "imports"  # the record of imported data sets (void:Dataset each)
    EXTERNAL_GRAPH = GRAPH + "external/"  # where `techties import` may put a data set
    LOAD_GRAPH = GRAPH + "load"  # a remote store's record of the last `techties load`
    SUBMISSIONS_GRAPH = GRAPH + "submissions"  # provenance of the accepted submissions


# Until the command line or create_app configures it: the authored namespace.
configure(AUTHORED)


def instances_graph(stem: str) -> str:
    return f"{GRAPH}instances/{stem}"


def links_graph(stem: str) -> str:
    return f"{GRAPH}links/{stem}"


def submission_graph(submission_id: str) -> str:
    """The named graph an accepted submission's triples go into."""
    return f"{GRAPH}submission/{submission_id}"


def inferred_graph(graph: str) -> bool:
    """Whether ``graph`` holds only what the ontology's hierarchies add: the curated data's
    (``<namespace>graph/inferred``) or an accepted submission's (``.../inferred``)."""
    return graph == INFERRED_GRAPH or (graph.startswith(GRAPH) and graph.endswith("/inferred"))


def repository_graphs() -> tuple[str, ...]:
    """The graphs (or graph IRI prefixes) ``techties load`` builds from the repository."""
    return (ONTOLOGY_GRAPH, INFERRED_GRAPH, GRAPH + "instances/", GRAPH + "links/")


def protected(graph: str) -> tuple[str, str] | None:
    """What ``graph`` is and what alone changes it, if it is one techties keeps itself (the
    ontology, the curated data, the records, accepted submissions): no write over HTTP may
    change it (DESIGN: Store). None for any other graph. (An imported data set is protected
    too, as its record in the store says: :mod:`server.submission.writes`.)

    >>> protected(GRAPH + "instances/agreements")
    ('curated data', '`techties load`')
    >>> protected(GRAPH + "notes") is None
    True
    """
    load, decision = "`techties load`", "a curator's decision on /submissions"
    exact = {ONTOLOGY_GRAPH: ("the ontology", load),
             INFERRED_GRAPH: ("what the ontology infers from the curated data", load),
             LOAD_GRAPH: ("the record of the last load", load),
             IMPORTS_GRAPH: ("the record of the imports", "`techties import`"),
             SUBMISSIONS_GRAPH: ("the provenance of accepted submissions", decision)}
    if graph in exact:
        return exact[graph]
    for prefix, what, how in ((GRAPH + "instances/", "curated data", load),
                              (GRAPH + "links/", "a linkset", load),
                              (GRAPH + "submission/", "an accepted submission", decision)):
        if graph.startswith(prefix):
            return what, how
    return None


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
