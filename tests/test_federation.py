"""Federation: SERVICE only to allow-listed endpoints, with its own timeout; and the same
analyst question answered through SERVICE and after `techties import`."""

import csv
import io
import time

import pytest
from helpers import check, make, run

from server.config import DEFAULT_SERVICES
from server.graph import library
from server.query import guard
from server.store import imports

WIKIDATA = "https://query.wikidata.org/sparql"
FEDERATED = library.QUERIES_DIR / "states-iso-codes-and-capitals-from-wikidata.rq"
IMPORTED = library.QUERIES_DIR / "states-iso-codes-and-capitals-from-imported-wikidata.rq"
ST = "https://w3id.org/techties/id/state/"
# What the Wikidata-shaped sample says of the states our links point to.
EXPECTED = [
    [ST + "china", "China", "CN", "Beijing"],
    [ST + "kazakhstan", "Kazakhstan", "KZ", ""],
    [ST + "russia", "Russia", "RU", "Moscow"],
    [ST + "united-states", "US", "US", "Washington, D.C."],
    [ST + "ukraine", "Ukraine", "UA", "Kyiv"],
]


def rows(out: str) -> list[list[str]]:
    """The rows of a CSV answer, each once: a state's type and label are stated by several
    files, and pyoxigraph < 0.6 matches a triple once per graph that holds it in the union
    default graph (test_cli.test_a_triple_several_files_assert_is_matched_once)."""
    found = list(csv.reader(io.StringIO(out)))[1:]
    return [list(row) for row in dict.fromkeys(tuple(row) for row in found)]


@pytest.mark.parametrize("query, found", [
    ("SELECT * { ?s ?p ?o }", []),
    ('SELECT * { ?s ?p "SERVICE <http://x/>" }', []),
    ("SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }", ["http://x/sparql"]),
    ("PREFIX e: <http://e.org/> SELECT * { SERVICE SILENT e:q { ?s ?p ?o } }", ["http://e.org/q"]),
    ("SELECT * { OPTIONAL { SERVICE <http://a/> { ?s ?p ?o } } "
     "{ SELECT * { SERVICE <http://b/> { ?s ?p ?o } } } FILTER EXISTS { SERVICE <http://c/> {} } }",
     ["http://a/", "http://b/", "http://c/"]),
    ("SELECT * { \\u0053ERVICE <http://hidden/> { ?s ?p ?o } }", ["http://hidden/"]),
    ("SELECT * { SERVICE ?endpoint { ?s ?p ?o } }", [None]),
])
def test_every_service_is_found(query, found):
    assert guard.endpoints(query) == found


@pytest.mark.parametrize("query, message", [
    ("SELECT * { SERVICE <http://x/sparql> { ?s ?p ?o } }",
     "SERVICE <http://x/sparql> is not on the allow-list (TECHTIES_SERVICE_ALLOWLIST: "
     "https://query.wikidata.org/sparql https://dbpedia.org/sparql)"),
    ("SELECT * { SERVICE ?e { ?s ?p ?o } }",
     "SERVICE on a variable is refused: name the endpoint"),
])
def test_services_off_the_list_are_refused(query, message):
    try:
        refused = guard.screen(query, DEFAULT_SERVICES).refused
    except guard.Refused as exc:
        refused = [str(exc)]
    assert refused == [message]


def test_a_refused_service_fetches_nothing(capsys, store_path, listener):
    url, seen = listener.url, listener.hits
    code, out, err = run(capsys, "query", "--store", str(store_path),
                         f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    assert code == 2 and out == ""
    assert err.startswith(f"techties query: SERVICE <{url}> is not on the allow-list")
    time.sleep(0.3)
    assert seen == []


@pytest.mark.slow
def test_a_service_that_hangs_is_stopped_on_time(capsys, store_path, listener, monkeypatch):
    url, seen = listener.url, listener.hits
    listener.hangs = True
    monkeypatch.setenv("TECHTIES_SERVICE_ALLOWLIST", url)
    monkeypatch.setenv("TECHTIES_SERVICE_TIMEOUT", "2")
    code, out, err = run(capsys, "query", "--store", str(store_path),
                         f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}")
    assert code == 1 and out == ""
    assert err == ("techties query: the federated query did not finish within 2 s and was "
                   f"stopped by TECHTIES_SERVICE_TIMEOUT; it called {url}\n")
    assert len(seen) >= 1  # it did call the endpoint, which never answered
    assert run(capsys, "query", "--store", str(store_path), "ASK {}")[0] == 0  # and goes on


def test_the_analyst_query_through_service(capsys, store_path, sample_endpoint, monkeypatch,
                                           tmp_path):
    # The library query, with Wikidata's endpoint replaced by the local sample server.
    query = tmp_path / "federated.rq"
    query.write_text(FEDERATED.read_text().replace(WIKIDATA, sample_endpoint))
    monkeypatch.setenv("TECHTIES_SERVICE_ALLOWLIST", f"{WIKIDATA} {sample_endpoint}")
    code, out, err = run(capsys, "query", "--store", str(store_path), str(query),
                         "--format", "csv")
    assert code == 0, err
    assert rows(out) == EXPECTED


def test_the_same_question_after_import(capsys, store_copy):
    code, out, _ = run(capsys, "query", "--store", store_copy, IMPORTED, "--format", "csv")
    assert code == 0 and rows(out) == []
    imports.import_file(store_copy, "tests/data/links/wikidata-sample.ttl",
                         "https://w3id.org/techties/graph/external/wikidata")
    code, out, _ = run(capsys, "query", "--store", store_copy, IMPORTED, "--format", "csv")
    assert code == 0 and rows(out) == EXPECTED


def test_service_timeout_setting_must_be_positive(monkeypatch, capsys, store_path):
    monkeypatch.setenv("TECHTIES_SERVICE_TIMEOUT", "0")
    code, _, err = run(capsys, "query", "--store", str(store_path), "ASK {}")
    assert code == 2
    assert err == ("techties query: TECHTIES_SERVICE_TIMEOUT must be a positive number, "
                   "not '0'\n")


# --- the same through the HTTP endpoint (/sparql) ----------------------------------------------

def test_the_analyst_query_through_sparql_over_http(store_path, sample_endpoint):
    client = make(store_path, service_allowlist=(sample_endpoint,))
    query = FEDERATED.read_text().replace(WIKIDATA, sample_endpoint)
    response = client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert response.status_code == 200, response.get_data(as_text=True)
    assert rows(response.get_data(as_text=True)) == EXPECTED


def test_sparql_over_http_refuses_a_service_off_the_list(store_path, listener):
    url, seen = listener.url, listener.hits
    client = make(store_path)
    response = client.get("/sparql", query_string={
        "query": f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"})
    assert response.status_code == 400
    assert f"SERVICE <{url}> is not on the allow-list" in response.get_data(as_text=True)
    time.sleep(0.3)
    assert seen == []


@pytest.mark.slow
def test_sparql_over_http_stops_a_hanging_service_on_its_own_timeout(store_path, listener):
    url = listener.url
    listener.hangs = True
    client = make(store_path, service_allowlist=(url,), service_timeout=2.0,
                  query_timeout=60.0)
    response = client.get("/sparql", query_string={
        "query": f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"})
    assert check(response, 503).startswith(  # the service's limit, not the query's
        "the federated query did not finish within 2 s and was stopped by "
        "TECHTIES_SERVICE_TIMEOUT")
    assert response.headers["Retry-After"] == "2"
    assert len(listener.hits) == 1  # it did call the endpoint, which never answered
    check(client.get("/sparql", query_string={"query": "ASK {}"}), 200)  # and goes on
