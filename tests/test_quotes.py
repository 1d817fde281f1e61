"""Every evidence quote stands verbatim in the source document it names, in the paragraph its
IRI names, and instances/anchors.ttl says where (``techties anchor``)."""

from functools import cache

import pytest
from helpers import shared_dir
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from server import namespaces as ns
from server.graph import anchors, curated

SOURCES_DIR = shared_dir() / "sources"
SOURCE_FILES = {
    "https://w3id.org/techties/id/source/kapoor-2021": "000_b18330b4de0cd4a8.txt",
    "https://w3id.org/techties/id/source/lin-2024": "001_d7d0c1fcbbb9cd67.txt",
    "https://w3id.org/techties/id/source/shakhanova-2026": "004_91319a2ab40db68a.txt",
}
OA_SOURCE = URIRef("http://www.w3.org/ns/oa#hasSource")


def collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def texts():
    return {iri: collapse((SOURCES_DIR / name).read_text(encoding="utf-8"))
            for iri, name in SOURCE_FILES.items()}


@cache
def computed():
    """The anchors ``techties anchor`` would write now, and the quotes it could not place."""
    return anchors.compute(anchors.curated_without_anchors(), SOURCES_DIR)


@pytest.mark.parametrize("path", curated.instance_files() + curated.link_files(),
                         ids=lambda p: p.name)
def test_every_quote_is_in_its_source(path, texts):
    graph = Graph().parse(path, format="turtle")
    missing = []
    for evidence, quote in graph.subject_objects(ns.TT.quote):
        source = str(graph.value(evidence, OA_SOURCE))
        if source not in texts:
            missing.append(f"unknown source {source} for {quote!r}")
        elif collapse(str(quote)) not in texts[source]:
            missing.append(f"not in {source.rsplit('/', 1)[-1]}: {quote!r}")
    assert not missing, "\n".join(missing)


def test_every_evidence_node_has_a_quote_and_a_source():
    graph = anchors.curated_without_anchors()
    evidence = set(graph.subjects(RDF.type, ns.TT.Evidence)) | set(
        graph.objects(None, ns.TT.evidence))
    incomplete = sorted(str(e) for e in evidence if graph.value(e, ns.TT.quote) is None
                        or graph.value(e, OA_SOURCE) is None)
    assert not incomplete
    assert len(evidence) > 700


def test_each_source_document_names_its_text_file():
    graph = curated.parse_turtle(curated.INSTANCES_DIR / "sources.ttl")
    assert {str(s): str(o) for s, o in graph.subject_objects(ns.TT.textFile)} == SOURCE_FILES


def test_every_quote_is_found_in_the_paragraph_its_iri_names():
    found, problems = computed()
    assert [p.line() for p in problems] == []
    assert len(found) == len({a.evidence for a in found}) > 700


def test_the_anchors_file_is_up_to_date():
    """instances/anchors.ttl is what ``techties anchor`` writes now: run it after changing a
    quote."""
    found, _ = computed()
    assert anchors.ANCHORS_FILE.read_text(encoding="utf-8") == anchors.render(found)


def test_an_anchor_gives_the_exact_text_and_where_it_stands():
    graph = Graph().parse(anchors.ANCHORS_FILE, format="turtle")
    evidence = URIRef(f"{ns.ID}quote/kapoor-2021-p02-a")
    oa = "http://www.w3.org/ns/oa#"
    selectors = {graph.value(s, URIRef(f"{oa}exact")) or graph.value(s, URIRef(f"{oa}start")):
                 s for s in graph.objects(evidence, URIRef(f"{oa}hasSelector"))}
    quote = curated.parse_turtle(curated.INSTANCES_DIR / "kapoor-2021.ttl").value(
        evidence, ns.TT.quote)
    raw = (SOURCES_DIR / SOURCE_FILES[f"{ns.ID}source/kapoor-2021"]).read_text(encoding="utf-8")
    exact = next(v for v in selectors if isinstance(v, Literal) and v.datatype is None)
    assert collapse(str(exact)) == collapse(str(quote))
    position = selectors[next(v for v in selectors if v is not exact)]
    start = int(graph.value(position, URIRef(f"{oa}start")))
    end = int(graph.value(position, URIRef(f"{oa}end")))
    assert raw[start:end] == str(exact)
    quote_selector = selectors[exact]
    assert raw[:start].endswith(str(graph.value(quote_selector, URIRef(f"{oa}prefix"))))
    assert raw[end:].startswith(str(graph.value(quote_selector, URIRef(f"{oa}suffix"))))


def test_the_source_documents_are_here():
    assert sorted(p.name for p in SOURCES_DIR.glob("*.txt")) == sorted(SOURCE_FILES.values())
