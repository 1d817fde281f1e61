"""What validation needs besides the submission: the ontology's terms and the store's nodes.

The store is asked only about the nodes the submission names, so the cost grows with the
submission, not with the store:

- for each subject of the submission that already exists (a curated entity, or one that an
  accepted submission added): its statements, and those of its evidence nodes (skolem IRIs);
- for every other IRI the submission refers to: whether it exists, its types (asserted and
  inferred) and labels.

>>> ctx = Known()
>>> ctx.exists(URIRef("https://w3id.org/techties/id/state/russia"))
False
"""

from dataclasses import dataclass, field
from functools import cache

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from .. import namespaces as ns
from ..graph import shacl

VOCABULARIES = (
    str(RDF), str(RDFS), str(OWL), str(XSD), str(SH), str(SKOS), str(PROV), str(FOAF),
    str(DCTERMS), "http://purl.org/dc/elements/1.1/", "http://www.w3.org/ns/org#",
    "http://purl.org/vocab/vann/", "http://rdfs.org/ns/void#", "http://www.w3.org/ns/dcat#",
    "http://schema.org/", "https://schema.org/", "http://www.w3.org/2006/time#",
    "http://www.w3.org/2003/01/geo/wgs84_pos#", "http://www.w3.org/ns/adms#",
    "http://www.w3.org/ns/locn#", "http://www.opengis.net/ont/geosparql#",
)
"""Namespaces of well-known vocabularies, whose terms no submission may describe."""

LABELS = (RDFS.label, SKOS.prefLabel)


@dataclass(frozen=True)
class Ontology:
    terms: frozenset
    classes: frozenset
    namespaces: tuple[str, ...]
    superclasses: dict = field(default_factory=dict)
    """Each class's superclasses (rdfs:subClassOf, transitively), itself included."""
    domains: dict = field(default_factory=dict)
    """Each property's rdfs:domain classes."""
    ranges: dict = field(default_factory=dict)
    """Each object property's rdfs:range classes."""

    def is_a(self, types, cls) -> bool:
        return any(cls in self.superclasses.get(t, {t}) for t in types)

    def is_vocabulary_term(self, iri: str) -> bool:
        return URIRef(iri) in self.terms or iri.startswith(self.namespaces)


def _namespace(iri: str) -> str:
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[:cut + 1]


def ontology() -> Ontology:
    return _ontology(ns.BASE)


@cache
def _ontology(base: str) -> Ontology:
    """The ontology's terms as submissions are checked against them, once per namespace."""
    g = shacl.ontology_graph()
    terms = {s for s in g.subjects() if isinstance(s, URIRef)}
    classes = set(g.subjects(RDF.type, OWL.Class)) | set(g.subjects(RDF.type, RDFS.Class))
    classes |= {o for o in g.objects(None, RDFS.subClassOf) if isinstance(o, URIRef)}
    spaces = {_namespace(str(t)) for t in terms if not str(t).startswith(ns.ID)}
    spaces.discard("")
    superclasses = {c: set(g.transitive_objects(c, RDFS.subClassOf)) for c in classes}

    def restrictions(prop):
        out = {}
        for p, c in g.subject_objects(prop):
            if isinstance(c, URIRef) and c in classes:
                out.setdefault(p, set()).add(c)
        return out

    return Ontology(frozenset(terms), frozenset(classes),
                    tuple(sorted(spaces | set(VOCABULARIES) | {str(ns.TT)})),
                    superclasses, restrictions(RDFS.domain), restrictions(RDFS.range))


@dataclass
class Known:
    """What the store says about the nodes a submission names."""

    triples: Graph = field(default_factory=Graph)
    """Statements pulled from the store (descriptions of existing subjects, types, labels)."""
    existing: set = field(default_factory=set)
    """IRIs that are the subject of some statement in the store."""

    def exists(self, node) -> bool:
        return node in self.existing

    def has(self, triple) -> bool:
        return triple in self.triples

    def types(self, node) -> set:
        return set(self.triples.objects(node, RDF.type))


def _rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else datatype)
    return None  # blank nodes in the store: not reachable from a submission


def _describe(db: ox.Store, node: URIRef, predicates=None) -> list[tuple]:
    """Statements about ``node`` in any graph but the ontology's (pattern look-ups on the
    store's indexes: constant time per node, whatever the size of the store)."""
    subject = ox.NamedNode(str(node))
    patterns = [None] if predicates is None else [ox.NamedNode(str(p)) for p in predicates]
    out = []
    for predicate in patterns:
        for quad in db.quads_for_pattern(subject, predicate, None):
            if quad.graph_name == ox.NamedNode(ns.ONTOLOGY_GRAPH):
                continue
            o = _rdflib(quad.object)
            if o is not None:
                out.append((node, URIRef(quad.predicate.value), o))
    return out


def _exists(db: ox.Store, node: URIRef) -> bool:
    return any(q.graph_name != ox.NamedNode(ns.ONTOLOGY_GRAPH)
               for q in db.quads_for_pattern(ox.NamedNode(str(node)), None, None))


def from_store(db: ox.Store | None, submission: Graph) -> Known:
    """What ``db`` says about the nodes ``submission`` names (nothing if there is no store)."""
    known = Known()
    if db is None:
        return known
    subjects = {s for s in submission.subjects() if isinstance(s, URIRef) and s.startswith(ns.ID)}
    for s in subjects:
        for triple in _describe(db, s):
            known.triples.add(triple)
    known.existing |= set(known.triples.subjects())
    evidence = {o for o in known.triples.objects() if isinstance(o, URIRef)
                and o.startswith(ns.GENID)}
    for node in evidence:
        for triple in _describe(db, node):
            known.triples.add(triple)
    known.existing |= evidence & set(known.triples.subjects())
    referenced = {o for s, p, o in (*submission, *known.triples)
                  if isinstance(o, URIRef) and p != RDF.type} - known.existing - evidence
    for node in referenced:
        found = _describe(db, node, (RDF.type, *LABELS))
        for triple in found:
            known.triples.add(triple)
        if found or _exists(db, node):
            known.existing.add(node)
    return known
