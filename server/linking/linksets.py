"""The linksets in instances/links/ and ``techties link check``.

One Turtle file per target data set (``wikidata.ttl``, ``dbpedia.ttl``, ``geonames.ttl``),
each a void:Linkset. A link is a triple ``<our entity> P <their IRI>`` with P one of
owl:sameAs (the same thing), skos:exactMatch (interchangeable for every purpose we have,
but not strictly the same thing, e.g. our SKOS concept and their item) or skos:closeMatch
(similar enough to help, not to be merged). Each link is annotated, as SSSOM writes mappings
in OWL, by an owl:Axiom naming the link (owl:annotatedSource, owl:annotatedProperty,
owl:annotatedTarget) with sssom:mapping_justification (how it was made:
semapv:ManualMappingCuration by hand, semapv:LexicalMatching matched), rdfs:comment (the
evidence) and, for matched links, sssom:confidence (the score).
"""

import re
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, VOID, Namespace

from .. import namespaces as ns
from ..graph import curated

SSSOM = Namespace("https://w3id.org/sssom/")
SEMAPV = Namespace("https://w3id.org/semapv/vocab/")
LINK_PREDICATES = (OWL.sameAs, SKOS.exactMatch, SKOS.closeMatch)
JUSTIFICATIONS = (SEMAPV.ManualMappingCuration, SEMAPV.LexicalMatching)


@dataclass(frozen=True)
class Target:
    """A data set our entities are linked to."""

    name: str
    iri: str
    """The data set's IRI, the void:target of our linkset (besides ours)."""
    pattern: re.Pattern
    example: str


TARGETS = {
    "wikidata": Target("Wikidata", "http://www.wikidata.org/",
                        re.compile(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*"),
                        "http://www.wikidata.org/entity/Q159"),
    "dbpedia": Target("DBpedia", "http://dbpedia.org/",
                       re.compile(r"http://dbpedia\.org/resource/[^\s<>\"{}|\\^`?#]+"),
                       "http://dbpedia.org/resource/Russia"),
    "geonames": Target("GeoNames", "https://sws.geonames.org/",
                        re.compile(r"https://sws\.geonames\.org/[1-9][0-9]*/"),
                        "https://sws.geonames.org/2017370/"),
}


@dataclass(frozen=True, order=True)
class Link:
    dataset: str
    subject: str
    predicate: str
    target: str


@dataclass(frozen=True)
class Fault:
    """What is wrong in one linkset file, in one line. Not a validation result
    (:class:`server.graph.report.Problem`): no shape is checked, nothing but the file and
    the message is reported, and every fault fails the check."""

    file: str
    message: str

    def line(self) -> str:
        return f"{self.file}: {self.message}"


def links(graph: Graph, dataset: str) -> list[Link]:
    return sorted(Link(dataset, str(s), str(p), str(o))
                  for p in LINK_PREDICATES for s, o in graph.subject_objects(p))


def _annotated(graph: Graph) -> set[tuple[str, str, str]]:
    """The links that an owl:Axiom with a mapping justification annotates."""
    out = set()
    for axiom in graph.subjects(RDF.type, OWL.Axiom):
        if graph.value(axiom, SSSOM.mapping_justification) in JUSTIFICATIONS:
            out.add((str(graph.value(axiom, OWL.annotatedSource)),
                     str(graph.value(axiom, OWL.annotatedProperty)),
                     str(graph.value(axiom, OWL.annotatedTarget))))
    return out


def check_file(name: str, graph: Graph, existing: set[str]) -> tuple[list[Link], list[Fault]]:
    """One linkset's links and its faults; ``existing`` is every entity the curated data types."""
    stem = name.removesuffix(".ttl")
    target = TARGETS.get(stem)
    if target is None:
        return [], [Fault(name, f"no known target data set is named {stem!r}: name the file "
                                f"after one of {', '.join(TARGETS)}")]
    found = links(graph, stem)
    faults = []
    annotated = _annotated(graph)
    for link in found:
        what = f"<{link.subject}> {_short(link.predicate)} <{link.target}>"
        if not target.pattern.fullmatch(link.target):
            faults.append(Fault(name, f"{what}: not a {target.name} IRI "
                                      f"(like {target.example})"))
        if not link.subject.startswith(ns.ID) or link.subject not in existing:
            faults.append(Fault(name, f"{what}: no such entity in the curated data"))
        if (link.subject, link.predicate, link.target) not in annotated:
            faults.append(Fault(name, f"{what}: no owl:Axiom saying how the link was made "
                                      "(sssom:mapping_justification)"))
    by_subject, by_target = defaultdict(set), defaultdict(set)
    for link in found:
        by_subject[link.subject].add(link.target)
        by_target[link.target].add(link.subject)
    for subject, iris in sorted(by_subject.items()):
        if len(iris) > 1:
            faults.append(Fault(name, f"<{subject}> is linked to {len(iris)} different "
                                      f"{target.name} targets: {_iris(iris)}"))
    for iri, subjects in sorted(by_target.items()):
        if len(subjects) > 1:
            faults.append(Fault(name, f"<{iri}> is the target of {len(subjects)} of our "
                                      f"entities: {_iris(subjects)}"))
    faults += _check_description(name, graph, target, len(found))
    return found, faults


def _check_description(name: str, graph: Graph, target: Target, count: int) -> list[Fault]:
    linksets = list(graph.subjects(RDF.type, VOID.Linkset))
    if len(linksets) != 1:
        return [Fault(name, f"describes {len(linksets)} void:Linkset, not one")]
    linkset, faults = linksets[0], []
    if URIRef(target.iri) not in set(graph.objects(linkset, VOID.target)):
        faults.append(Fault(name, f"the void:Linkset lacks void:target <{target.iri}>"))
    stated = graph.value(linkset, VOID.triples)
    if stated is None or str(stated) != str(count):
        faults.append(Fault(name, f"the void:Linkset says void:triples {stated}, "
                                  f"but the file has {count} links"))
    return faults


def check_all() -> tuple[list[Link], list[Fault]]:
    """Every linkset in instances/links/ against the curated data."""
    existing = set()
    for path in curated.instance_files():
        graph = curated.parse_turtle(path)
        existing |= {str(s) for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}
    found, faults = [], []
    for path in curated.link_files():
        try:
            graph = curated.parse_turtle(path)
        except SyntaxError as exc:
            faults.append(Fault(path.name, f"not valid Turtle: {exc}"))
            continue
        file_links, file_faults = check_file(path.name, graph, existing)
        found += file_links
        faults += file_faults
    return found, faults


def _short(iri: str) -> str:
    for prefix, space in (("owl:", str(OWL)), ("skos:", str(SKOS)), ("rdfs:", str(RDFS))):
        if iri.startswith(space):
            return prefix + iri[len(space):]
    return f"<{iri}>"


def _iris(iris) -> str:
    return ", ".join(f"<{i}>" for i in sorted(iris))
