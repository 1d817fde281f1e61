"""The default graph queries see is the RDF merge of the named graphs: a set, so a triple
held by two graphs counts once, leaves only when no graph holds it, and pending or rejected
submissions never enter it (server/store/merged.py)."""

from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import TOKEN, check, make

from server.store import merged

JSON = {"Accept": "application/sparql-results+json"}
WRITE = {"Authorization": f"Bearer {TOKEN}"}
NT = {**WRITE, "Content-Type": "application/n-triples"}
RUSSIA = "https://w3id.org/techties/id/state/russia"
STATE = "https://w3id.org/techties/ontology#State"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
HELD = f"<{RUSSIA}> <{TYPE}> <{STATE}> .\n"
"""A triple the curated data holds."""
NEW = "<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
A, B = "http://example.org/graph/a", "http://example.org/graph/b"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"


@pytest.fixture
def client(unvalidated):
    """Writes of example data (not techties entities): validation off, as the protocol
    tests have it."""
    return unvalidated.test_client()


def number(client, query: str) -> int:
    response = client.get("/sparql", query_string={"query": query}, headers=JSON)
    check(response, 200)
    row = response.get_json()["results"]["bindings"][0]
    return int(row["n"]["value"])


def held_by(client, triple: str) -> tuple[int, int]:
    """How often the default graph has ``triple`` (an N-Triples line), and how many named
    graphs hold it."""
    pattern = triple.strip().removesuffix(".")
    return (number(client, f"SELECT (COUNT(*) AS ?n) {{ {pattern} }}"),
            number(client, f"SELECT (COUNT(*) AS ?n) {{ GRAPH ?g {{ {pattern} }} }}"))


def distinct_triples(app) -> int:
    """The triples of every named graph, each once, read with quad patterns."""
    with app.extensions["techties.dataset"].reader() as db:
        return len({q.triple for q in db.quads_for_pattern(None, None, None, None)
                    if isinstance(q.graph_name, ox.NamedNode) and q.graph_name != merged.MERGED})


@pytest.fixture
def curated(client) -> int:
    """How many graphs of the loaded data hold :data:`HELD` (the curated graph, and those
    that repeat it: the inferred types, the ontology's examples)."""
    graphs = held_by(client, HELD)[1]
    assert graphs >= 2  # so the merge has something to de-duplicate before any write
    return graphs


def test_the_curated_data_counts_each_triple_once(client, curated):
    assert number(client, COUNT_ALL) == distinct_triples(client.application) > 5000
    assert held_by(client, HELD) == (1, curated)


def test_a_triple_held_by_two_graphs_counts_once(client, curated):
    before = number(client, COUNT_ALL)
    check(client.put("/store", query_string={"graph": A}, data=HELD + NEW, headers=NT), 201)
    assert held_by(client, HELD) == (1, curated + 1)
    assert number(client, COUNT_ALL) == before + 1 == distinct_triples(client.application)
    # GRAPH reaches each graph, never the merge
    assert number(client, f"SELECT (COUNT(*) AS ?n) {{ GRAPH {merged.MERGED} {{ ?s ?p ?o }} }}"
                  ) == 0


def test_removal_from_one_graph_keeps_what_another_holds(client, curated):
    for graph in (A, B):
        check(client.put("/store", query_string={"graph": graph}, data=NEW, headers=NT), 201)
    assert held_by(client, NEW) == (1, 2)
    check(client.delete("/store", query_string={"graph": A}, headers=WRITE), 204)
    assert held_by(client, NEW) == (1, 1)
    check(client.put("/store", query_string={"graph": B}, data=HELD, headers=NT), 204)
    assert held_by(client, NEW) == (0, 0)
    assert held_by(client, HELD) == (1, curated + 1)
    check(client.delete("/store", query_string={"graph": B}, headers=WRITE), 204)
    assert held_by(client, HELD) == (1, curated)  # the curated graphs still hold it


def test_a_users_update_keeps_the_merge_a_set(client, curated):
    def update(text):
        check(client.post("/sparql", data={"update": text}, headers=WRITE), 204)

    update(f"INSERT DATA {{ GRAPH <{A}> {{ {HELD} {NEW} }} GRAPH <{B}> {{ {NEW} }} }}")
    assert (held_by(client, HELD), held_by(client, NEW)) == ((1, curated + 1), (1, 2))
    update(f"DELETE DATA {{ GRAPH <{A}> {{ {NEW} }} }} ;\n# a comment, last")
    assert held_by(client, NEW) == (1, 1)
    update(f"PREFIX e: <http://example.org/>\nDROP GRAPH <{B}> ;")
    assert held_by(client, NEW) == (0, 0)
    update(f"DELETE WHERE {{ GRAPH <{A}> {{ <{RUSSIA}> <{TYPE}> ?c }} }}")
    assert held_by(client, HELD) == (1, curated)  # the protected graphs still hold it
    assert number(client, COUNT_ALL) == distinct_triples(client.application)


def test_a_store_default_graph_write_stays_out_of_the_merge(client):
    before = number(client, COUNT_ALL)
    check(client.put("/store?default", data=NEW, headers=NT), 204)
    assert held_by(client, NEW) == (0, 0)
    assert number(client, COUNT_ALL) == before


def test_the_merge_is_not_written_by_hand(client):
    response = client.put("/store", query_string={"graph": merged.MERGED.value}, data=NEW,
                          headers=NT)
    check(response, 403)


def test_pending_and_rejected_submissions_stay_out(client):
    memo = "https://w3id.org/techties/id/instrument/example-memorandum-on-ai"
    before = number(client, COUNT_ALL)
    data = (Path(__file__).parent / "data" / "submissions" / "valid.ttl").read_bytes()
    first = client.post("/submissions", data=data, headers={"Content-Type": "text/turtle"})
    second = client.post("/submissions", data=data, headers={"Content-Type": "text/turtle"})
    check(first, 201)
    check(second, 201)
    check(client.post(f"/submissions/{first.get_json()['id']}/reject", headers=WRITE,
                      data={"reason": "a duplicate"}), 200)
    assert number(client, f"SELECT (COUNT(*) AS ?n) {{ <{memo}> ?p ?o }}") == 0
    assert number(client, COUNT_ALL) == before
    check(client.post(f"/submissions/{second.get_json()['id']}/accept", headers=WRITE), 200)
    assert number(client, f"SELECT (COUNT(*) AS ?n) {{ <{memo}> ?p ?o }}") > 0
    assert number(client, COUNT_ALL) == distinct_triples(client.application) > before


def test_union_off_still_shows_the_stores_own_default_graph(store_copy):
    client = make(store_copy, union_default_graph=False)
    assert number(client, COUNT_ALL) == 0
    graphs = client.get("/sparql", query_string={
        "query": "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }"}, headers=JSON).get_json()
    names = {row["g"]["value"] for row in graphs["results"]["bindings"]}
    assert merged.MERGED.value not in names and len(names) > 5
