"""Bodies that are broken or hostile: bad syntax in every format a submission or a Graph
Store write takes (400 with line and column, nothing recorded), invalid IRIs, literals and
language tags, ill-typed literals (422 naming the value and datatype), huge bodies (413),
entity declarations, remote JSON-LD contexts and owl:imports (refused, never fetched)."""

import logging

import pyoxigraph as ox
import pytest
from helpers import BEARER, billion_laughs, check, make

ST = "https://w3id.org/techties/id/state/"
JSON = {"Accept": "application/json"}

BAD_SYNTAX = {  # Content-Type: (body, line, column, the parser's words)
    "text/turtle": (b"@prefix st: <https://w3id.org/techties/id/state/> .\nst:x st:y", 2, 10,
                    "Unexpected end"),
    "application/n-triples": (f"<{ST}x> <http://e/p> .\n".encode(), 1, 53,
                              "The object of a triple must be an IRI, a blank node or a "
                              "literal"),
    "application/ld+json": (f'{{"@id": "{ST}x", "http://e/p": }}'.encode(), 1, 63,
                            "Expecting value"),
    "application/rdf+xml": (b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/'
                            b'1999/02/22-rdf-syntax-ns#">\n<rdf:Description>\n</rdf:RDF>',
                            4, 3, "not well-formed XML: mismatched tag"),
    "application/n-quads": (f'<{ST}x> <http://e/p> "x" <g> <h> .\n'.encode(), 1, 57,
                            "No scheme found in an absolute IRI"),
    "application/trig": (f"{{ <{ST}x> <http://e/p> }}".encode(), 1, 55,
                         "} is not a valid RDF object"),
}

INVALID_TERMS = {  # Content-Type, body, line, column, the parser's words
    "IRI with a space": ("text/turtle", f'<{ST}a b> <http://e/p> "x" .'.encode(), 1, 1,
                         "Invalid IRI code point ' '"),
    "relative IRI": ("application/n-triples", b'<x> <http://e/p> "x" .\n', 1, 1,
                     "No scheme found in an absolute IRI"),
    "language tag": ("text/turtle", f'<{ST}x> <http://www.w3.org/2000/01/rdf-schema#label> '
                                    f'"x"@123 .'.encode(), 1, 89,
                     "A language code should always start with a letter"),
    "language tag, N-Triples": ("application/n-triples",
                                f'<{ST}x> <http://www.w3.org/2000/01/rdf-schema#label> '
                                f'"x"@-en .\n'.encode(), 1, 89,
                                "A language code should always start with a letter"),
}


def submit(client, body: bytes, content_type: str):
    return client.post("/submissions", data=body, headers={"Content-Type": content_type,
                                                           **JSON})


@pytest.mark.parametrize("content_type", BAD_SYNTAX)
def test_bad_syntax_in_every_submission_format_is_400_with_line_and_column(client,
                                                                           content_type):
    body, line, column, said = BAD_SYNTAX[content_type]
    response = submit(client, body, content_type)
    check(response, 400, "application/problem+json")
    assert response.get_json() == {
        "type": "about:blank", "title": "Bad Request", "status": 400,
        "detail": f"the submission cannot be read: line {line}, column {column}: {said}",
        "line": line, "column": column, "parser_message": said}
    assert client.get("/submissions").get_json() == {"submissions": []}


@pytest.mark.parametrize("content_type", list(BAD_SYNTAX)[:4])
def test_bad_syntax_in_every_graph_store_format_is_400_and_writes_nothing(writable,
                                                                         content_type):
    body, line, column, said = BAD_SYNTAX[content_type]
    if content_type == "application/ld+json":  # pyoxigraph's JSON-LD parser, not the json module
        said = "Unexpected closing curly bracket, no array to close"
    client = writable.test_client()
    response = client.put("/store?graph=http://e/g", data=body,
                          headers={"Content-Type": content_type, **BEARER})
    name = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld",
            "application/rdf+xml": "rdfxml"}[content_type]
    assert check(response, 400) == (f"the body is not valid {name}: line {line}, column "
                                    f"{column}: {said}\n")
    check(client.get("/store?graph=http://e/g"), 404)


@pytest.mark.parametrize("case", INVALID_TERMS)
def test_invalid_iris_and_language_tags_are_400(client, case):
    content_type, body, line, column, said = INVALID_TERMS[case]
    response = submit(client, body, content_type)
    check(response, 400, "application/problem+json")
    assert response.get_json()["detail"] == (f"the submission cannot be read: line {line}, "
                                             f"column {column}: {said}")


ILL_TYPED = """@prefix tt: <https://w3id.org/techties/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix st: <https://w3id.org/techties/id/state/> .
@prefix in: <https://w3id.org/techties/id/instrument/> .
in:example-ill-typed a tt:Memorandum ;
    rdfs:label "Example"@en ;
    rdfs:comment "x"^^xsd:integer ;
    tt:party st:russia , st:china ;
    tt:date "abc"^^xsd:date ;
    tt:evidence [ a tt:Evidence ; tt:quote "q" ;
                  dcterms:source <https://w3id.org/techties/id/source/kapoor-2021> ] .
"""


def test_an_ill_typed_literal_on_any_property_is_reported_with_its_value_and_datatype(
        client, caplog, capfd):
    with caplog.at_level(logging.DEBUG):
        response = submit(client, ILL_TYPED.encode(), "text/turtle")
    check(response, 422, "application/json")
    found = {(r["path"], r["value"], r["message"], r["fix"])
             for r in response.get_json()["report"]["results"]
             if r["rule"].endswith("/ill-typed")}
    assert found == {
        ("rdfs:comment", '"x"^^xsd:integer', 'the literal "x"^^xsd:integer is ill-typed: "x" is '
         "not a valid value of xsd:integer.", "write a value of xsd:integer (for instance 42), "
         "or give it the datatype its value has."),
        ("tt:date", '"abc"^^xsd:date', 'the literal "abc"^^xsd:date is ill-typed: "abc" is not '
         "a valid value of xsd:date.", "write a value of xsd:date (for instance 2022-02-04), or "
         "give it the datatype its value has.")}
    assert "Failed to convert" not in caplog.text and "Traceback" not in caplog.text
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "Failed to convert" not in out + err


@pytest.mark.parametrize("value, ill", [("2021", False), ("20x1", True), ("-0044", False),
                                        ("2021Z", False), ("21", True)])
def test_a_year_is_checked_though_rdflib_does_not(value, ill):
    from rdflib import Literal
    from rdflib.namespace import XSD

    from server.submission import rules

    assert rules.ill_typed(Literal(value, datatype=XSD.gYear)) is ill


def test_a_body_over_the_submission_limit_is_413(store_path):
    client = make(store_path, submission_max_bytes=1000)
    response = submit(client, b"#" * 1001, "text/turtle")
    check(response, 413, "application/problem+json")
    assert response.get_json()["detail"] == "the submission is 1001 bytes; the limit is 1000 " \
                                            "bytes"


def test_a_graph_store_body_over_its_limit_is_413(writable, monkeypatch):
    from server.web import graphstore

    monkeypatch.setattr(graphstore, "MAX_BYTES", 1000)
    response = writable.test_client().put("/store?graph=http://e/g", data=b"#" * 1001,
                                          headers={"Content-Type": "text/turtle", **BEARER})
    assert check(response, 413) == "the request body is larger than the limit of 1000 bytes\n"


def test_entities_in_a_graph_store_write_are_refused_before_any_expansion(writable):
    response = writable.test_client().put(
        "/store?graph=http://e/g", data=billion_laughs(),
        headers={"Content-Type": "application/rdf+xml", **BEARER})
    assert check(response, 400) == (
        "the body is not valid rdfxml: line 3, column 15: RDF/XML that declares entities "
        "(<!ENTITY lol0 ...>) is refused: entity expansion can blow a small document up to "
        "gigabytes. Write the values out in full, or send Turtle\n")


def test_a_remote_context_in_a_graph_store_write_is_never_fetched(writable, listener):
    body = f'{{"@context": "{listener.base}/ctx", "@id": "http://e/a", "p": "x"}}'.encode()
    response = writable.test_client().put(
        "/store?graph=http://e/g", data=body,
        headers={"Content-Type": "application/ld+json", **BEARER})
    assert check(response, 400).startswith("the body is not valid jsonld: ")
    assert listener.hits == []


def test_owl_imports_in_a_submission_is_refused_and_never_followed(client, listener):
    body = (f"<{ST}example> <http://www.w3.org/2002/07/owl#imports> <{listener.base}/onto> ;"
            f' a <https://w3id.org/techties/ontology#State> ;'
            f' <http://www.w3.org/2000/01/rdf-schema#label> "Example"@en .').encode()
    response = submit(client, body, "text/turtle")
    check(response, 422, "application/json")
    rules = {r["rule"].rsplit("/", 1)[1] for r in response.get_json()["report"]["results"]}
    assert "defines-terms" in rules
    assert listener.hits == []


UNKNOWN_ENCODING = (b'<?xml version="1.0" encoding="utf-6"?>\n'
                    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>')


def test_rdf_xml_in_an_encoding_python_lacks_is_400_not_500(writable):
    """Found by fuzzing (make fuzz): expat raised LookupError, a 500."""
    said = ("line 1, column 31: the XML cannot be read in the encoding it declares: unknown "
            "encoding: utf-6")
    client = writable.test_client()
    response = submit(client, UNKNOWN_ENCODING, "application/rdf+xml")
    check(response, 400, "application/problem+json")
    assert response.get_json()["detail"] == f"the submission cannot be read: {said}"
    response = client.put("/store?graph=http://e/g", data=UNKNOWN_ENCODING,
                          headers={"Content-Type": "application/rdf+xml", **BEARER})
    assert check(response, 400) == f"the body is not valid rdfxml: {said}\n"


NOT_XML = """@prefix tt: <https://w3id.org/techties/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix st: <https://w3id.org/techties/id/state/> .
@prefix in: <https://w3id.org/techties/id/instrument/> .
in:example-nul a tt:Memorandum ;
    rdfs:label "Exa\\u0000mple"@en ;
    tt:party st:russia , st:china ;
    tt:evidence [ a tt:Evidence ; tt:quote "q\x01" ;
                  dcterms:source <https://w3id.org/techties/id/source/kapoor-2021> ] .
"""


def test_a_literal_holding_a_character_xml_cannot_carry_is_ill_typed(client):
    """U+0000 (written \\u0000) and a raw U+0001: Turtle takes them, RDF/XML and XML results
    could never give them back, and xsd:string excludes them."""
    response = submit(client, NOT_XML.encode(), "text/turtle")
    check(response, 422, "application/json")
    found = {(r["focus"], r["path"], r["value"], r["message"], r["fix"])
             for r in response.get_json()["report"]["results"]
             if r["rule"].endswith("/ill-typed")}
    fix = ("remove it (tab, line feed and carriage return are the control characters a string "
           "may hold).")
    said = (", a character no string may hold: XML cannot carry it (RDF/XML, SPARQL results in "
            "XML), and xsd:string excludes it.")
    assert found == {
        ("in:example-nul", "rdfs:label", '"Exa\\u0000mple"@en',
         'the literal "Exa\\u0000mple"@en holds U+0000' + said, fix),
        ("[] (the tt:evidence of in:example-nul)", "tt:quote", '"q\\u0001"',
         'the literal "q\\u0001" holds U+0001' + said, fix)}
    page = check(client.get(f"/submissions/{response.get_json()['id']}",
                            headers={"Accept": "text/html"}), 200)
    assert "\x00" not in page and "\x01" not in page  # the report, and the data as sent
    assert page.count("Exa\\u0000mple") == 3 and page.count("q\\u0001") == 3
    report = client.post("/submissions", data=NOT_XML.encode(),
                         headers={"Content-Type": "text/turtle", "Accept": "text/turtle"})
    check(report, 422, "text/turtle; charset=utf-8")
    messages = {q.object.value for q in ox.parse(report.get_data(), ox.RdfFormat.TURTLE)
                if q.predicate.value == "http://www.w3.org/ns/shacl#resultMessage"}
    assert f'the literal "Exa\\u0000mple"@en holds U+0000{said} Fix: {fix}' in messages


@pytest.mark.parametrize("content_type, body, literal, character", [
    ("text/turtle", b'<http://e/a> <http://e/p> "a\\u0000b" .', '"a\\u0000b"', "U+0000"),
    ("text/turtle", b'<http://e/a> <http://e/p> "a\x1fb"@en .', '"a\\u001Fb"@en', "U+001F"),
    ("application/n-triples", b'<http://e/a> <http://e/p> "\\uFFFF" .\n', '"\\uFFFF"',
     "U+FFFF"),
    ("application/ld+json", b'{"@id": "http://e/a", "http://e/p": "a\\u0008"}', '"a\\u0008"',
     "U+0008"),
    ("text/turtle", b'<http://e/a> <http://e/p> "1\\u0000"^^<http://www.w3.org/2001/XMLSchema#'
                    b'integer> .', '"1\\u0000"^^<http://www.w3.org/2001/XMLSchema#integer>',
     "U+0000"),
])
def test_a_graph_store_write_of_a_literal_xml_cannot_carry_is_400_and_writes_nothing(
        writable, content_type, body, literal, character):
    client = writable.test_client()
    response = client.put("/store?graph=http://e/g", data=body,
                          headers={"Content-Type": content_type, **BEARER})
    assert check(response, 400) == (
        f"the body holds the literal {literal}, with {character}: a character no string may "
        "hold, which XML (RDF/XML, SPARQL results in XML) cannot carry; remove it\n")
    check(client.get("/store?graph=http://e/g"), 404)
    fine = client.put("/store?graph=http://e/g", data=b'<http://e/a> <http://e/p> "a\\tb\\r\\n" .',
                      headers={"Content-Type": "text/turtle", **BEARER})
    check(fine, 201)
    xml = client.get("/store?graph=http://e/g", headers={"Accept": "application/rdf+xml"})
    assert len(list(ox.parse(check(xml, 200).encode(), ox.RdfFormat.RDF_XML))) == 1
