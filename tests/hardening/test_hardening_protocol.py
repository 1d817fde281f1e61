"""The protocol's edges: query strings and forms that are not UTF-8, a query given twice,
Content-Types that are wrong or missing (a 415 says what it got), Accept headers nothing
satisfies (406 listing the formats of the query's own form), the format parameters clients
send (SPARQLWrapper's among them, against a real server), HEAD, and errors for browsers."""

import os
import warnings

import pyoxigraph as ox
import pytest
from helpers import BEARER, check, serve

RUSSIA = "https://w3id.org/techties/id/state/russia"
DESCRIBE = f"DESCRIBE <{RUSSIA}>"
CONSTRUCT = f"CONSTRUCT WHERE {{ <{RUSSIA}> ?p ?o }}"
SELECT = f"SELECT ?p WHERE {{ <{RUSSIA}> ?p ?o }} LIMIT 1"
ONTOLOGY = "https://w3id.org/techties/graph/ontology"
TWICE = ("the query is given twice: send it once, in the URL (GET), in a form (query= or "
         "update=) or as the body (POST)\n")
RDF_TYPES = "text/turtle, application/n-triples, application/ld+json, application/rdf+xml"
RESULT_TYPES = ("application/sparql-results+json, application/sparql-results+xml, text/csv, "
                "text/tab-separated-values")


@pytest.mark.parametrize("raw, said", [
    ("query=ASK%7B%7D%FF", "invalid start byte at byte 5 of the value of query (ASK%7B%7D%FF)"),
    ("query=ASK%7B%7D&default-graph-uri=%C0%AF", "invalid start byte at byte 0 of the value of "
                                                 "default-graph-uri (%C0%AF)"),
    ("query=ASK\xe9", "unexpected end of data at byte 3 of the value of query (ASK%E9)"),
])
def test_a_query_string_that_is_not_utf8_is_400(client, raw, said):
    response = client.get("/sparql", environ_overrides={"QUERY_STRING": raw})
    assert check(response, 400) == f"the query string is not UTF-8: {said}\n"


def test_a_form_that_is_not_utf8_is_400(client):
    response = client.post("/sparql", data=b"query=ASK%20%7B%7D%FF",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert check(response, 400) == ("the form is not UTF-8: invalid start byte at byte 6 of "
                                    "the value of query (ASK%20%7B%7D%FF)\n")


@pytest.mark.parametrize("how", ["form", "direct", "update form"])
def test_a_query_in_the_url_and_in_the_body_is_400(client, how):
    if how == "form":
        response = client.post("/sparql?query=ASK%7B%7D", data={"query": "ASK {}"})
    elif how == "direct":
        response = client.post("/sparql?query=ASK%7B%7D", data=b"ASK {}",
                               headers={"Content-Type": "application/sparql-query"})
    else:
        response = client.post("/sparql?query=ASK%7B%7D", data={"update": "CLEAR ALL"},
                               headers=BEARER)
    assert check(response, 400) == TWICE


UNSUPPORTED = {  # path, method, Content-Type sent, what the 415 says first
    "sparql, csv": ("/sparql", "POST", "text/csv", "POST a query as application/sparql-query"),
    "sparql, none": ("/sparql", "POST", None, "POST a query as application/sparql-query"),
    "sparql, charset": ("/sparql", "POST", "application/sparql-query; charset=latin-1",
                        "a application/sparql-query body must be UTF-8"),
    "store, json": ("/store?graph=http://e/g", "PUT", "application/json",
                    "send the graph as one of"),
    "store, trig": ("/store?graph=http://e/g", "PUT", "application/trig",
                    "send the graph as one of"),
    "submissions, csv": ("/submissions", "POST", "text/csv", "a submission is RDF"),
    "submissions, none": ("/submissions", "POST", None, "a submission is RDF"),
}


@pytest.mark.parametrize("case", UNSUPPORTED)
def test_a_415_names_the_content_type_it_received(writable, case):
    path, method, content_type, said = UNSUPPORTED[case]
    headers = {**BEARER, "Accept": "application/json"}
    if content_type:
        headers["Content-Type"] = content_type
    response = writable.test_client().open(path, method=method, data=b"a,b", headers=headers)
    check(response, 415, "application/problem+json")
    problem = response.get_json()
    assert problem["detail"].startswith(said)
    ending = f"the request has Content-Type {content_type}" if content_type else \
        "the request has no Content-Type"
    assert problem["detail"].endswith(ending) and problem["received"] == content_type


@pytest.mark.parametrize("query, params, media_type", [
    (CONSTRUCT, {"format": "xml", "output": "xml", "results": "xml"}, "application/rdf+xml"),
    (DESCRIBE, {"format": "xml"}, "application/rdf+xml"),
    (CONSTRUCT, {"format": "json"}, "application/ld+json"),
    (DESCRIBE, {"output": "json"}, "application/ld+json"),
    (DESCRIBE, {"results": "ttl"}, "text/turtle; charset=utf-8"),
    (SELECT, {"output": "json"}, "application/sparql-results+json"),
    (SELECT, {"results": "xml"}, "application/sparql-results+xml"),
    (SELECT, {"format": "csv"}, "text/csv; charset=utf-8"),
    (SELECT, {"format": ["tsv", "text/tab-separated-values"]},
     "text/tab-separated-values; charset=utf-8"),
])
def test_format_output_and_results_choose_the_format_of_the_querys_form(client, query, params,
                                                                        media_type):
    response = client.get("/sparql", query_string={"query": query, **params},
                          headers={"Accept": "application/rdf+xml"})
    check(response, 200, media_type)


@pytest.mark.parametrize("query, accept, available", [
    (DESCRIBE, "text/csv", RDF_TYPES),
    (DESCRIBE, "image/png", RDF_TYPES),
    (CONSTRUCT, "application/sparql-results+json", RDF_TYPES),
    (SELECT, "text/turtle", RESULT_TYPES),
    ("ASK {}", "image/png", RESULT_TYPES),
])
def test_a_406_lists_the_formats_of_the_querys_own_form(client, query, accept, available):
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert check(response, 406) == ("none of the media types in Accept can be served here; "
                                    f"available: {available}\n")


@pytest.mark.parametrize("path", ["/id/state/russia", "/store?graph=" + ONTOLOGY, "/void",
                                  "/ontology", "/class/State", "/submissions", "/sparql",
                                  "/sparql?query=ASK%7B%7D"])
def test_an_accept_nothing_satisfies_is_406_everywhere(client, path):
    """(A dump's URL names its one format, as a file's would: /dumps/ follows it alone.)"""
    response = client.get(path, headers={"Accept": "image/png"})
    check(response, 406)
    said = (response.get_json()["detail"] if response.mimetype == "application/problem+json"
            else response.get_data(as_text=True))
    assert said.startswith("none of the media types in Accept can be served here; available: ")


def test_a_syntax_error_for_a_browser_is_a_400_page(client):
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s"},
                          headers={"Accept": "text/html"})
    body = check(response, 400, "text/html; charset=utf-8")
    assert "<h1>400 Bad Request</h1>" in body and "is never closed" in body


@pytest.mark.parametrize("query", [
    "https://w3id.org/techties/graph/ontology", "https://w3id.org/techties/graph/instances/"
                                                "kapoor-2021"])
def test_head_gives_the_content_length_of_the_get(client, query):
    got = client.get("/store", query_string={"graph": query})
    head = client.head("/store", query_string={"graph": query})
    check(got, 200)
    check(head, 200)
    assert int(head.headers["Content-Length"]) == len(got.data) > 1000
    assert head.data == b""


@pytest.mark.servers
@pytest.mark.slow
def test_sparqlwrapper_defaults_work_against_the_server(store_path, tmp_path):
    """SPARQLWrapper's defaults: XML for every form, with format=, output= and results=."""
    from SPARQLWrapper import JSON, SPARQLWrapper

    proc, base = serve(store_path, tmp_path, dict(os.environ))
    try:
        wrapper = SPARQLWrapper(base + "/sparql")
        with warnings.catch_warnings():  # SPARQLWrapper 2.0 parses into rdflib's deprecated
            warnings.simplefilter("ignore", DeprecationWarning)  # ConjunctiveGraph
            wrapper.setQuery(CONSTRUCT)
            assert len(wrapper.query().convert()) == 10  # RDF/XML, parsed by rdflib
            wrapper.setQuery(DESCRIBE)
            assert len(wrapper.query().convert()) == 10
        wrapper.setQuery(SELECT)
        wrapper.setReturnFormat(JSON)
        assert len(wrapper.query().convert()["results"]["bindings"]) == 1
        wrapper.setMethod("POST")
        wrapper.setQuery("ASK {}")
        assert wrapper.query().convert()["boolean"] is True
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.servers
@pytest.mark.slow
def test_a_real_server_refuses_raw_bytes_in_the_path(store_path, tmp_path):
    """Through waitress, whose PATH_INFO holds the path's bytes (the test client's cannot)."""
    import http.client

    proc, base = serve(store_path, tmp_path, dict(os.environ))
    try:
        port = int(base.rsplit(":", 1)[1])
        for path, status in [("/id/state/%C0%AF", 400), ("/id/%FF", 400),
                             ("/id/state/russia%00", 400), ("/id/%3Cb%3E", 400),
                             ("/id/%3Cb%3E/", 400), ("/id/state/russia", 200)]:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:  # closed before any assertion, lest a failure leave a socket to a later test
                connection.request("GET", path)
                answer = connection.getresponse()
                got, said = answer.status, answer.read()[:300]
            finally:
                connection.close()
            assert (path, got) == (path, status), said
        log = next(tmp_path.glob("serve-*.log")).read_text()
        assert "Traceback" not in log
    finally:
        proc.terminate()
        proc.wait(10)


def test_every_rdf_format_parameter_reads_back(client):
    for name, fmt in [("ttl", ox.RdfFormat.TURTLE), ("xml", ox.RdfFormat.RDF_XML),
                      ("json", ox.RdfFormat.JSON_LD), ("nt", ox.RdfFormat.N_TRIPLES)]:
        response = client.get("/sparql", query_string={"query": CONSTRUCT, "format": name})
        assert len(list(ox.parse(check(response, 200).encode(), fmt))) == 10
