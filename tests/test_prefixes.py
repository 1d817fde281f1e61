"""Turtle and TriG, in dumps, query answers, Graph Store reads and the command line, are
written with the project's prefixes (server.submission.names.defaults: the vocabularies', the
linked data sets', one per kind of instance), declared once, and say the same triples as
N-Triples does."""

import pyoxigraph as ox
import pytest
from helpers import check, run

from server.submission import names

STATE = "https://w3id.org/techties/id/state/"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 2500"
"""More triples than a worker writes in one batch (1000): the prefixes must not repeat."""


def statements(data: bytes, fmt) -> set:
    return set(ox.parse(data, fmt))


def assert_prefixed(text: str) -> None:
    declared = [line for line in text.splitlines() if line.startswith("@prefix ")]
    assert f"@prefix st: <{STATE}> ." in declared
    assert "@prefix tt: <https://w3id.org/techties/ontology#> ." in declared
    assert len(declared) == len(set(declared)) == len(names.defaults())


@pytest.mark.parametrize("name, fmt, plain", [
    ("techties.ttl", ox.RdfFormat.TURTLE, ("techties.nt", ox.RdfFormat.N_TRIPLES)),
    ("techties.trig", ox.RdfFormat.TRIG, ("techties.nq", ox.RdfFormat.N_QUADS)),
])
def test_dumps(client, name, fmt, plain):
    text = check(client.get(f"/dumps/{name}"), 200)
    assert_prefixed(text)
    assert "st:russia " in text and f"<{STATE}russia>" not in text
    expected = statements(client.get(f"/dumps/{plain[0]}").data, plain[1])
    assert statements(text.encode(), fmt) == expected


def test_a_long_construct_answer_declares_its_prefixes_once(client):
    turtle = check(client.get("/sparql", query_string={"query": CONSTRUCT},
                              headers={"Accept": "text/turtle"}), 200)
    assert_prefixed(turtle)
    triples = client.get("/sparql", query_string={"query": CONSTRUCT},
                         headers={"Accept": "application/n-triples"}).data
    assert statements(turtle.encode(), ox.RdfFormat.TURTLE) == \
        statements(triples, ox.RdfFormat.N_TRIPLES)
    assert len(statements(triples, ox.RdfFormat.N_TRIPLES)) == 2500


def test_a_graph_from_the_graph_store(client):
    turtle = check(client.get("/store/instances/kapoor-2021",
                              headers={"Accept": "text/turtle"}), 200)
    assert_prefixed(turtle)
    assert "st:china " in turtle


def test_export_and_query_on_the_command_line(capsys, store_path, tmp_path):
    out = tmp_path / "dump.ttl"
    code, _, _ = run(capsys, "export", "--store", store_path, "--format", "ttl", out)
    assert code == 0
    assert_prefixed(out.read_text(encoding="utf-8"))
    code, text, _ = run(capsys, "query", "--store", store_path, "--format", "ttl",
                        f"DESCRIBE <{STATE}russia>")
    assert code == 0
    assert_prefixed(text)
    assert "st:russia " in text
