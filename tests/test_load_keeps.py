"""What `techties load` keeps: everything it does not build from the repository (graphs
written over HTTP, the default graph, imports and their record, accepted submissions and their
provenance), for the embedded store as for a remote one (issue 11: the embedded store lost
what was written over HTTP, the README's own notes graph among it)."""

import pyoxigraph as ox
import pytest
from helpers import BEARER, DATA, ROOT, check, make_app, readme_note, start_oxigraph

from server import namespaces as ns
from server import store
from server.config import parse_location
from server.graph import load
from server.store import imports

SAMPLE = ROOT / "tests" / "data" / "links" / "wikidata-sample.ttl"
IMPORTED = "https://w3id.org/techties/graph/external/wikidata-sample"
MINE = "http://example.org/graph/mine"
UPDATE = {"Content-Type": "application/sparql-update", **BEARER}


def graph(quad: ox.Quad) -> str:
    return "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value


def not_built(db) -> set[ox.Quad]:
    """The quads outside the graphs load builds: from the repository, and its record (in a
    remote store)."""
    return {q for q in db.quads_for_pattern(None, None, None, None)
            if not graph(q).startswith((*ns.repository_graphs(), ns.LOAD_GRAPH))}


def built(db) -> set[ox.Quad]:
    """The quads of the graphs load builds from the repository."""
    return {q for q in db.quads_for_pattern(None, None, None, None)
            if graph(q).startswith(ns.repository_graphs())}


@pytest.fixture(params=["embedded", "remote"])
def location(request, store_copy, tmp_path):
    """A store holding the curated data: a copy of the embedded one, or an Oxigraph server
    loaded by `load`."""
    if request.param == "embedded":
        yield store_copy
        return
    proc, base = start_oxigraph(tmp_path / "remote", read_only=False)
    endpoints = parse_location(f"{base}/query {base}/update")
    load.load(endpoints)
    yield endpoints
    proc.terminate()
    proc.wait(timeout=10)


@pytest.mark.slow
@pytest.mark.servers
def test_load_keeps_every_graph_it_does_not_build(location, tmp_path):
    app = make_app(location, write_validation="off", submissions=str(tmp_path / "records"))
    client = app.test_client()
    check(client.post("/sparql", data=readme_note(), headers=UPDATE), 204)
    check(client.put("/store", query_string={"graph": MINE}, headers={
        "Content-Type": "application/n-triples", **BEARER},
        data=b'<http://example.org/a> <http://example.org/p> "put" .\n'), 201)
    check(client.post("/sparql", headers=UPDATE,
                      data=b'INSERT DATA { <http://example.org/a> <http://example.org/p> 1 }'),
          204)
    submitted = client.post("/submissions", data=(DATA / "submissions" / "valid.ttl")
                            .read_bytes(), headers={"Content-Type": "text/turtle"})
    sid = submitted.get_json()["id"]
    check(client.post(f"/submissions/{sid}/accept", headers=BEARER), 200)
    app.extensions["techties.dataset"].close()
    imports.import_file(location, SAMPLE, IMPORTED)
    db_before = store.open_store(location, read_only=True)
    kept, rebuilt = not_built(db_before), built(db_before)
    graphs = {q.graph_name for q in kept}
    assert {ox.NamedNode(g) for g in (
        ns.GRAPH + "notes", MINE, IMPORTED, ns.IMPORTS_GRAPH, ns.SUBMISSIONS_GRAPH,
        ns.submission_graph(sid), ns.submission_graph(sid) + "/inferred")} <= graphs
    assert ox.Quad(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/p"),
                   ox.Literal(1)) in kept  # the default graph
    del db_before

    load.load(location)

    after = store.open_store(location, read_only=True)
    assert not_built(after) == kept
    assert built(after) == rebuilt
    assert after.query(f'ASK {{ GRAPH <{ns.GRAPH}notes> {{ ?s ?p "checked" }} }}')
