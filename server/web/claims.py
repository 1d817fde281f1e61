"""What the pages show of provenance: each statement's claims, their evidence, and the
disagreements they are a side of, as Wikidata shows references per statement.

A claim is an owl:Axiom naming one triple (owl:annotatedSource, owl:annotatedProperty,
owl:annotatedTarget) whose tt:evidence are the passages that state it (see the ontology's
header). Everything is read with quad patterns over all graphs, each triple once.
"""

from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import namespaces as ns
from ..store import merged

OWL = "http://www.w3.org/2002/07/owl#"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SOURCE, PROPERTY, TARGET = (ox.NamedNode(OWL + name) for name in
                            ("annotatedSource", "annotatedProperty", "annotatedTarget"))
BOUNDS = ("laterThan", "notEarlierThan", "earlierThan", "notLaterThan")


def tt(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(ns.TT) + name)


def _one(db, s, p):
    for q in merged.quads_for_pattern(db, s, p, None, None):
        return q.object
    return None


def _all(db, s, p) -> list:
    return list(dict.fromkeys(q.object for q in merged.quads_for_pattern(db, s, p, None, None)))


@dataclass
class Citation:
    work: object
    number: str | None
    page: str | None
    issues: list
    notes: list[str]


@dataclass
class Evidence:
    """One passage backing a claim, and how its document holds it."""
    node: object
    document: object
    quote: str
    part: object | None
    hedges: list[str]
    implied: list[str]
    attributed: list
    citations: list[Citation]
    start: int | None = None
    """Where the quote starts in its document's text (from its TextPositionSelector)."""

    @property
    def anchor(self) -> str:
        """The id the document's page gives the passage."""
        return self.node.value.rsplit("/", 1)[-1] if isinstance(self.node, ox.NamedNode) else ""


@dataclass
class Side:
    disagreement: object
    kind: object | None


@dataclass
class Claim:
    node: object
    subject: object
    property: object
    value: object
    evidence: list[Evidence] = field(default_factory=list)
    disagreements: list[Side] = field(default_factory=list)


def evidence(db: ox.Store, node) -> Evidence:
    citations = []
    for c in _all(db, node, tt("citation")):
        citations.append(Citation(
            work=_one(db, c, tt("citedWork")),
            number=getattr(_one(db, c, tt("referenceNumber")), "value", None),
            page=getattr(_one(db, c, tt("page")), "value", None),
            issues=_all(db, c, tt("citationIssue")),
            notes=[n.value for n in _all(db, c, tt("issueNote"))]))
    start = None
    for selector in _all(db, node, ox.NamedNode(OA + "hasSelector")):
        value = _one(db, selector, ox.NamedNode(OA + "start"))
        if value is not None:
            start = int(value.value)
    quote = _one(db, node, tt("quote"))
    return Evidence(
        node=node, document=_one(db, node, ox.NamedNode(OA + "hasSource")),
        quote=quote.value if quote is not None else "", part=_one(db, node, tt("part")),
        hedges=[h.value for h in _all(db, node, tt("hedge"))],
        implied=[i.value for i in _all(db, node, tt("impliedBy"))],
        attributed=_all(db, node, tt("attributedTo")), citations=citations, start=start)


def claim(db: ox.Store, node) -> Claim | None:
    """The claim ``node`` names, with its evidence and disagreements; None if it names none."""
    subject, prop, value = (_one(db, node, p) for p in (SOURCE, PROPERTY, TARGET))
    if subject is None or prop is None or value is None:
        return None
    found = Claim(node, subject, prop, value)
    found.evidence = sorted((evidence(db, e) for e in _all(db, node, tt("evidence"))),
                            key=lambda e: (str(e.document), e.start or 0, e.quote))
    sides = merged.quads_for_pattern(db, None, tt("side"), node)
    for d in dict.fromkeys(q.subject for q in sides):
        found.disagreements.append(Side(d, _one(db, d, tt("disagreementKind"))))
    found.disagreements.sort(key=lambda side: str(side.disagreement))
    return found


def claims_about(db: ox.Store, subject) -> dict[tuple, list[Claim]]:
    """Every claim about ``subject``, by the (property, value) of the triple it names."""
    by_triple: dict[tuple, list[Claim]] = {}
    for q in merged.quads_for_pattern(db, None, SOURCE, subject, None):
        found = claim(db, q.subject)
        if found is not None:
            by_triple.setdefault((found.property, found.value), []).append(found)
    return by_triple


@dataclass
class Span:
    """A tt:TimeSpan as the source gives it: its words and its bounds."""
    wording: str
    bounds: list[tuple[str, str]]
    relations: list[tuple[str, object]]


def time_span(db: ox.Store, node) -> Span | None:
    types = _all(db, node, RDF_TYPE)
    if tt("TimeSpan") not in types:
        return None
    wording = _one(db, node, tt("wording"))
    bounds = [(name, value.value) for name in BOUNDS
              for value in _all(db, node, tt(name))]
    relations = [(word, other) for word in ("after", "before")
                 for other in _all(db, node, ox.NamedNode("http://www.w3.org/2006/time#" + word))]
    return Span(wording.value if wording is not None else "", bounds, relations)
