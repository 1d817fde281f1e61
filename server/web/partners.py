"""An actor's partner network, for its entity page: who cooperates, agrees or depends on whom,
through what, with the evidence one click away.

A tie is read from a node that names two actors in two roles (:data:`TIES`): a cooperation's
two partners, an agreement's two parties, a development's two developers, an initiative's or
an event's two participants, a dependency's dependent and provider, an acquisition's acquirer
and the actor acquired from, a membership's member and organization. Each tie keeps its node
(the cooperation, the agreement...: its page shows every claim with its evidence) and the
passages that state the actor's role in it: the claims naming that triple (owl:Axiom with
tt:evidence, the claims model) or, for data without claims, the node's own tt:evidence.

Everything is read with quad patterns over all graphs (the union), as the entity page is.
"""

from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import namespaces as ns
from ..store import merged

OWL = "http://www.w3.org/2002/07/owl#"
OA = "http://www.w3.org/ns/oa#"
ORG = "http://www.w3.org/ns/org#"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DCTERMS_SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")
MAX_TIES = 300
"""Ties read for one page at most (a hub has many: the rest are counted, not drawn)."""


@dataclass(frozen=True)
class Tie:
    """A kind of tie: the actor's role on the node, the other's role, and how it reads from
    the actor's side (``words``)."""
    kind: str
    mine: str
    theirs: str
    words: str


def _tt(name: str) -> str:
    return str(ns.TT) + name


TIES = [
    Tie("cooperation", "partner", "partner", "cooperates with"),
    Tie("agreement", "party", "party", "agrees with"),
    Tie("development", "developer", "developer", "develops with"),
    Tie("participation", "participant", "participant", "takes part with"),
    Tie("dependency", "dependent", "provider", "depends on"),
    Tie("dependency", "provider", "dependent", "is depended on by"),
    Tie("acquisition", "acquirer", "acquiredFrom", "acquires from"),
    Tie("acquisition", "acquiredFrom", "acquirer", "supplies"),
    Tie("membership", ORG + "member", ORG + "organization", "is a member of"),
    Tie("membership", ORG + "organization", ORG + "member", "has as member"),
]
"""The roles read, in tt: unless a full IRI."""
COLOURS = {"cooperation": "#2166ac", "agreement": "#1b7837", "development": "#7b3294",
           "participation": "#4d4d4d", "dependency": "#e08214", "acquisition": "#b2182b",
           "membership": "#8c6d31"}
"""A line's colour on the drawing, by kind of tie (its legend says which)."""


def _iri(name: str) -> ox.NamedNode:
    return ox.NamedNode(name if ":" in name else _tt(name))


@dataclass
class Passage:
    quote: str
    document: object | None
    """The document (oa:hasSource in the claims model, dcterms:source before it)."""
    document_label: str = ""
    node: object = None
    """The evidence node: its page, or its anchor on the document's page."""


@dataclass
class Link:
    """One tie between the page's actor and a partner, through ``node``."""
    tie: Tie
    node: object
    node_label: str
    evidence: list[Passage] = field(default_factory=list)


@dataclass
class Partner:
    term: object
    label: str
    links: list[Link] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        return list(dict.fromkeys(link.tie.kind for link in self.links))

    @property
    def summary(self) -> list[tuple[str, int]]:
        """How it is tied, in words, with how many nodes each: [("cooperates with", 36)...]."""
        counts: dict[str, int] = {}
        for link in self.links:
            counts[link.tie.words] = counts.get(link.tie.words, 0) + 1
        return list(counts.items())


@dataclass
class Network:
    actor: object
    label: str
    partners: list[Partner]
    more: int = 0
    """Ties beyond :data:`MAX_TIES`, not read."""

    @property
    def legend(self) -> list[tuple[str, str]]:
        """(kind, colour) of the kinds of tie on the drawing."""
        present = {kind for p in self.partners for kind in p.kinds}
        return [(kind, colour) for kind, colour in COLOURS.items() if kind in present]

    def graph(self, href) -> dict:
        """Nodes and edges for the page's drawing: the actor in the middle, one edge per
        partner and kind of tie, its links (to the nodes' pages) listed on it."""
        nodes = [{"id": "actor", "label": self.label, "href": href(self.actor), "focus": True}]
        edges = []
        for i, partner in enumerate(self.partners):
            nodes.append({"id": f"p{i}", "label": partner.label, "href": href(partner.term)})
            for kind in partner.kinds:
                links = [link for link in partner.links if link.tie.kind == kind]
                edges.append({"source": "actor", "target": f"p{i}", "kind": kind,
                              "colour": COLOURS[kind],
                              "label": links[0].tie.words if len(links) == 1 else
                              f"{links[0].tie.words} ({len(links)})",
                              "partner": i})
        return {"nodes": nodes, "edges": edges}


def _label(db, term) -> str:
    best = None
    for q in merged.quads_for_pattern(db, term, RDFS_LABEL, None, None):
        lang = getattr(q.object, "language", None)
        if lang == "en":
            return q.object.value
        best = best or q.object.value
    return best or (term.value.rstrip("/").rsplit("/", 1)[-1] if hasattr(term, "value") else "")


def _one(db, s, p):
    for q in merged.quads_for_pattern(db, s, p, None, None):
        return q.object
    return None


def _passages(db, node, role, actor) -> list[Passage]:
    """The passages that state ``node role actor``: its claims' evidence, else the node's."""
    found = []
    source, prop, target = (ox.NamedNode(OWL + n) for n in
                            ("annotatedSource", "annotatedProperty", "annotatedTarget"))
    for q in merged.quads_for_pattern(db, None, source, node, None):
        axiom = q.subject
        if _one(db, axiom, prop) != role or _one(db, axiom, target) != actor:
            continue
        for e in merged.quads_for_pattern(db, axiom, _iri("evidence"), None, None):
            found.append(_passage(db, e.object))
    if not found:
        found = [_passage(db, e.object)
                 for e in merged.quads_for_pattern(db, node, _iri("evidence"), None, None)]
    unique = {(p.quote, str(p.document)): p for p in found if p.quote}
    return sorted(unique.values(), key=lambda p: (str(p.document), p.quote))


def _passage(db, evidence) -> Passage:
    quote = _one(db, evidence, _iri("quote"))
    document = _one(db, evidence, ox.NamedNode(OA + "hasSource")) or \
        _one(db, evidence, DCTERMS_SOURCE)
    return Passage(quote.value if quote is not None else "", document,
                   _label(db, document) if document is not None else "", evidence)


def network(db, actor) -> Network:
    """``actor``'s partners, by label, each with its ties (by kind, then the node's label)."""
    partners: dict = {}
    read = more = 0
    for tie in TIES:
        mine, theirs = _iri(tie.mine), _iri(tie.theirs)
        for q in merged.quads_for_pattern(db, None, mine, actor, None):
            node = q.subject
            others = {o.object for o in merged.quads_for_pattern(db, node, theirs, None, None)}
            for other in sorted(others - {actor}, key=str):
                if not isinstance(other, ox.NamedNode):
                    continue
                if read >= MAX_TIES:
                    more += 1
                    continue
                read += 1
                partner = partners.get(other)
                if partner is None:
                    partner = partners[other] = Partner(other, _label(db, other))
                if any(link.node == node and link.tie == tie for link in partner.links):
                    continue
                partner.links.append(Link(tie, node, _label(db, node),
                                          _passages(db, node, mine, actor)))
    for partner in partners.values():
        order = [t.kind for t in TIES]
        partner.links.sort(key=lambda link: (order.index(link.tie.kind), link.node_label))
    ordered = sorted(partners.values(), key=lambda p: (-len(p.links), p.label.lower()))
    return Network(actor, _label(db, actor), ordered, more)
