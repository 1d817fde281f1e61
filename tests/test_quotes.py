"""Every evidence quote stands verbatim in the source document it names."""

import pytest
from helpers import shared_dir
from rdflib import Graph
from rdflib.namespace import DCTERMS

from server import namespaces as ns
from server.graph import curated

SOURCES_DIR = shared_dir() / "sources"
SOURCE_FILES = {
    "https://w3id.org/techties/id/source/kapoor-2021": "000_b18330b4de0cd4a8.txt",
    "https://w3id.org/techties/id/source/lin-2024": "001_d7d0c1fcbbb9cd67.txt",
    "https://w3id.org/techties/id/source/shakhanova-2026": "004_91319a2ab40db68a.txt",
}


def collapse(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def texts():
    return {iri: collapse((SOURCES_DIR / name).read_text(encoding="utf-8"))
            for iri, name in SOURCE_FILES.items()}


@pytest.mark.parametrize("path", curated.instance_files() + curated.link_files(),
                         ids=lambda p: p.name)
def test_every_quote_is_in_its_source(path, texts):
    graph = Graph().parse(path, format="turtle")
    missing = []
    for evidence, quote in graph.subject_objects(ns.TT.quote):
        source = str(graph.value(evidence, DCTERMS.source))
        if source not in texts:
            missing.append(f"unknown source {source} for {quote!r}")
        elif collapse(str(quote)) not in texts[source]:
            missing.append(f"not in {source.rsplit('/', 1)[-1]}: {quote!r}")
    assert not missing, "\n".join(missing)


def test_the_source_documents_are_here():
    assert sorted(p.name for p in SOURCES_DIR.glob("*.txt")) == sorted(SOURCE_FILES.values())
