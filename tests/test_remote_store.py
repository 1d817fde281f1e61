"""A remote SPARQL 1.1 Query + Update store behind techties: a real server on loopback
(Oxigraph, Virtuoso 7, Apache Jena Fuseki: ``helpers.REMOTE_SERVERS``), loaded by
``techties load``, queried, paged, written and checked through techties exactly as the
embedded store is. Every test runs once per kind of server; a kind that is not installed, or
not named in ``TECHTIES_REMOTE_SERVERS`` (``make test-remote`` names them all), is skipped
with the reason."""

import doctest
import json
import urllib.parse
import urllib.request
from pathlib import Path

import helpers
import pyoxigraph as ox
import pytest
from helpers import TOKEN, make
from rdflib import Graph, URIRef

from server import checks, cli, store
from server import namespaces as ns
from server.config import parse_location
from server.graph import load
from server.store import imports, merged
from server.store import remote as remote_module
from server.store.remote import RemoteStore

ID = "https://w3id.org/techties/id/"
RUSSIA = ID + "state/russia"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

# Every test here uses a server loaded by `techties load` (seconds) once per kind.
pytestmark = [pytest.mark.servers, pytest.mark.slow]


SEARCH_INDEX: dict[str, str] = {}
"""Where this module's apps keep the remote store's search index (not var/ in the checkout)."""


@pytest.fixture(scope="module", autouse=True)
def search_index(tmp_path_factory):
    SEARCH_INDEX["path"] = str(tmp_path_factory.mktemp("remote-search") / "search.sqlite")


@pytest.fixture(scope="module", params=helpers.REMOTE_SERVERS)
def remote(request, tmp_path_factory, search_index):
    """The query and update URLs of a server of each kind, loaded with the curated data."""
    missing = helpers.remote_server_missing(request.param)
    if missing:
        pytest.skip(missing)
    proc, query, update = helpers.start_remote(request.param,
                                               tmp_path_factory.mktemp(request.param))
    try:
        endpoints = parse_location(f"{query} {update}")
        load.load(endpoints, SEARCH_INDEX["path"])
        yield endpoints
    finally:
        helpers.stop(proc)


def direct(endpoints, query: str) -> dict:
    """Ask the Oxigraph server itself, not through techties."""
    url = endpoints.query + "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=20) as response:
        return json.load(response)


XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {XSD + t for t in ("nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
                              "negativeInteger", "long", "int", "short", "byte",
                              "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}


def term(value) -> str:
    """A term as N-Triples, an integer of a type derived from xsd:integer as xsd:integer: Oxigraph
    stores it so (the anchors' ``"29"^^xsd:nonNegativeInteger`` reads back as ``29``), where
    Virtuoso and Fuseki keep the type written."""
    if isinstance(value, ox.Literal) and value.datatype.value in INTEGERS:
        return str(ox.Literal(value.value, datatype=ox.NamedNode(XSD + "integer")))
    return str(value)


def quads(db) -> set[tuple[str, ...]]:
    """The quads of ``db`` but the record of the load, a server's graphs of its own and a load's
    staging graphs (a query's GRAPH ?g reaches them: remote.Dialect)."""
    hidden = db.hidden if isinstance(db, RemoteStore) else lambda graph: False
    rows = db.query("SELECT ?s ?p ?o ?g { GRAPH ?g { ?s ?p ?o } }")
    return {(str(r["s"]), str(r["p"]), term(r["o"]), str(r["g"])) for r in rows
            if r["g"].value not in (ns.LOAD_GRAPH, merged.MERGED.value)
            and not hidden(r["g"].value)}


def client(endpoints, **overrides):
    return make(endpoints, query_workers=1,
                **{"search_index": SEARCH_INDEX["path"], **overrides})


def test_load_gives_the_remote_store_the_embedded_stores_quads(remote, db, store_path):
    assert quads(store.open_store(remote)) == quads(db)
    assert store.load_meta(remote)["files"] == store.load_meta(store_path)["files"]


def test_loading_again_gives_the_same_graphs_and_keeps_those_it_did_not_build(remote, db):
    remote_db = store.open_store(remote)
    imported, gone = "https://example.org/imported", ns.GRAPH + "instances/gone"
    remote_db.update(f"INSERT DATA {{ GRAPH <{imported}> {{ <{RUSSIA}> <{LABEL}> \"kept\" }} "
                     f"GRAPH <{gone}> {{ <{RUSSIA}> <{LABEL}> \"from a file now gone\" }} }}")
    load.load(remote, SEARCH_INDEX["path"])
    graphs = {g.value for g in remote_db.named_graphs()}
    assert imported in graphs and gone not in graphs
    remote_db.update(f"DROP GRAPH <{imported}>")
    assert quads(remote_db) == quads(db)


def test_a_load_broken_off_while_it_writes_leaves_the_store_as_it_was(remote, db, monkeypatch):
    """A load writes the new graphs in bounded requests into staging graphs, then moves them
    in place in one update: broken off before that, readers see the old graphs only, and the
    next load clears what it left."""
    remote_db = store.open_store(remote)
    before = quads(remote_db)
    written, bulk_extend = [], RemoteStore.bulk_extend

    def broken(self, quads):
        if len(written) == 2:
            raise remote_module.RemoteError("the connection broke")
        written.append(bulk_extend(self, quads))

    monkeypatch.setattr(RemoteStore, "bulk_extend", broken)
    with pytest.raises(remote_module.RemoteError, match="the connection broke"):
        load.load(remote, SEARCH_INDEX["path"])
    staging = [g.value for g in remote_db.every_graph()
               if g.value.startswith(remote_module.STAGING)]
    assert len(staging) == 2
    assert not set(staging) & {g.value for g in remote_db.named_graphs()}
    assert quads(remote_db) == before == quads(db)
    monkeypatch.undo()
    load.load(remote, SEARCH_INDEX["path"])
    assert not [g for g in remote_db.every_graph() if g.value.startswith(remote_module.STAGING)]
    assert quads(remote_db) == quads(db)


def test_sparql_over_http_answers_from_the_remote_store(remote):
    http = client(remote)
    query = f"SELECT ?l WHERE {{ <{RUSSIA}> <{LABEL}> ?l }}"
    response = http.get("/sparql", query_string={"query": query},
                        headers={"Accept": "text/csv"})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert set(response.get_data(as_text=True).split("\r\n")[1:-1]) == {
        "Russia", "Россия", "俄罗斯"}
    response = http.get("/sparql", query_string={
        "query": f"CONSTRUCT WHERE {{ <{RUSSIA}> <{LABEL}> ?l }}"},
        headers={"Accept": "text/turtle"})
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    labels = set(Graph().parse(data=response.get_data(as_text=True), format="turtle")
                 .objects(URIRef(RUSSIA), URIRef(LABEL)))
    assert {(str(x), x.language) for x in labels} == {
        ("Russia", "en"), ("Россия", "ru"), ("俄罗斯", "zh")}


def test_a_syntax_error_gets_pyoxigraphs_message_whichever_store_is_behind(remote):
    response = client(remote).get("/sparql", query_string={"query": "SELECT * WHERE { ?s"})
    assert response.status_code == 400
    assert response.get_data(as_text=True) == (
        "syntax error: line 1, column 16: `{` is never closed\n")


def test_pages_and_health_read_the_remote_store(remote, db, store_path):
    http = client(remote)
    page = http.get("/id/state/russia", headers={"Accept": "text/html"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Россия" in html and "<svg" in html
    health = http.get("/health").get_json()
    assert health["quads"] == len(quads(db)) + 1  # and the record of the load
    assert health["loaded_files"] == store.load_meta(store_path)["files"]
    assert health["last_load"] is not None


def test_writes_reach_the_remote_store_only_with_the_token(remote):
    http = client(remote, write_validation="off")
    graph = "https://example.org/remote-writes"
    update = f"INSERT DATA {{ GRAPH <{graph}> {{ <{RUSSIA}> <{LABEL}> \"written\" }} }}"
    refused = http.post("/sparql", data=update,
                        headers={"Content-Type": "application/sparql-update"})
    assert refused.status_code == 401
    ask = f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    assert direct(remote, ask)["boolean"] is False
    done = http.post("/sparql", data=update, headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert done.status_code == 204, done.get_data(as_text=True)
    assert direct(remote, ask)["boolean"] is True
    gsp = http.get("/store", query_string={"graph": graph}, headers={"Accept": "text/turtle"})
    assert gsp.status_code == 200
    assert "written" in gsp.get_data(as_text=True)
    deleted = http.delete("/store", query_string={"graph": graph},
                          headers={"Authorization": f"Bearer {TOKEN}"})
    assert deleted.status_code == 204
    assert direct(remote, ask)["boolean"] is False


def test_protected_graphs_and_validation_hold_for_the_remote_store(remote):
    http = client(remote)
    before = quads(store.open_store(remote))
    put = http.put("/store", query_string={"graph": ns.ONTOLOGY_GRAPH},
                   data=b"<http://e/a> <http://e/b> <http://e/c> .",
                   headers={"Content-Type": "application/n-triples",
                            "Authorization": f"Bearer {TOKEN}"})
    assert put.status_code == 403
    assert put.get_data(as_text=True).startswith(
        f"this write would change <{ns.ONTOLOGY_GRAPH}>, the ontology, a protected graph")
    note = http.post("/sparql", data=f'INSERT DATA {{ GRAPH <{ns.GRAPH}notes> {{ <{RUSSIA}> '
                                     f'<{LABEL}> "no evidence" }} }}', headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert note.status_code == 422
    assert quads(store.open_store(remote)) == before


def test_search_and_reconciliation_read_the_remote_store_and_follow_its_writes(remote, tmp_path):
    http = client(remote, search_index=str(tmp_path / "search.sqlite"), write_validation="off")

    def search(q):
        answer = http.get("/search", query_string={"q": q, "format": "json"}).get_json()
        return [(r["id"], r["matched"]) for r in answer["results"]]

    assert search("Россия")[0] == (RUSSIA, "Россия")
    graph = "https://example.org/remote-names"
    alt = "http://www.w3.org/2004/02/skos/core#altLabel"
    update = (f"INSERT DATA {{ GRAPH <{graph}> {{ <{RUSSIA}> <{alt}> "
              "\"Rossiyskaya Federatsiya\"@ru-Latn } }")
    done = http.post("/sparql", data=update, headers={
        "Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert done.status_code == 204, done.get_data(as_text=True)
    assert search("Rossiyskaya Federatsiya")[0] == (RUSSIA, "Rossiyskaya Federatsiya")
    reconciled = http.post("/reconcile", data={"queries": json.dumps(
        {"q0": {"query": "Rossiyskaya Federatsiya", "type": "State"}})}).get_json()
    assert reconciled["q0"]["result"][0]["id"] == "state/russia"
    assert reconciled["q0"]["result"][0]["match"] is True
    http.delete("/store", query_string={"graph": graph},
                headers={"Authorization": f"Bearer {TOKEN}"})
    assert (RUSSIA, "Rossiyskaya Federatsiya") not in search("Rossiyskaya Federatsiya")


def test_a_submission_is_validated_against_and_accepted_into_the_remote_store(
        remote, tmp_path):
    http = client(remote, submissions=str(tmp_path / "records"))
    memo = ID + "instrument/remote-memorandum"
    label = '"supply of Su-35 fighter jets and the S-400 missile defence system"@en'
    # its claims cite a passage of the curated data that spells its label, so that the checks
    # (test_the_checks_and_the_command_line_run_against_the_remote_store) pass with it accepted
    body = f"""
@prefix tt: <https://w3id.org/techties/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
<{memo}> a tt:Memorandum ; rdfs:label {label} ;
    tt:party <{RUSSIA}> , <{ID}state/china> .
""" + "".join(
        f"[ a owl:Axiom ; owl:annotatedSource <{memo}> ; owl:annotatedProperty {p} ; "
        f"owl:annotatedTarget {o} ; tt:evidence <{ID}quote/kapoor-2021-p03-e> ] .\n"
        for p, o in (("rdf:type", "tt:Memorandum"),
                     ("rdfs:label", label),
                     ("tt:party", f"<{RUSSIA}>"), ("tt:party", f"<{ID}state/china>")))
    bad = body.replace(f"<{ID}state/china>", f"<{ID}state/atlantis>")
    rejected = http.post("/submissions", data=bad, headers={"Content-Type": "text/turtle",
                                                            "Accept": "application/json"})
    assert rejected.status_code == 422
    assert [(p["focus"], p["path"]) for p in rejected.get_json()["report"]["results"]
            if p["severity"] == "Violation"] == [("in:remote-memorandum", "tt:party")]
    posted = http.post("/submissions", data=body, headers={"Content-Type": "text/turtle"})
    assert posted.status_code == 201, posted.get_data(as_text=True)
    sid = posted.get_json()["id"]
    ask = f"ASK {{ GRAPH ?g {{ <{memo}> a ?type }} }}"
    assert direct(remote, ask)["boolean"] is False  # pending: not in the store
    accepted = http.post(f"/submissions/{sid}/accept", data={"reason": "remote"},
                         headers={"Authorization": f"Bearer {TOKEN}"})
    assert accepted.status_code == 200, accepted.get_data(as_text=True)
    graph = f"https://w3id.org/techties/graph/submission/{sid}"
    assert direct(remote, f"ASK {{ GRAPH <{graph}> {{ <{memo}> a ?type }} }}")["boolean"]


def test_the_checks_and_the_command_line_run_against_the_remote_store(remote, capsys):
    outcomes = checks.query_checks(remote)
    assert outcomes and all(outcome.ok for outcome in outcomes)
    assert cli.main(["query", f"ASK {{ <{RUSSIA}> <{LABEL}> \"Russia\"@en }}", "--store",
                     str(remote), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["boolean"] is True


def test_import_and_export_go_through_the_remote_store(remote, tmp_path, capsys):
    sample = Path(__file__).parent / "data" / "links" / "wikidata-sample.ttl"
    graph = ns.GRAPH + "external/wikidata-sample"
    expected = len(Graph().parse(sample))
    for _ in range(2):  # again: the earlier import and its record are replaced
        assert imports.import_file(remote, sample, graph).triples == expected
    db = store.open_store(remote)
    count = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    assert int(next(iter(db.query(count)))["n"].value) == expected
    assert [i["graph"] for i in imports.imports(db)] == [graph]

    out = tmp_path / "dump.nq"
    assert cli.main(["export", "--format", "nq", str(out), "--store", str(remote)]) == 0
    dumped = {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
              for q in ox.parse(out.read_bytes(), ox.RdfFormat.N_QUADS)}
    assert dumped == {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
                      for q in db.quads_for_pattern(None, None, None)}
    assert f"<{graph}>" in {g for *_, g in dumped}
    db.update(f"DROP GRAPH <{graph}> ; DROP GRAPH <{ns.IMPORTS_GRAPH}>")


def test_an_export_streams_from_the_remote_store(remote):
    db = store.open_store(remote)
    every = db.quads_for_pattern(None, None, None)
    assert iter(every) is every  # an iterator over the server's answers, not a list
    first = next(every)
    assert isinstance(first.graph_name, ox.NamedNode)
    every.close()
    union = db.union_triples()
    assert iter(union) is union and isinstance(next(union), ox.Triple)
    union.close()


def test_docstring_examples_of_the_remote_store():
    assert doctest.testmod(remote_module).failed == 0
