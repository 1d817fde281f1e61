"""Answers cached per store version (server/web/cache.py): a repeated read is a hit with the
same body and ETag, If-None-Match gets 304, a write makes every answer new, memory is
bounded, and /health tells the hit rate."""

import pytest
from helpers import BEARER, check, make

from server.web.cache import Answers, Entry

JSON = {"Accept": "application/sparql-results+json"}
XML = {"Accept": "application/sparql-results+xml"}
COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
NEW = "<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"


@pytest.fixture
def client(unvalidated):
    """Writes of example data (not techties entities): validation off, as the protocol
    tests have it."""
    return unvalidated.test_client()


def cache_statistics(client) -> dict:
    response = client.get("/health")
    check(response, 200)
    return response.get_json()["answer_cache"]


def get(client, query=COUNT, headers=JSON, **extra):
    return client.get("/sparql", query_string={"query": query}, headers={**headers, **extra})


def test_a_repeated_query_is_answered_from_the_cache(client):
    first = get(client)
    check(first, 200)
    before = cache_statistics(client)
    second = get(client)
    check(second, 200)
    after = cache_statistics(client)
    assert second.data == first.data
    assert second.headers["ETag"] == first.headers["ETag"]
    assert second.headers["Content-Type"] == first.headers["Content-Type"]
    assert (after["hits"], after["misses"]) == (before["hits"] + 1, before["misses"])
    assert after["entries"] >= 1 and 0 < after["hit_rate"] <= 1


def test_if_none_match_is_304_until_a_write(client):
    first = get(client)
    tag = first.headers["ETag"]
    not_modified = get(client, **{"If-None-Match": tag})
    check(not_modified, 304)
    assert (not_modified.data, not_modified.headers["ETag"]) == (b"", tag)
    check(client.put("/store", query_string={"graph": "http://example.org/g"}, data=NEW,
                     headers={**BEARER, "Content-Type": "application/n-triples"}), 201)
    changed = get(client, **{"If-None-Match": tag})
    check(changed, 200)
    assert changed.headers["ETag"] != tag
    count = lambda r: int(r.get_json()["results"]["bindings"][0]["n"]["value"])  # noqa: E731
    assert count(changed) == count(first) + 1


def test_the_key_holds_the_accept_header_and_the_body(client):
    as_json, as_xml = get(client), get(client, headers=XML)
    assert (as_json.mimetype, as_xml.mimetype) == ("application/sparql-results+json",
                                                    "application/sparql-results+xml")
    assert as_json.headers["ETag"] != as_xml.headers["ETag"]
    one = client.post("/sparql", data="ASK { ?s a ?c }", headers={
        **JSON, "Content-Type": "application/sparql-query"})
    other = client.post("/sparql", data="ASK { <http://example.org/none> ?p ?o }", headers={
        **JSON, "Content-Type": "application/sparql-query"})
    assert (one.get_json()["boolean"], other.get_json()["boolean"]) == (True, False)
    again = client.post("/sparql", data={"query": "ASK { ?s a ?c }"}, headers=JSON)
    assert again.get_json()["boolean"] is True and "ETag" in again.headers


def test_pages_and_void_are_kept_and_a_dump_gets_304(client):
    for path in ("/void", "/id/state/russia"):
        first = client.get(path)
        check(first, 200)
        before = cache_statistics(client)
        again = client.get(path)
        assert (again.status_code, again.data, again.headers["ETag"]) == (
            200, first.data, first.headers["ETag"])
        assert cache_statistics(client)["hits"] == before["hits"] + 1
        check(client.get(path, headers={"If-None-Match": first.headers["ETag"]}), 304)
    before = cache_statistics(client)
    dump = client.get("/dumps/techties.nt")  # streamed: never kept, but tagged
    check(dump, 200)
    assert cache_statistics(client)["entries"] == before["entries"]
    check(client.get("/dumps/techties.nt", headers={"If-None-Match": dump.headers["ETag"]}), 304)


def test_an_answer_is_kept_per_host_it_names(client):
    """/void names the host it was asked on: an answer kept for one name of the server is
    not given for another."""
    here = client.get("/void", headers={"Accept": "application/n-triples"})
    there = client.get("/void", base_url="http://mirror.example",
                       headers={"Accept": "application/n-triples"})
    assert "<http://localhost/sparql>" in here.get_data(as_text=True)
    assert "<http://mirror.example/sparql>" in there.get_data(as_text=True)
    assert "localhost" not in there.get_data(as_text=True)
    assert here.headers["ETag"] != there.headers["ETag"]


def test_updates_errors_and_health_are_not_cached(client):
    check(client.post("/sparql", data={"update": f"INSERT DATA {{ {NEW} }}"}, headers=BEARER),
          204)
    bad = get(client, query="SELECT * WHERE { ?s")
    check(bad, 400)
    assert "ETag" not in bad.headers
    assert "ETag" not in client.get("/health").headers


def test_the_cache_can_be_turned_off(store_path):
    client = make(store_path, answer_cache=0)
    response = get(client)
    check(response, 200)
    assert "ETag" not in response.headers
    assert client.get("/health").get_json()["answer_cache"] is None


def test_the_cache_memory_is_bounded():
    answers = Answers(8000)  # an entry may take an eighth: 1000 bytes
    for i in range(20):
        answers.put(f"k{i}", Entry(200, [], b"x" * 900))
    assert answers.statistics()["bytes"] <= 8000
    assert answers.get("k0") is None and answers.get("k19") is not None  # least recent gone
    answers.put("big", Entry(200, [], b"x" * 2000))
    assert answers.get("big") is None
