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
class Dataset:
    name: str
    target: str
    """The data set's IRI, the void:target of our linkset (besides ours)."""
    pattern: re.Pattern
    example: str


DATASETS = {
    "wikidata": Dataset("Wikidata", "http://www.wikidata.org/",
                        re.compile(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*"),
                        "http://www.wikidata.org/entity/Q159"),
    "dbpedia": Dataset("DBpedia", "http://dbpedia.org/",
                       re.compile(r"http://dbpedia\.org/resource/[^\s<>\"{}|\\^`?#]+"),
                       "http://dbpedia.org/resource/Russia"),
    "geonames": Dataset("GeoNames", "https://sws.geonames.org/",
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
class Problem:
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


def check_file(name: str, graph: Graph, existing: set[str]) -> tuple[list[Link], list[Problem]]:
    """One linkset's links and its problems; ``existing`` is every entity the curated data types."""
    stem = name.removesuffix(".ttl")
    dataset = DATASETS.get(stem)
    if dataset is None:
        return [], [Problem(name, f"no known target data set is named {stem!r}: name the file "
                                  f"after one of {', '.join(DATASETS)}")]
    found = links(graph, stem)
    problems = []
    annotated = _annotated(graph)
    for link in found:
        what = f"<{link.subject}> {_short(link.predicate)} <{link.target}>"
        if not dataset.pattern.fullmatch(link.target):
            problems.append(Problem(name, f"{what}: not a {dataset.name} IRI "
                                          f"(like {dataset.example})"))
        if not link.subject.startswith(ns.ID) or link.subject not in existing:
            problems.append(Problem(name, f"{what}: no such entity in the curated data"))
        if (link.subject, link.predicate, link.target) not in annotated:
            problems.append(Problem(name, f"{what}: no owl:Axiom saying how the link was made "
                                          "(sssom:mapping_justification)"))
    by_subject, by_target = defaultdict(set), defaultdict(set)
    for link in found:
        by_subject[link.subject].add(link.target)
        by_target[link.target].add(link.subject)
    for subject, targets in sorted(by_subject.items()):
        if len(targets) > 1:
            problems.append(Problem(name, f"<{subject}> is linked to {len(targets)} different "
                                          f"{dataset.name} targets: {_iris(targets)}"))
    for target, subjects in sorted(by_target.items()):
        if len(subjects) > 1:
            problems.append(Problem(name, f"<{target}> is the target of {len(subjects)} of our "
                                          f"entities: {_iris(subjects)}"))
    problems += _check_description(name, graph, dataset, len(found))
    return found, problems


def _check_description(name: str, graph: Graph, dataset: Dataset, count: int) -> list[Problem]:
    linksets = list(graph.subjects(RDF.type, VOID.Linkset))
    if len(linksets) != 1:
        return [Problem(name, f"describes {len(linksets)} void:Linkset, not one")]
    linkset, problems = linksets[0], []
    if URIRef(dataset.target) not in set(graph.objects(linkset, VOID.target)):
        problems.append(Problem(name, f"the void:Linkset lacks void:target <{dataset.target}>"))
    stated = graph.value(linkset, VOID.triples)
    if stated is None or str(stated) != str(count):
        problems.append(Problem(name, f"the void:Linkset says void:triples {stated}, "
                                      f"but the file has {count} links"))
    return problems


def check() -> tuple[list[Link], list[Problem]]:
    """Every linkset in instances/links/ against the curated data."""
    existing = set()
    for path in curated.instance_files():
        graph = curated.parse_turtle(path)
        existing |= {str(s) for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}
    found, problems = [], []
    for path in curated.link_files():
        try:
            graph = curated.parse_turtle(path)
        except SyntaxError as exc:
            problems.append(Problem(path.name, f"not valid Turtle: {exc}"))
            continue
        file_links, file_problems = check_file(path.name, graph, existing)
        found += file_links
        problems += file_problems
    return found, problems


def _short(iri: str) -> str:
    for prefix, space in (("owl:", str(OWL)), ("skos:", str(SKOS)), ("rdfs:", str(RDFS))):
        if iri.startswith(space):
            return prefix + iri[len(space):]
    return f"<{iri}>"


def _iris(iris) -> str:
    return ", ".join(f"<{i}>" for i in sorted(iris))
