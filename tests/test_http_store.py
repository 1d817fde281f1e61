"""``/store`` (Graph Store HTTP Protocol), ``/dumps``, ``/void`` and ``/health`` over HTTP:
statuses, Content-Types and bodies parsed back and compared with the store."""

import json

import pyoxigraph as ox
import pytest
from helpers import BEARER, TOKEN, check, make

from server import store

NS = "https://w3id.org/techties/"
ONTOLOGY_GRAPH = NS + "graph/ontology"
TEST_GRAPH = "http://example.org/graph/test"
TURTLE = b"""@prefix ex: <http://example.org/> .
ex:a ex:p "one"@en ; ex:q [ ex:r 2 ] ."""
MORE = b"<http://example.org/a> <http://example.org/p> \"two\" ."


def graph_in_store(db, iri: str) -> set:
    return {(q.subject, q.predicate, q.object)
            for q in db.quads_for_pattern(None, None, None, ox.NamedNode(iri))}


def distinct_triples(db) -> int:
    """The triples of the union of the graphs, each once."""
    query = "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
    return int(next(iter(db.query(query, use_default_graph_as_union=True)))["n"].value)


# --- reading --------------------------------------------------------------------------------

@pytest.mark.parametrize("accept, content_type, fmt", [
    (None, "text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples; charset=utf-8", ox.RdfFormat.N_TRIPLES),
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
])
def test_get_a_named_graph(client, db, accept, content_type, fmt):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/store", query_string={"graph": ONTOLOGY_GRAPH}, headers=headers)
    check(response, 200, content_type)
    got = {(t.subject, t.predicate, t.object) for t in ox.parse(response.data, fmt)}
    assert got == graph_in_store(db, ONTOLOGY_GRAPH) and len(got) > 300


def test_direct_identification_names_the_graph_under_the_namespace(client, db):
    response = client.get("/store/ontology", headers={"Accept": "application/n-triples"})
    check(response, 200)
    assert len(list(ox.parse(response.data, ox.RdfFormat.N_TRIPLES))) == len(
        graph_in_store(db, ONTOLOGY_GRAPH))


def test_get_the_default_graph_and_the_dataset(client, db):
    default = client.get("/store?default", headers={"Accept": "application/n-triples"})
    check(default, 200)
    assert default.data == b""  # the curated data is all in named graphs
    dataset = client.get("/store", headers={"Accept": "application/n-quads"})
    check(dataset, 200, "application/n-quads; charset=utf-8")
    quads = list(ox.parse(dataset.data, ox.RdfFormat.N_QUADS))
    assert len(quads) == store.statistics(db)["quads"]
    trig = client.get("/store")
    check(trig, 200, "application/n-quads; charset=utf-8")


@pytest.mark.parametrize("path, status", [
    ("/store?graph=http%3A%2F%2Fexample.org%2Fnothing", 404),
    ("/store?graph=not%20an%20iri", 400),
    ("/store?default&graph=http%3A%2F%2Fexample.org%2Fg", 400),
])
def test_bad_reads(client, path, status):
    check(client.get(path), status, "text/plain; charset=utf-8")


def test_head(client):
    found = client.head("/store", query_string={"graph": ONTOLOGY_GRAPH},
                        headers={"Accept": "text/turtle; charset=utf-8"})
    check(found, 200, "text/turtle; charset=utf-8")
    assert found.data == b""
    check(client.head("/store?graph=http%3A%2F%2Fexample.org%2Fnothing"), 404)


def test_a_graph_as_json_results_is_406(client):
    response = client.get("/store", query_string={"graph": ONTOLOGY_GRAPH},
                          headers={"Accept": "application/sparql-results+json"})
    assert "text/turtle" in check(response, 406)


# --- writing ------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
@pytest.mark.parametrize("token, headers, status", [
    (TOKEN, {}, 401), (TOKEN, {"Authorization": "Bearer nope"}, 403), (None, BEARER, 403)])
def test_writes_need_the_token(store_copy, method, token, headers, status):
    client = make(store_copy, write_token=token)
    response = client.open("/store", method=method, query_string={"graph": ONTOLOGY_GRAPH},
                           data=TURTLE, headers={"Content-Type": "text/turtle", **headers})
    check(response, status)
    with_token = make(store_copy).get("/store", query_string={"graph": ONTOLOGY_GRAPH},
                                      headers={"Accept": "application/n-triples"})
    assert len(with_token.data.splitlines()) > 300  # untouched


def test_put_post_get_delete(unvalidated):
    client = unvalidated.test_client()
    query = {"graph": TEST_GRAPH}
    check(client.put("/store", query_string=query, data=TURTLE,
                     headers={"Content-Type": "text/turtle", **BEARER}), 201)
    check(client.put("/store", query_string=query, data=TURTLE,
                     headers={"Content-Type": "text/turtle; charset=utf-8", **BEARER}), 204)
    check(client.post("/store", query_string=query, data=MORE,
                      headers={"Content-Type": "application/n-triples", **BEARER}), 204)
    response = client.get("/store", query_string=query, headers={"Accept": "text/turtle"})
    triples = list(ox.parse(response.data, ox.RdfFormat.TURTLE))
    assert len(triples) == 4  # one, the blank node's two, and two
    assert {t.object.value for t in triples if t.predicate.value.endswith("/p")} == {
        "one", "two"}
    # the SPARQL endpoint sees it too, through the same store
    ask = client.get("/sparql", query_string={
        "query": f'ASK {{ GRAPH <{TEST_GRAPH}> {{ ?s ?p "two" }} }}'})
    assert json.loads(ask.data)["boolean"] is True
    check(client.delete("/store", query_string=query, headers=BEARER), 204)
    check(client.get("/store", query_string=query), 404)
    check(client.delete("/store", query_string=query, headers=BEARER), 404)


def test_post_creates_a_graph(unvalidated):
    client = unvalidated.test_client()
    response = client.post("/store", data=TURTLE,
                           headers={"Content-Type": "text/turtle", **BEARER})
    check(response, 201)
    graph = response.headers["Location"]
    assert graph.startswith(NS + "graph/posted/")
    got = client.get("/store", query_string={"graph": graph},
                     headers={"Accept": "application/n-triples"})
    assert len(list(ox.parse(got.data, ox.RdfFormat.N_TRIPLES))) == 3


def test_post_multipart(unvalidated):
    client = unvalidated.test_client()
    boundary = "b0undary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"a\"; filename=\"a.ttl\"\r\n"
            f"Content-Type: text/turtle\r\n\r\n{TURTLE.decode()}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"b\"; filename=\"b.nt\"\r\n"
            f"Content-Type: application/n-triples\r\n\r\n{MORE.decode()}\r\n"
            f"--{boundary}--\r\n").encode()
    response = client.post("/store", query_string={"graph": TEST_GRAPH}, data=body, headers={
        "Content-Type": f"multipart/form-data; boundary={boundary}", **BEARER})
    check(response, 201)
    got = client.get("/store", query_string={"graph": TEST_GRAPH},
                     headers={"Accept": "application/n-triples"})
    assert len(list(ox.parse(got.data, ox.RdfFormat.N_TRIPLES))) == 4


@pytest.mark.parametrize("content_type, body, status, message", [
    ("text/plain", TURTLE, 415, "send the graph as one of text/turtle"),
    ("text/turtle", b"<http://e/a> <http://e/b> .", 400, "the body is not valid ttl"),
    ("application/trig", b"<http://e/g> { <http://e/a> <http://e/b> <http://e/c> }", 415,
     "send the graph as one of"),
])
def test_bad_writes_change_nothing(writable, content_type, body, status, message):
    client = writable.test_client()
    response = client.put("/store", query_string={"graph": ONTOLOGY_GRAPH}, data=body,
                          headers={"Content-Type": content_type, **BEARER})
    assert message in check(response, status)
    got = client.get("/store", query_string={"graph": ONTOLOGY_GRAPH},
                     headers={"Accept": "application/n-triples"})
    assert len(got.data.splitlines()) > 300


def test_put_without_a_graph_is_400(writable):
    response = writable.test_client().put("/store", data=TURTLE,
                                          headers={"Content-Type": "text/turtle", **BEARER})
    assert "PUT needs ?default or ?graph=IRI" in check(response, 400)


# --- dumps, health (VoID: test_http_void.py) ------------------------------------------------

@pytest.mark.parametrize("name, content_type, fmt, whole", [
    ("techties.nq", "application/n-quads; charset=utf-8", ox.RdfFormat.N_QUADS, True),
    ("techties.trig", "application/trig; charset=utf-8", ox.RdfFormat.TRIG, True),
    ("techties.ttl", "text/turtle; charset=utf-8", ox.RdfFormat.TURTLE, False),
    ("techties.jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, False),
    ("techties.nt", "application/n-triples; charset=utf-8", ox.RdfFormat.N_TRIPLES, False),
    ("techties.rdf", "application/rdf+xml", ox.RdfFormat.RDF_XML, False),
])
def test_dumps(client, db, name, content_type, fmt, whole):
    response = client.get(f"/dumps/{name}")
    check(response, 200, content_type)
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    parsed = list(ox.parse(response.data, fmt))
    if whole:
        assert len(parsed) == store.statistics(db)["quads"]
        assert {q.graph_name.value for q in parsed} == {g.value for g in db.named_graphs()}
    else:
        assert len(parsed) == distinct_triples(db)


def test_dumps_index_and_unknown(client):
    index = check(client.get("/dumps/"), 200, "text/html; charset=utf-8")
    for name in ("techties.nq", "techties.trig", "techties.ttl", "techties.jsonld"):
        assert f'href="/dumps/{name}"' in index
    assert "techties.nq" in check(client.get("/dumps/techties.zip"), 404)
    redirect = client.get("/dumps")  # Werkzeug's strict slashes
    check(redirect, 308)
    assert redirect.headers["Location"].endswith("/dumps/")


def test_health(client, db, store_path):
    response = client.get("/health")
    check(response, 200, "application/json")
    body = response.get_json()
    assert body["status"] == "ok"
    assert (body["quads"], body["graphs"]) == (store.statistics(db)["quads"],
                                               len(list(db.named_graphs())))
    assert body["last_load"] == store.load_meta(store_path)["loaded_at"]


def test_health_without_a_store(tmp_path):
    response = make(tmp_path / "none").get("/health")
    check(response, 503, "application/json")
    assert response.get_json()["status"] == "unavailable"
    assert str(tmp_path) not in response.get_data(as_text=True)
