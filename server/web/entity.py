"""What an entity page shows, read from the store: labels, types, statements with the claims
and evidence behind each value (:mod:`server.web.claims`), links in, external links, its
timeline and its figures.

Everything is read through quad patterns over all graphs (the union), each triple once.
"""

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import namespaces as ns
from ..store import merged
from . import claims as claim_model

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
DCTERMS = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
OTHER_PREFIXES = {
    "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "owl": OWL, "dcterms": DCTERMS,
    "xsd": XSD, "org": "http://www.w3.org/ns/org#", "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/", "schema": "https://schema.org/",
    "void": "http://rdfs.org/ns/void#", "sssom": "https://w3id.org/sssom/",
}


def prefixes() -> dict[str, str]:
    """The prefixes pages and their RDF use: tt: in the configured namespace, and the rest."""
    return {"tt": str(ns.TT), **OTHER_PREFIXES}


TYPE = RDF + "type"
LABELS = (RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel")
EXTERNAL = (OWL + "sameAs", SKOS + "exactMatch", SKOS + "closeMatch", SKOS + "relatedMatch",
            RDFS + "seeAlso", "http://xmlns.com/foaf/0.1/homepage", "https://schema.org/url",
            "http://schema.org/sameAs", "https://schema.org/sameAs")
# Local names in tt: (read at call time, in the configured namespace)
EXTERNAL_TT = ("url",)
DATES = ("date", "startDate", "endDate")
"""tt:date gathers every kind of date (tt:dateSigned, tt:dateOccurred...) in the inferred
graph."""
FIGURE_LINKS = ("dependent", "provider", "subject")
HIDDEN = ("date",)
"""Not shown among the statements: tt:date repeats, in the inferred graph, the narrower date
properties the data states."""


def _tt(names) -> tuple[str, ...]:
    return tuple(str(ns.TT) + name for name in names)


@dataclass
class Node:
    term: object
    label: str


@dataclass
class Item:
    """One dated thing on a timeline."""
    node: Node
    start: str
    end: str | None
    kind: str
    role: str
    wording: str | None = None
    """The source's words when the date is vague ("after 2014"): shown instead of ``start``,
    which is only the bound the timeline places it by."""


@dataclass
class Figure:
    node: Node
    measure: str
    value: float
    shown: str
    unit: str
    period: str | None
    qualifier: str | None


@dataclass
class Value:
    """A value of a statement, with the claims (and so the evidence) that state it; a time
    span is shown with its words and bounds."""
    node: Node
    claims: list
    span: object = None


@dataclass
class Entity:
    iri: str
    label: str
    labels: list[Value]
    types: list[Node]
    outgoing: list[tuple[Node, list[Value]]]
    incoming: list[tuple[Node, list[Node]]]
    claim: object
    """When the page is a claim's (a statement node): the claim, with its evidence."""
    external: list[tuple[str, str]]
    names: dict = field(default_factory=dict)
    """The labels of the terms the claims name (documents, parts, cited works...)."""
    timeline: list[Item] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    instances: list[Node] = field(default_factory=list)
    triples: list = field(default_factory=list)


def _triples(db: ox.Store, s=None, p=None, o=None) -> list[ox.Triple]:
    seen, out = set(), []
    for q in merged.quads_for_pattern(db, s, p, o, None):
        t = ox.Triple(q.subject, q.predicate, q.object)
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out


def curie(iri: str) -> str:
    for prefix, space in prefixes().items():
        if iri.startswith(space) and re.fullmatch(r"[\w.-]*", iri[len(space):]):
            return f"{prefix}:{iri[len(space):]}"
    return iri


def _values(db, term, predicates) -> list:
    return [t.object for p in predicates for t in _triples(db, term, ox.NamedNode(p))]


def label(db: ox.Store, term, lang: str = "en") -> str:
    """The best label of ``term``: English, else any, else its short name."""
    if isinstance(term, ox.Literal):
        return term.value
    found = _values(db, term, LABELS[:2])
    for wanted in (lang, "", None):
        for lit in found:
            if isinstance(lit, ox.Literal) and (wanted is None or (lit.language or "") == wanted):
                return lit.value
    if isinstance(term, ox.NamedNode):
        said = _said(db, term)
        if said:
            return said
        if "/.well-known/genid/" in term.value:  # a skolemized node: say what it is
            kinds = [label(db, t) for t in _values(db, term, [TYPE])]
            return f"{(kinds or ['node'])[0]} {term.value[-8:]}"
        name = curie(term.value)
        return name.rsplit("/", 1)[-1] if name.startswith("http") else name
    return str(term)


def _said(db: ox.Store, term) -> str | None:
    """What a claim or a time span says, as its label: "subject property value" for a claim
    (a disagreement's side), the source's words for a time span."""
    found = claim_model.claim(db, term)
    if found is not None:
        return " ".join(label(db, t) for t in (found.subject, found.property, found.value))
    span = claim_model.time_span(db, term)
    return span.wording if span is not None and span.wording else None


CLAIM_LINKS = {OWL + "annotatedSource", OWL + "annotatedTarget"}
"""The links from claims to what they are about: the page shows each claim beside its value,
with its evidence, so the claims are not listed again among what refers to the thing."""


def describe(db: ox.Store, iri: str) -> Entity | None:
    """Everything the page of ``iri`` shows; None if the store knows nothing of it."""
    node = ox.NamedNode(iri)
    out = _triples(db, node)
    incoming = _triples(db, None, None, node)
    if not out and not incoming:
        return None
    by_p: dict[str, list] = {}
    for t in out:
        by_p.setdefault(t.predicate.value, []).append(t.object)
    stated = claim_model.claims_about(db, node)

    def value(p: str, o) -> Value:
        # a value that is itself a claim (a disagreement's side) shows that claim's evidence
        side = claim_model.claim(db, o) if isinstance(o, ox.NamedNode) else None
        claims = [side] if side else stated.get((ox.NamedNode(p), o), [])
        span = claim_model.time_span(db, o) if isinstance(o, ox.NamedNode) else None
        return Value(Node(o, label(db, o)), claims, span)

    labels = sorted((value(p, lit) for p in LABELS for lit in by_p.get(p, [])
                     if isinstance(lit, ox.Literal)),
                    key=lambda v: (v.node.term.language != "en", v.node.term.language or "",
                                   v.node.label))
    labels = list({(v.node.term.value, v.node.term.language): v for v in labels}.values())
    types = [Node(t, label(db, t)) for t in by_p.get(TYPE, [])]
    shown = [TYPE] + sorted(p for p in by_p if p != TYPE)
    outgoing = [(Node(ox.NamedNode(p), label(db, ox.NamedNode(p))),
                 sorted((value(p, o) for o in by_p[p]), key=lambda v: v.node.label.lower()))
                for p in shown if p in by_p
                and p not in (*LABELS, *_tt(HIDDEN), *EXTERNAL, *_tt(EXTERNAL_TT))]
    in_by_p: dict[str, list] = {}
    for t in incoming:
        in_by_p.setdefault(t.predicate.value, []).append(t.subject)
    incoming_rows = [(Node(ox.NamedNode(p), label(db, ox.NamedNode(p))),
                      sorted((Node(s, label(db, s)) for s in subjects), key=lambda n: n.label))
                     for p, subjects in sorted(in_by_p.items())
                     if p != TYPE and p not in CLAIM_LINKS]
    external = sorted({(curie(p), o.value) for p in (*EXTERNAL, *_tt(EXTERNAL_TT))
                       for o in by_p.get(p, [])})
    entity = Entity(iri=iri, label=label(db, node), labels=labels, types=types,
                    outgoing=outgoing, incoming=incoming_rows,
                    claim=claim_model.claim(db, node), external=external)
    entity.timeline = timeline(db, node, out, incoming)
    entity.figures = figures(db, node, by_p, incoming)
    entity.instances = sorted((Node(s, label(db, s)) for s in in_by_p.get(TYPE, [])),
                              key=lambda n: n.label.lower())
    # and the claims about it, whole: the statement nodes point at it, and carry its evidence
    claimed = [t for found in stated.values() for c in found for t in _triples(db, c.node)]
    entity.triples = list(dict.fromkeys(out + incoming + claimed))
    entity.names = {term: label(db, term) for term in _named(entity)}
    return entity


def _named(entity: Entity) -> set:
    """The terms the claims of ``entity`` name, whose labels the page shows."""
    found = set()
    claims = [c for v in entity.labels for c in v.claims]
    claims += [c for _, values in entity.outgoing for v in values for c in v.claims]
    claims += [entity.claim] if entity.claim else []
    for c in claims:
        found |= {c.subject, c.property, c.value}
        for ev in c.evidence:
            found |= {ev.document, ev.part, *ev.attributed}
            for citation in ev.citations:
                found |= {citation.work, *citation.issues}
        for side in c.disagreements:
            found |= {side.disagreement, side.kind}
    for _, values in entity.outgoing:
        for v in values:
            if v.span:
                found |= {other for _, other in v.span.relations}
    return {term for term in found if term is not None}


def when(db: ox.Store, value) -> str | None:
    """A date as a sortable string: a literal date as it is; a time span by its first known
    bound (the lower one, else the upper one); None if nothing is known."""
    found = _dated(db, value)
    return found[0] if found else None


def _dated(db: ox.Store, value) -> tuple[str, str | None] | None:
    """:func:`when` of ``value``, with a time span's wording (None for a plain date): the
    span is read once."""
    if isinstance(value, ox.Literal):
        return value.value, None
    span = claim_model.time_span(db, value) if isinstance(value, ox.NamedNode) else None
    if span is None or not span.bounds:
        return None
    lower = [v for name, v in span.bounds if name in ("laterThan", "notEarlierThan")]
    return (lower or [v for _, v in span.bounds])[0], span.wording


def _kind(db, term) -> str:
    names = {t.value.removeprefix(str(ns.TT)) for t in _values(db, term, [TYPE])
             if t.value.startswith(str(ns.TT))}
    for kind in ("Agreement", "NationalInstrument", "Event", "Initiative", "Dependency",
                 "Figure"):
        if kind in names:
            return kind
    return sorted(names)[0] if names else "Thing"


def timeline(db: ox.Store, node, out, incoming) -> list[Item]:
    """The dated things around ``node`` (and ``node`` itself), in date order."""
    candidates = [(node, "itself")]
    candidates += [(t.subject, curie(t.predicate.value)) for t in incoming
                   if t.predicate.value != TYPE]
    candidates += [(t.object, curie(t.predicate.value)) for t in out
                   if isinstance(t.object, ox.NamedNode) and t.predicate.value != TYPE]
    items, seen = [], set()
    for term, role in candidates:
        if term in seen:
            continue
        seen.add(term)
        dates = {p: [w for w in (_dated(db, v) for v in _values(db, term, [p])) if w]
                 for p in _tt(DATES)}
        starts = dates[str(ns.TT) + "startDate"] or sorted(dates[str(ns.TT) + "date"])
        if not starts:
            continue
        ends = dates[str(ns.TT) + "endDate"]
        first = starts[0]
        items.append(Item(Node(term, label(db, term)), first[0], ends[0][0] if ends else None,
                          _kind(db, term), role, first[1]))
    return sorted(items, key=lambda i: (i.start, i.node.label))


def _number(lit) -> float | None:
    try:
        return float(lit.value)
    except (AttributeError, ValueError):
        return None


def figures(db: ox.Store, node, by_p, incoming) -> list[Figure]:
    """The measured figures about ``node``: its own, and those that name it."""
    sources = [node] if by_p.get(str(ns.TT) + "value") else []
    sources += [t.subject for t in incoming if t.predicate.value in _tt(FIGURE_LINKS)]
    found = []
    for term in dict.fromkeys(sources):
        values = _values(db, term, [str(ns.TT) + "value"])
        value = _number(values[0]) if values else None
        if value is None:
            continue
        measure = _values(db, term, [str(ns.TT) + "measure"])
        unit = _values(db, term, [str(ns.TT) + "unit"])
        period = [w for w in (when(db, v) for v in _values(db, term, [str(ns.TT) + "period"]))
                  if w]
        qualifier = _values(db, term, [str(ns.TT) + "qualifier"])
        found.append(Figure(Node(term, label(db, term)),
                            measure[0].value if measure else label(db, term), value,
                            values[0].value, label(db, unit[0]) if unit else "",
                            period[0] if period else None,
                            qualifier[0].value if qualifier else None))
    return sorted(found, key=lambda f: (f.unit, f.period or "", f.measure))


def class_instances(db: ox.Store, iri: str) -> list[Node]:
    return sorted((Node(t.subject, label(db, t.subject))
                   for t in _triples(db, None, ox.NamedNode(TYPE), ox.NamedNode(iri))),
                  key=lambda n: n.label.lower())
