"""The curated files in instances/ and instances/links/ describe themselves.

Each file opens with one header node: a void:Dataset (a linkset's void:Linkset, which VoID
makes a kind of void:Dataset) named by the graph the file is loaded into, with a title, a
description and, for a file drawn from one source document, that document.
"""

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID

from server import namespaces as ns
from server.graph import curated

FILES = curated.read_instances()
SOURCE_DOCUMENTS = set(curated.parse_turtle(curated.INSTANCES_DIR / "sources.ttl")
                       .subjects(RDF.type, ns.TT.SourceDocument))


def headers(graph) -> set:
    return set(graph.subjects(RDF.type, VOID.Dataset)) | set(
        graph.subjects(RDF.type, VOID.Linkset))


def english(graph, node, prop) -> list[Literal]:
    return [v for v in graph.objects(node, prop)
            if isinstance(v, Literal) and (v.language or "").startswith("en")]


@pytest.mark.parametrize("file", FILES, ids=lambda f: f.path.name)
def test_every_file_has_one_header_named_by_its_graph(file):
    assert headers(file.graph) == {URIRef(file.iri)}, (
        f"{file.path.name} must describe itself in exactly one void:Dataset node, "
        f"<{file.iri}>, the graph it is loaded into")
    header = URIRef(file.iri)
    assert len(english(file.graph, header, DCTERMS.title)) == 1
    assert len(english(file.graph, header, DCTERMS.description)) == 1


@pytest.mark.parametrize("file", FILES, ids=lambda f: f.path.name)
def test_a_file_drawn_from_one_document_names_it_as_its_source(file):
    """A file named after a source document (``kapoor-2021.ttl``, for src:kapoor-2021) holds
    what that document asserts; no other file names a source."""
    header = URIRef(file.iri)
    sources = set(file.graph.objects(header, DCTERMS.source))
    document = URIRef(f"{ns.ID}source/{file.path.stem}")
    assert sources == ({document} if document in SOURCE_DOCUMENTS else set())


def test_the_source_documents_each_have_their_file():
    stems = {f.path.stem for f in FILES}
    assert {str(d).rsplit("/", 1)[-1] for d in SOURCE_DOCUMENTS} <= stems


def test_the_headers_are_loaded_with_their_files(db):
    """In the store, each header sits in its own graph: GRAPH ?g { ?g a void:Dataset }."""
    found = {r["g"].value for r in db.query(
        "SELECT ?g WHERE { GRAPH ?g { ?g a ?header } "
        "VALUES ?header { <http://rdfs.org/ns/void#Dataset> <http://rdfs.org/ns/void#Linkset> } }")}
    assert found == {f.iri for f in FILES}
