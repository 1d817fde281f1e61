"""``techties import``: formats, the record, refusals that change nothing, surviving a reload."""

import gzip
import os

import pyoxigraph as ox
import pytest
from helpers import run

from server import namespaces as ns
from server import store
from server.store import imports, lock

SAMPLE = "tests/data/links/wikidata-sample.ttl"
GRAPH = "https://w3id.org/techties/graph/external/wikidata-sample"
RUSSIA_ISO = ("SELECT ?iso { GRAPH <%s> { <http://www.wikidata.org/entity/Q159> "
              "<http://www.wikidata.org/prop/direct/P297> ?iso } }")


@pytest.fixture
def target(store_copy):
    """The store an import goes into: a copy of the curated one."""
    return store_copy


def quads(path):
    db = store.open_store(path, read_only=True)
    return sorted(str(q) for q in db.quads_for_pattern(None, None, None, None))


def graph_size(path, graph):
    db = store.open_store(path, read_only=True)
    return len(list(db.quads_for_pattern(None, None, None, ox.NamedNode(graph))))


def sample_triples() -> int:
    return len(list(ox.parse(path=SAMPLE, format=ox.RdfFormat.TURTLE)))


@pytest.mark.parametrize("name, fmt", [
    ("sample.nt", ox.RdfFormat.N_TRIPLES), ("sample.ttl", ox.RdfFormat.TURTLE),
    ("sample.nq", ox.RdfFormat.N_QUADS), ("sample.trig", ox.RdfFormat.TRIG),
    ("sample.rdf", ox.RdfFormat.RDF_XML), ("sample.jsonld", ox.RdfFormat.JSON_LD),
    ("sample.nt.gz", ox.RdfFormat.N_TRIPLES), ("sample.ttl.gz", ox.RdfFormat.TURTLE),
])
def test_every_format_lands_in_its_graph(target, tmp_path, name, fmt):
    data = ox.serialize(ox.parse(path=SAMPLE, format=ox.RdfFormat.TURTLE), format=fmt)
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    done = imports.import_file(target, path, GRAPH)
    assert done.triples == sample_triples() == graph_size(target, GRAPH)
    db = store.open_store(target, read_only=True)
    assert [r["iso"].value for r in db.query(RUSSIA_ISO % GRAPH)] == ["RU"]


def test_dataset_formats_are_flattened_into_the_one_graph(target, tmp_path):
    path = tmp_path / "two.nq"
    path.write_text("<http://a> <http://p> <http://b> <http://g1> .\n"
                    "<http://c> <http://p> <http://d> .\n")
    done = imports.import_file(target, path, "http://example.org/data")
    assert done.triples == 2 == graph_size(target, "http://example.org/data")
    assert graph_size(target, "http://g1") == 0


def test_the_record_says_what_from_where_and_when(target):
    done = imports.import_file(target, SAMPLE, GRAPH)
    db = store.open_store(target, read_only=True)
    [record] = imports.imports(db)
    assert record == {"graph": GRAPH, "source": done.source, "triples": sample_triples(),
                      "at": done.imported_at}
    assert done.source.startswith("file:///") and done.source.endswith(SAMPLE)
    rows = db.query(f"""PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?format ?sha ?used {{ GRAPH <{ns.IMPORTS_GRAPH}> {{
          <{GRAPH}> dcterms:format ?format ; dcterms:identifier ?sha ; prov:wasGeneratedBy ?a .
          ?a a prov:Activity ; prov:used ?used }} }}""")
    [row] = list(rows)
    assert row["format"].value == "text/turtle"
    assert row["sha"].value == "sha256:" + done.sha256 and len(done.sha256) == 64
    assert row["used"].value == done.source


def test_importing_again_replaces_the_graph_and_its_record(target, tmp_path):
    imports.import_file(target, SAMPLE, GRAPH)
    small = tmp_path / "small.nt"
    small.write_text("<http://a> <http://p> <http://b> .\n")
    imports.import_file(target, small, GRAPH)
    assert graph_size(target, GRAPH) == 1
    db = store.open_store(target, read_only=True)
    assert [(r["graph"], r["triples"]) for r in imports.imports(db)] == [(GRAPH, 1)]


@pytest.mark.parametrize("graph, message", [
    ("https://w3id.org/techties/graph/instances/common", "is in the techties namespace"),
    ("https://w3id.org/techties/graph/ontology", "is in the techties namespace"),
    ("https://w3id.org/techties/graph/links/wikidata", "is in the techties namespace"),
    ("https://w3id.org/techties/graph/submission/1", "is in the techties namespace"),
    ("https://w3id.org/techties/graph/imports", "is in the techties namespace"),
    ("https://w3id.org/techties/id/state/russia", "is in the techties namespace"),
    ("https://w3id.org/techties/graph/external/", "is in the techties namespace"),
    ("not an iri", "is not an absolute IRI"),
])
def test_graphs_of_ours_are_refused_and_nothing_changes(target, capsys, graph, message):
    before = quads(target)
    code, out, err = run(capsys, "import", "--store", str(target), SAMPLE, "--graph", graph)
    assert code == 2 and out == ""
    assert err.startswith(f"techties import: --graph {graph}") and message in err
    assert quads(target) == before


def test_a_syntax_error_says_where_and_changes_nothing(target, tmp_path, capsys):
    imports.import_file(target, SAMPLE, GRAPH)
    before = quads(target)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://a> <http://p> <http://b> .\n<http://a> <http://p> \"open .\n")
    code, out, err = run(capsys, "import", "--store", str(target), str(bad), "--graph", GRAPH)
    assert code == 2 and out == ""
    assert err.startswith("techties import: bad.ttl: ") and "line 2" in err
    assert quads(target) == before


def test_a_truncated_gzip_changes_nothing(target, tmp_path, capsys):
    before = quads(target)
    bad = tmp_path / "cut.nt.gz"
    bad.write_bytes(gzip.compress(b"<http://a> <http://p> <http://b> .\n" * 100)[:40])
    code, _, err = run(capsys, "import", "--store", str(target), str(bad), "--graph", GRAPH)
    assert code == 2 and err.startswith("techties import: cut.nt.gz: cannot be read")
    assert quads(target) == before


def test_unknown_extension_asks_for_a_format(target, tmp_path, capsys):
    odd = tmp_path / "data.txt"
    odd.write_text("<http://a> <http://p> <http://b> .\n")
    code, _, err = run(capsys, "import", "--store", str(target), str(odd), "--graph", GRAPH)
    assert code == 2
    assert err == ("techties import: cannot tell the RDF format of data.txt from its extension: "
                   "give --format (ttl, nt, jsonld, rdfxml, nq, trig)\n")
    code, out, _ = run(capsys, "import", "--store", str(target), str(odd), "--graph", GRAPH,
                       "--format", "nt")
    assert code == 0 and out == f"Imported 1 triples from {odd.as_uri()} into <{GRAPH}>.\n"


def test_imports_survive_a_rebuild(target):
    """`techties load` rebuilds the repository's graphs and carries recorded imports over."""
    imports.import_file(target, SAMPLE, GRAPH)
    imported = [q for q in quads(target) if GRAPH in q or ns.IMPORTS_GRAPH in q]
    meta = store.build(target, [], {})
    assert meta["graphs"] == {GRAPH: sample_triples(), ns.IMPORTS_GRAPH: 13}
    assert quads(target) == imported


def test_an_interrupted_import_does_not_survive_a_rebuild(target):
    """Killed while loading: its activity is recorded as begun, the graph is partly there,
    and no void:Dataset says it is done. Load drops graph and record; it keeps a finished
    import and a graph that no import made."""
    imports.import_file(target, SAMPLE, GRAPH)
    half = "https://w3id.org/techties/graph/external/half"
    db = store.open_store(target)
    db.extend(imports._begun(half, "2026-01-01T00:00:00Z"))
    other = ox.NamedNode("http://example.org/written-otherwise")
    db.extend([ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.NamedNode("http://b"),
                       graph) for graph in (ox.NamedNode(half), other)])
    assert [g.value for g, _ in store.unfinished_imports(db)] == [half]
    del db
    activity, ours = imports._activity(half), tuple(f"<{g}" for g in ns.repository_graphs())
    others = [q for q in quads(target) if not q.rsplit(" ", 1)[-1].startswith(ours)]
    kept = [q for q in others if half not in q and activity not in q]
    assert len(kept) == len(others) - 4  # the triple, and the 3 of the begun record
    store.build(target, [], {})
    assert quads(target) == kept
    assert [r["graph"] for r in imports.imports(store.open_store(target, read_only=True))] == [
        GRAPH]


@pytest.mark.slow
def test_techties_load_keeps_imports(target, capsys):
    code, _, _ = run(capsys, "import", "--store", str(target), SAMPLE, "--graph", GRAPH)
    assert code == 0
    code, out, _ = run(capsys, "load", "--store", str(target))
    assert code == 0 and f"<{GRAPH}>" not in out and GRAPH in out
    db = store.open_store(target, read_only=True)
    assert [r["iso"].value for r in db.query(RUSSIA_ISO % GRAPH)] == ["RU"]
    assert [r["graph"] for r in imports.imports(db)] == [GRAPH]


@pytest.mark.parametrize("name, data, message", [
    ("remote.jsonld", b'{"@context": "https://schema.org/", "@id": "http://a", "name": "x"}',
     "No LoadDocumentCallback has been set to load remote contexts"),
    ("xxe.rdf", b'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM '
                b'"file:///etc/hostname">]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
                b'22-rdf-syntax-ns#"><rdf:Description rdf:about="http://a"/></rdf:RDF>',
     "<!ENTITY values should be enclosed in double quotes"),
])
def test_nothing_in_a_file_makes_it_fetch_anything(target, tmp_path, capsys, name, data,
                                                    message):
    before = quads(target)
    path = tmp_path / name
    path.write_bytes(data)
    code, _, err = run(capsys, "import", "--store", str(target), str(path), "--graph", GRAPH)
    assert code == 2 and err.startswith(f"techties import: {name}: ") and message in err
    assert quads(target) == before


def test_a_store_held_by_a_server_is_refused_and_unchanged(target, capsys):
    before = quads(target)
    with lock.Lock(target, "serve"):  # as `techties serve` holds it
        code, _, err = run(capsys, "import", "--store", str(target), SAMPLE, "--graph", GRAPH)
    assert code == 1
    assert err.startswith(f"techties import: refused: the store at {target} is in use by "
                          f"`techties serve` (pid {os.getpid()}, since ")
    assert err.endswith("Stop it first, then import.\n")
    assert quads(target) == before
