"""CORS (server/web/cors.py): every read endpoint answers any origin, on success and on
error, and answers preflights with the methods that read there; writes are not offered."""

import pytest
from helpers import check

ORIGIN = {"Origin": "https://notebook.example"}
ASK = "ASK { ?s ?p ?o }"

READS = [
    ("/sparql?query=" + ASK, 200),
    ("/sparql", 200),  # the service description
    ("/id/state/russia", 200),
    ("/id/state/atlantis", 404),
    ("/class/State", 200),
    ("/ontology", 200),
    ("/void", 200),
    ("/dumps/", 200),
    ("/dumps/techties.nt", 200),
    ("/store?graph=https://w3id.org/techties/graph/ontology", 200),
    ("/store/ontology", 200),
    ("/reconcile", 200),
    ("/health", 200),
]


@pytest.mark.parametrize("path, status", READS)
def test_read_endpoints_allow_any_origin(client, path, status):
    response = client.get(path, headers=ORIGIN)
    check(response, status)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    exposed = response.headers["Access-Control-Expose-Headers"]
    assert "X-Result-Truncated" in exposed and "Content-Location" in exposed
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_head_on_the_graph_store(client):
    response = client.head("/store?default", headers=ORIGIN)
    check(response, 200)
    assert response.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path, method, allowed", [
    ("/sparql", "POST", "GET, HEAD, OPTIONS, POST"),
    ("/reconcile", "POST", "GET, HEAD, OPTIONS, POST"),
    ("/id/state/russia", "GET", "GET, HEAD, OPTIONS"),
    ("/void", "GET", "GET, HEAD, OPTIONS"),
    ("/dumps/techties.nq", "GET", "GET, HEAD, OPTIONS"),
    ("/store", "GET", "GET, HEAD, OPTIONS"),
])
def test_preflight(client, path, method, allowed):
    response = client.options(path, headers={
        **ORIGIN, "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "content-type, authorization"})
    check(response, 200)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Access-Control-Allow-Methods"] == allowed
    assert set(response.headers["Access-Control-Allow-Headers"].lower().split(", ")) == {
        "content-type", "authorization"}
    assert response.headers["Access-Control-Max-Age"] == "86400"


def test_graph_store_writes_are_not_offered(client):
    response = client.options("/store", headers={**ORIGIN,
                                                 "Access-Control-Request-Method": "PUT"})
    assert "Access-Control-Allow-Methods" not in response.headers


def test_not_on_the_submission_workbench(client):
    response = client.get("/submissions", headers=ORIGIN)
    check(response, 200)
    assert "Access-Control-Allow-Origin" not in response.headers
