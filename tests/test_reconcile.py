"""/reconcile: the W3C Entity Reconciliation API as OpenRefine calls it."""

import json

import pytest
from helpers import BEARER, detail

TT = "https://w3id.org/techties/ontology#"


def ask(client, queries, method="post"):
    data = {"queries": json.dumps(queries)}
    response = client.post("/reconcile", data=data) if method == "post" else \
        client.get("/reconcile", query_string=data)
    assert response.status_code == 200, response.data
    assert response.mimetype == "application/json"
    return response.get_json()


def test_manifest_without_queries(client):
    response = client.get("/reconcile")
    assert response.status_code == 200 and response.mimetype == "application/json"
    manifest = response.get_json()
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == "https://w3id.org/techties/id/"
    assert manifest["schemaSpace"] == TT
    assert manifest["view"] == {"url": "http://localhost/id/{{id}}"}
    assert manifest["preview"]["url"] == "http://localhost/reconcile/preview?id={{id}}"
    assert {"id": TT + "State", "name": "State"} in manifest["defaultTypes"]


def test_manifest_as_jsonp(client):
    response = client.get("/reconcile?callback=cb")
    assert response.mimetype == "application/javascript"
    assert response.data.startswith(b"cb({") and response.data.endswith(b"})")
    refused = client.get("/reconcile?callback=alert(1)//")
    assert refused.status_code == 400
    assert detail(refused) == "callback must be a JavaScript identifier"


@pytest.mark.parametrize("method", ["post", "get"])
def test_a_batch_by_name_and_type(client, method):
    answer = ask(client, {
        "q0": {"query": "Huawei"},
        "q1": {"query": "China", "type": TT + "State", "limit": 1},
        "q2": {"query": "Россия"},
        "q3": {"query": "Sber bank", "type": "Organization"},
    }, method)
    assert answer["q0"]["result"][0] == {
        "id": "organization/huawei", "name": "Huawei", "score": 100, "match": True,
        "type": [{"id": TT + "Company", "name": "company"}]}
    assert answer["q1"]["result"] == [{
        "id": "state/china", "name": "China", "score": 100, "match": True,
        "type": [{"id": TT + "State", "name": "state"}]}]
    assert answer["q2"]["result"][0]["id"] == "state/russia"
    assert answer["q2"]["result"][0]["name"] == "Russia"
    sber = answer["q3"]["result"][0]
    assert sber["id"] == "organization/sberbank" and sber["match"] is False
    assert 70 <= sber["score"] < 100


def test_type_narrows_the_candidates(client):
    answer = ask(client, {"q0": {"query": "Huawei", "type": "State"}})
    assert answer["q0"]["result"] == []


def test_scores_are_ordered_and_limited(client):
    answer = ask(client, {"q0": {"query": "United", "limit": 2}})
    scores = [c["score"] for c in answer["q0"]["result"]]
    assert len(scores) <= 2 and scores == sorted(scores, reverse=True)


def test_single_query_parameter(client):
    response = client.get("/reconcile", query_string={"query": "NATO"})
    assert response.get_json()["result"][0]["id"] == "organization/nato"


@pytest.mark.parametrize("queries, error", [
    ("not json", "queries is not JSON"),
    ('["a"]', 'queries must be a JSON object: {"q0": {"query": "..."}}'),
    ('{"q0": {"limit": 2}}', 'each query must be an object with a "query" string'),
    ('{"q0": {"query": "x", "limit": 0}}', "limit must be an integer from 1 to 50"),
    ('{"q0": {"query": "x", "type": 5}}', "a query's type must be a string"),
])
def test_bad_queries_are_400_with_a_reason(client, queries, error):
    response = client.post("/reconcile", data={"queries": queries})
    assert response.status_code == 400
    assert detail(response).startswith(error)


@pytest.mark.parametrize("accept, media_type, text", [
    ("text/plain", "text/plain", "limit must be an integer from 1 to 50\n"),
    ("text/html", "text/html", "<p class=\"problem\">limit must be an integer from 1 to 50</p>"),
])
def test_errors_in_the_form_the_client_prefers(client, accept, media_type, text):
    response = client.post("/reconcile", data={"queries": '{"q0": {"query": "x", "limit": 0}}'},
                           headers={"Accept": accept})
    assert (response.status_code, response.mimetype) == (400, media_type)
    assert text in response.get_data(as_text=True)


def test_preview_and_unknown_id(client):
    response = client.get("/reconcile/preview?id=state/russia")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<strong>Russia</strong>" in page and 'href="http://localhost/id/state/russia"' in page
    unknown = client.get("/reconcile/preview?id=state/atlantis")
    assert unknown.status_code == 404 and detail(unknown) == "no such entity"


def test_the_index_follows_the_store(writable):
    """The index is the dataset's, rebuilt for each new generation of the store: an entity
    written over HTTP is found by the next query."""
    client = writable.test_client()
    query = {"q0": {"query": "Example Widgets Works", "type": "Company"}}
    assert ask(client, query)["q0"]["result"] == []
    widgets = "https://w3id.org/techties/id/organization/example-widgets-works"
    update = (f"INSERT DATA {{ GRAPH <https://w3id.org/techties/graph/test> {{ <{widgets}> a "
              f"<{TT}Company> ; <http://www.w3.org/2000/01/rdf-schema#label> "
              "\"Example Widgets Works\"@en } }")
    written = client.post("/sparql", data=update.encode(), headers={
        "Content-Type": "application/sparql-update", **BEARER})
    assert written.status_code == 204, written.data
    (found,) = ask(client, query)["q0"]["result"]
    assert (found["id"], found["score"], found["match"]) == (
        "organization/example-widgets-works", 100, True)
