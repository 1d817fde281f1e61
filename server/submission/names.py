"""Naming nodes in the submitter's own terms: their prefixes, and blank nodes by where they sit.

>>> from rdflib import Graph, URIRef
>>> names = Names(Graph(), {"in": "https://w3id.org/techties/id/instrument/"})
>>> names.name(URIRef("https://w3id.org/techties/id/instrument/my-treaty"))
'in:my-treaty'
"""

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, XSD, NamespaceManager

from .. import namespaces as ns

KINDS = {
    "st": "state", "og": "organization", "ps": "person", "grp": "group", "pl": "place",
    "in": "instrument", "tech": "technology", "fld": "field", "pr": "product",
    "init": "initiative", "ev": "event", "mem": "membership", "coop": "cooperation",
    "dev": "development", "adopt": "adoption", "dep": "dependency", "fig": "figure",
    "src": "source", "dis": "disagreement", "unit": "unit",
}
"""The prefixes instances/README.md gives each kind of instance."""

def defaults() -> dict[str, str]:
    """The project's prefixes, in the configured namespace."""
    return {
    "tt": str(ns.TT), "rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL), "xsd": str(XSD),
    "skos": str(SKOS), "dcterms": str(DCTERMS), "prov": str(PROV), "foaf": str(FOAF),
    "org": "http://www.w3.org/ns/org#", "sh": str(SH),
    **{prefix: f"{ns.ID}{kind}/" for prefix, kind in KINDS.items()},
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

    def prefixes(self) -> dict[str, str]:
        return {prefix: str(iri) for prefix, iri in self.manager.namespaces()}

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
        """A skolemized blank node, named by the statement that points at it."""
        parent = next(iter(sorted(self.graph.subject_predicates(term))), None)
        if parent is None or depth > 3:
            return "[]"
        s, p = parent
        return f"[] (the {self.name(p)} of {self.name(s, depth + 1)})"
