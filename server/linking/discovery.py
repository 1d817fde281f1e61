"""``techties link discover``: candidate links between our entities and an external data set.

Our states, organizations, products, technologies and agreements (from the store) are
compared with the entities of an external data set (a file, or a SPARQL endpoint asked for
the items whose label or alias is one of our names) by :mod:`server.linking.matching`: names
in every language, type compatibility, and shared context (the country). As LIMES does, the
candidates are written into two linksets: ``accepted.ttl`` (the best candidate of an entity,
scoring at least ``accept`` and clearly ahead of the next) and ``review.ttl`` (every other
candidate scoring at least ``review``), each link annotated with its score.
"""

import datetime
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rapidfuzz import fuzz, process
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, VOID, XSD

from .. import namespaces as ns
from .. import progress
from ..store import imports
from .linksets import SEMAPV, SSSOM
from .matching import Profile, Score, normalize, score

ORG = "http://www.w3.org/ns/org#Organization"


def linkable() -> list[str]:
    return [str(ns.TT.State), ORG, str(ns.TT.Product), str(ns.TT.Technology),
            str(ns.TT.Agreement)]


def concepts() -> set[str]:
    """Linked with skos:exactMatch (a concept of our scheme and their item), the rest
    owl:sameAs."""
    return {str(ns.TT.Technology), str(ns.TT.Field)}


MARGIN = 0.05
"""How far the best candidate must be ahead of the next to be accepted without review."""

OURS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX tt: <%s>
SELECT ?e ?type ?name ?country WHERE {
  ?e a ?type .
  FILTER (STRSTARTS(STR(?e), "%s"))
  { ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name } UNION { ?e skos:prefLabel ?name }
  OPTIONAL { ?e tt:basedIn/(owl:sameAs|skos:exactMatch) ?country }
}"""
THEIRS = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX wdt: <http://www.wikidata.org/prop/direct/>
PREFIX dbo: <http://dbpedia.org/ontology/>
SELECT ?e ?type ?name ?country WHERE {
  %s
  { ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name } UNION { ?e schema:name ?name }
  FILTER (LANG(?name) IN ("", "en", "ru", "zh"))
  OPTIONAL { ?e wdt:P31|rdf:type ?type }
  OPTIONAL { ?e wdt:P17|wdt:P495|dbo:country ?country }
}"""


@dataclass(frozen=True)
class Candidate:
    ours: str
    theirs: str
    predicate: str
    score: Score


def _entities(rows) -> dict[str, Profile]:
    out = {}
    for row in rows:
        if not isinstance(row["e"], ox.NamedNode):
            continue
        entity = out.setdefault(row["e"].value, Profile(row["e"].value))
        entity.names.add(row["name"].value)
        entity.literals.add(row["name"])
        if row["type"] is not None:
            entity.types.add(row["type"].value)
        if row["country"] is not None:
            entity.countries.add(row["country"].value)
    return out


def our_entities(db: ox.Store, type_iri: str | None = None) -> dict[str, Profile]:
    """Our linkable entities (of ``type_iri`` only, if given) with names, types, countries."""
    found = _entities(db.query(OURS % (ns.TT, ns.ID), use_default_graph_as_union=True))
    wanted = [type_iri] if type_iri else linkable()
    return {iri: e for iri, e in found.items() if e.types & set(wanted)}


def from_file(path: Path) -> dict[str, Profile]:
    db = ox.Store()
    imports.read_file(Path(path), sink=db.bulk_extend)
    return _entities(db.query(THEIRS % "", use_default_graph_as_union=True))


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are not followed: only the endpoint named is ever asked."""

    def redirect_request(self, *args, **kwargs):
        return None


def from_endpoint(url: str, ours: dict[str, Profile], *, timeout: float, allowlist=(),
                  explicit: bool = False) -> dict[str, Profile]:
    """Ask ``url`` for the entities labelled with one of our names (exact, in batches).

    The endpoint must be on ``allowlist`` or named ``explicit``-ly by the user (on the
    command line); ValueError otherwise, before anything is fetched.
    """
    if not explicit and url not in set(allowlist):
        raise ValueError(f"{url} is not on the allow-list (TECHTIES_SERVICE_ALLOWLIST)")
    opener = urllib.request.build_opener(_NoRedirect)
    found = {}
    names = sorted({str(n) for e in ours.values() for n in e.literals})
    for start in progress.bar(range(0, len(names), 40), desc=f"asking {url}",
                              unit=" batches"):
        values = " ".join(names[start:start + 40])  # each a literal serialized by pyoxigraph
        bind = (f"VALUES ?key {{ {values} }} "
                "{ ?e rdfs:label ?key } UNION { ?e skos:altLabel ?key }")
        body = urllib.parse.urlencode({"query": THEIRS % bind}).encode()
        request = urllib.request.Request(url, data=body, headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": "techties-link-discover/0.1"})
        with opener.open(request, timeout=timeout) as response:
            results = ox.parse_query_results(response.read(), ox.QueryResultsFormat.JSON)
        for iri, entity in _entities(results).items():
            merged = found.setdefault(iri, Profile(iri))
            merged.names |= entity.names
            merged.types |= entity.types
            merged.countries |= entity.countries
    return found


def candidates(ours: dict[str, Profile], theirs: dict[str, Profile]) -> list[Candidate]:
    """Every pair whose names are at all alike, scored, best first."""
    index: dict[str, set[str]] = {}
    for iri, entity in theirs.items():
        for name in entity.names:
            if normalize(name):
                index.setdefault(normalize(name), set()).add(iri)
    keys = list(index)
    out = []
    for iri, entity in progress.bar(ours.items(), desc="matching", total=len(ours),
                                    unit=" entities"):
        near = set()
        for name in entity.names:
            for _, _, at in process.extract(normalize(name), keys, scorer=fuzz.ratio,
                                            score_cutoff=60, limit=None):
                near |= index[keys[at]]
        predicate = str(SKOS.exactMatch) if entity.types & concepts() else str(OWL.sameAs)
        out += [Candidate(iri, other, predicate, score(entity, theirs[other])) for other in near]
    return sorted(out, key=lambda c: (-c.score.total, c.ours, c.theirs))


def split(found: list[Candidate], *, accept: float, review: float):
    """LIMES's two sets: (accepted, to review). One target per entity and one entity per target."""
    if not 0 < review <= accept <= 1:
        raise ValueError(f"thresholds must satisfy 0 < review <= accept <= 1, "
                         f"not review {review}, accept {accept}")
    accepted, to_review, taken_ours, taken_theirs = [], [], set(), set()
    by_ours: dict[str, list[Candidate]] = {}
    for c in found:
        by_ours.setdefault(c.ours, []).append(c)
    for c in found:  # best first
        if c.score.total < review:
            continue
        rivals = [o.score.total for o in by_ours[c.ours] if o is not c]
        clear = not rivals or c.score.total - max(rivals) >= MARGIN
        if (c.score.total >= accept and clear and c.ours not in taken_ours
                and c.theirs not in taken_theirs):
            accepted.append(c)
            taken_ours.add(c.ours)
            taken_theirs.add(c.theirs)
        else:
            to_review.append(c)
    return accepted, to_review


def write_linkset(path: Path, found: list[Candidate], *, against: str, what: str) -> None:
    """A void:Linkset in Turtle, each link with an owl:Axiom giving its score and evidence."""
    g = Graph()
    for prefix, space in (("owl", OWL), ("skos", SKOS), ("void", VOID), ("dcterms", DCTERMS),
                          ("sssom", SSSOM), ("semapv", SEMAPV), ("xsd", XSD)):
        g.bind(prefix, space)
    linkset = URIRef(Path(path).resolve().as_uri())
    g.add((linkset, RDF.type, VOID.Linkset))
    g.add((linkset, VOID.target, URIRef(ns.BASE)))
    for p in sorted({c.predicate for c in found}):
        g.add((linkset, VOID.linkPredicate, URIRef(p)))
    g.add((linkset, VOID.triples, Literal(len(found))))
    g.add((linkset, DCTERMS.created, Literal(datetime.date.today().isoformat(),
                                             datatype=XSD.date)))
    g.add((linkset, DCTERMS.description, Literal(
        f"{what}: candidate links found by `techties link discover` against {against}, "
        "by name, type and country.", lang="en")))
    for c in found:
        g.add((URIRef(c.ours), URIRef(c.predicate), URIRef(c.theirs)))
        axiom = BNode()
        g.add((axiom, RDF.type, OWL.Axiom))
        g.add((axiom, OWL.annotatedSource, URIRef(c.ours)))
        g.add((axiom, OWL.annotatedProperty, URIRef(c.predicate)))
        g.add((axiom, OWL.annotatedTarget, URIRef(c.theirs)))
        g.add((axiom, SSSOM.mapping_justification, SEMAPV.LexicalMatching))
        g.add((axiom, SSSOM.confidence, Literal(f"{c.score.total:.4f}", datatype=XSD.decimal)))
        g.add((axiom, SSSOM.mapping_tool, Literal("techties link discover")))
        g.add((axiom, RDFS.comment, Literal(c.score.evidence())))
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    g.serialize(path, format="turtle", encoding="utf-8")
