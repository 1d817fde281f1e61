"""What validation needs besides the submission: the ontology's terms and the store's nodes.

The store is asked only about the nodes the submission names, so the cost grows with the
submission, not with the store:

- for each subject of the submission that already exists (a curated entity, or one that an
  accepted submission added): its statements, the claims about them (the statement nodes
  whose owl:annotatedSource it is) and their evidence nodes, so that its existing statements
  are evidenced as they are in the store, and the nodes (time spans) it points to by skolem
  IRIs;
- for every claim the submission refers to (a side of a disagreement): the claim and its
  evidence;
- for every other IRI the submission or those statements refer to: whether it exists, its
  types and labels (the types the ontology's hierarchies add, in the inferred graphs, are
  kept apart: the rules read them, the shapes do not, as they are no statement of a source).

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
from ..store import merged

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
    individuals: dict = field(default_factory=dict)
    """The types of the ontology's own individuals (the document parts, the kinds of
    disagreement, the citation issues), which the store keeps in the ontology's graph."""

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

    individuals = {}
    for s, c in g.subject_objects(RDF.type):
        if isinstance(s, URIRef) and c in classes and str(c).startswith(str(ns.TT)):
            individuals.setdefault(s, set()).add(c)
    return Ontology(frozenset(terms), frozenset(classes),
                    tuple(sorted(spaces | set(VOCABULARIES) | {str(ns.TT)})),
                    superclasses, restrictions(RDFS.domain), restrictions(RDFS.range),
                    individuals)


@dataclass
class Known:
    """What the store says about the nodes a submission names."""

    triples: Graph = field(default_factory=Graph)
    """Statements pulled from the store (descriptions of existing subjects and of the claims
    about them, types, labels), as the curated files and accepted submissions state them."""
    inferred: Graph = field(default_factory=Graph)
    """What the ontology's hierarchies add to those nodes (the inferred graphs): their
    superclasses, for the rules; not statements the shapes check."""
    existing: set = field(default_factory=set)
    """IRIs that are the subject of some statement in the store."""

    def exists(self, node) -> bool:
        return node in self.existing

    def has(self, triple) -> bool:
        return triple in self.triples or triple in self.inferred

    def types(self, node) -> set:
        return set(self.triples.objects(node, RDF.type)) | set(
            self.inferred.objects(node, RDF.type))

    def add(self, found: list[tuple]) -> None:
        for triple, inferred in found:
            (self.inferred if inferred else self.triples).add(triple)


def _rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == str(XSD.string) else datatype)
    return None  # blank nodes in the store: not reachable from a submission


def _aside(graph) -> bool:
    """A graph whose statements say nothing of a node's data: the ontology's, and the merge
    of all graphs (:data:`server.store.merged.MERGED`: copies, whose graph would say neither
    whether they are inferred nor where they come from)."""
    return graph in (ox.NamedNode(ns.ONTOLOGY_GRAPH), merged.MERGED)


def _describe(db: ox.Store, node: URIRef, predicates=None) -> list[tuple]:
    """Statements about ``node`` in any graph but the ontology's, each with whether it is
    inferred (pattern look-ups on the store's indexes: constant time per node, whatever the
    size of the store)."""
    subject = ox.NamedNode(str(node))
    patterns = [None] if predicates is None else [ox.NamedNode(str(p)) for p in predicates]
    out = []
    for predicate in patterns:
        for quad in db.quads_for_pattern(subject, predicate, None):
            if _aside(quad.graph_name):
                continue
            o = _rdflib(quad.object)
            if o is not None:
                graph = quad.graph_name
                inferred = isinstance(graph, ox.NamedNode) and ns.inferred_graph(graph.value)
                out.append(((node, URIRef(quad.predicate.value), o), inferred))
    return out


def _exists(db: ox.Store, node: URIRef) -> bool:
    return any(not _aside(q.graph_name)
               for q in db.quads_for_pattern(ox.NamedNode(str(node)), None, None))


def _claims_about(db: ox.Store, node: URIRef) -> set[URIRef]:
    """The statement nodes (owl:Axiom) whose owl:annotatedSource is ``node``."""
    return {URIRef(q.subject.value) for q in db.quads_for_pattern(
        None, ox.NamedNode(str(OWL.annotatedSource)), ox.NamedNode(str(node)))
        if isinstance(q.subject, ox.NamedNode) and not _aside(q.graph_name)}


def _is_claim(db: ox.Store, node: URIRef) -> bool:
    return any(db.quads_for_pattern(ox.NamedNode(str(node)), ox.NamedNode(str(RDF.type)),
                                    ox.NamedNode(str(OWL.Axiom))))


def from_store(db: ox.Store | None, submission: Graph) -> Known:
    """What ``db`` says about the nodes ``submission`` names (nothing if there is no store)."""
    known = Known()
    if db is None:
        return known
    subjects = {s for s in submission.subjects() if isinstance(s, URIRef) and s.startswith(ns.ID)}
    for s in subjects:
        known.add(_describe(db, s))
    described = set(known.triples.subjects()) | set(known.inferred.subjects())
    known.existing |= described
    # the claims about them, and the claims the submission names (sides of a disagreement)
    claims = set()
    for s in subjects & described:
        claims |= _claims_about(db, s)
    claims |= {o for o in submission.objects() if isinstance(o, URIRef)
               and o.startswith(ns.ID) and o not in described and _is_claim(db, o)}
    for claim in claims - described:
        known.add(_describe(db, claim))
    described |= claims
    # their evidence, and the nodes (time spans) their statements name by skolem IRIs
    evidence = {o for o in known.triples.objects(None, ns.TT.evidence) if isinstance(o, URIRef)}
    evidence |= {o for o in known.triples.objects() if isinstance(o, URIRef)
                 and o.startswith(ns.GENID)}
    for node in evidence - described:
        known.add(_describe(db, node))
    described |= evidence
    known.existing |= described & (set(known.triples.subjects())
                                   | set(known.inferred.subjects()))
    referenced = {o for s, p, o in (*submission, *known.triples)
                  if isinstance(o, URIRef) and p != RDF.type} - described
    for node in referenced:
        found = _describe(db, node, (RDF.type, *LABELS))
        known.add(found)
        if found or _exists(db, node):
            known.existing.add(node)
    return known
