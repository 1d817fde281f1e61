"""Naming nodes in the submitter's own terms: their prefixes, and blank nodes by where they sit.

The project's own prefixes come after the submitter's: the vocabularies', and one for each kind
of instance (``st:``, ``og:``...), read from the ontology's table of IRI kinds (:func:`kinds`).

>>> from rdflib import Graph, URIRef
>>> names = Names(Graph(), {"in": "https://w3id.org/techties/id/instrument/"})
>>> names.name(URIRef("https://w3id.org/techties/id/instrument/my-treaty"))
'in:my-treaty'
"""

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, XSD, NamespaceManager

from .. import namespaces as ns
from ..graph import shacl


@dataclass(frozen=True)
class Kind:
    """A kind of instance: the class whose instances (and its subclasses') are named
    ``<namespace>id/<path>/<slug>``, and the prefix written for that namespace."""
    cls: str
    path: str
    prefix: str


def kinds() -> tuple[Kind, ...]:
    """The IRI kinds, as the ontology's table declares them (``tt:idPath`` and ``tt:idPrefix``
    on each class's declaration), ordered by path.

    >>> next(k for k in kinds() if k.path == "state").prefix
    'st'
    """
    return _kinds(ns.BASE)


@cache
def _kinds(base: str) -> tuple[Kind, ...]:
    onto = shacl.ontology_graph()
    found = []
    for row, path in onto.subject_objects(ns.TT.idPath):
        cls = onto.value(row, OWL.annotatedSource)
        prefix = onto.value(row, ns.TT.idPrefix)
        if cls is None or prefix is None or onto.value(row, OWL.annotatedProperty) != RDF.type:
            raise ValueError(f"ontology: the IRI kind {path} needs its class (owl:annotatedSource "
                             "of the declaration rdf:type owl:Class) and its tt:idPrefix")
        found.append(Kind(str(cls), str(path), str(prefix)))
    return tuple(sorted(found, key=lambda k: k.path))


def defaults() -> dict[str, str]:
    """The project's prefixes, in the configured namespace: the vocabularies', the linked data
    sets' (as instances/links/ writes them), and one per kind of instance (``st:`` for
    ``<namespace>id/state/``). Reports, Turtle and TriG answers and dumps use them."""
    return {
    "tt": str(ns.TT), "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD),
    "skos": str(SKOS), "dcterms": str(DCTERMS), "prov": str(PROV), "foaf": str(FOAF),
    "org": "http://www.w3.org/ns/org#", "sh": str(SH), "void": "http://rdfs.org/ns/void#",
    "schema": "https://schema.org/", "sssom": "https://w3id.org/sssom/",
    "semapv": "https://w3id.org/semapv/vocab/", "wd": "http://www.wikidata.org/entity/",
    "dbr": "http://dbpedia.org/resource/", "gn": "https://sws.geonames.org/",
    **{kind.prefix: f"{ns.ID}{kind.path}/" for kind in kinds()},
    }


class Names:
    """Turns terms into short names: the submitter's prefixes first, then the project's."""

    def __init__(self, graph: Graph, prefixes: dict[str, str] | None = None,
                 skolem_prefix: str | None = None):
        self.graph = graph
        self.skolem_prefix = skolem_prefix
        self.manager = NamespaceManager(Graph(), bind_namespaces="none")
        for prefix, iri in defaults().items():
            self.manager.bind(prefix, iri, override=True)
        for prefix, iri in (prefixes or {}).items():
            self.manager.bind(prefix, iri, override=True, replace=True)

    def name(self, term, depth: int = 0) -> str | None:
        if term is None:
            return None
        if (self.skolem_prefix and isinstance(term, URIRef)
                and str(term).startswith(self.skolem_prefix)):
            return self._blank(term, depth)
        if isinstance(term, URIRef | Literal):
            try:
                return term.n3(self.manager)
            except Exception:  # an IRI that rdflib cannot shorten or quote
                return f"<{term}>"
        return str(term)

    def _blank(self, term: URIRef, depth: int) -> str:
        """A skolemized blank node, named by the statement that points at it; a claim, which
        nothing points at, by the triple it names."""
        parent = next(iter(sorted(self.graph.subject_predicates(term))), None)
        if parent is None and depth <= 3:
            triple = [self.graph.value(term, p) for p in
                      (OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget)]
            if any(part is not None for part in triple):
                return "[] (the claim " + " ".join(
                    self.name(part, depth + 1) or "?" for part in triple) + ")"
        if parent is None or depth > 3:
            return "[]"
        s, p = parent
        return f"[] (the {self.name(p)} of {self.name(s, depth + 1)})"
