"""The command line, run as a user runs it: exit codes and exact outputs."""

import csv
import gzip
import io
import json
import shutil

import pyoxigraph as ox
import pytest
from helpers import run, shared_dir

from server.formats import by_extension
from server.graph import anchors, curated
from server.store import merged

RUSSIA = "https://w3id.org/techties/id/state/russia"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ID = "https://w3id.org/techties/id/"


def every_quad(db) -> int:
    """The quads of every graph but the merge, counted from the store itself."""
    return sum(1 for _ in merged.quads_for_pattern(db, None, None, None))


def test_query_json_by_default(capsys, store_path):
    # DISTINCT: three files state Russia's English label (see the next test)
    code, out, _ = run(capsys, "query", "--store", str(store_path),
                       f"SELECT DISTINCT ?label {{ <{RUSSIA}> <{LABEL}> ?label }} ORDER BY ?label")
    assert code == 0
    labels = [b["label"] for b in json.loads(out)["results"]["bindings"]]
    assert labels == [
        {"type": "literal", "value": "Russia", "xml:lang": "en"},
        {"type": "literal", "value": "Россия", "xml:lang": "ru"},
        {"type": "literal", "value": "俄罗斯", "xml:lang": "zh"},
    ]


def test_a_triple_several_files_assert_is_matched_once(capsys, store_path):
    """instances/README.md: "a triple both files assert counts once" (the default graph is the
    merge, kept as a set: server/store/merged.py; pyoxigraph 0.5's own union matched it once
    per file, oxigraph/oxigraph#1919)."""
    query = f'SELECT ?label {{ <{RUSSIA}> <{LABEL}> ?label FILTER (LANG(?label) = "en") }}'
    code, out, _ = run(capsys, "query", "--store", str(store_path), query)
    assert code == 0
    assert len(json.loads(out)["results"]["bindings"]) == 1


def test_query_csv_from_file(capsys, store_path, tmp_path):
    query = tmp_path / "q.rq"
    query.write_text(f"SELECT ?type {{ <{RUSSIA}> a ?type }} ORDER BY ?type")
    code, out, _ = run(capsys, "query", "--store", str(store_path), str(query), "--format", "csv")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["type"]
    assert ["https://w3id.org/techties/ontology#State"] in rows


def test_construct_as_ntriples(capsys, store_path):
    code, out, _ = run(capsys, "query", "--store", str(store_path), "--format", "nt",
                       f"CONSTRUCT {{ <{RUSSIA}> a ?t }} WHERE {{ <{RUSSIA}> a ?t }}")
    assert code == 0
    assert f"<{RUSSIA}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> " \
           "<https://w3id.org/techties/ontology#State> ." in out.splitlines()


def test_syntax_error_says_where(capsys, store_path):
    code, out, err = run(capsys, "query", "--store", str(store_path), "SELECT ?x WHERE { ?x }")
    assert code == 2 and out == ""
    assert err.startswith("query syntax error: line 1, column ")


def test_wrong_format_for_query_form(capsys, store_path):
    code, _, err = run(capsys, "query", "--store", str(store_path), "--format", "ttl",
                       "SELECT * { ?s ?p ?o } LIMIT 1")
    assert code == 2
    assert err == "SELECT and ASK results cannot be written as ttl: " \
                  "choose one of json, xml, csv, tsv\n"


def test_missing_store(capsys, tmp_path):
    code, _, err = run(capsys, "query", "--store", str(tmp_path / "none"), "ASK {}")
    assert code == 2
    assert err == f"techties query: no store at {tmp_path / 'none'}: run `techties load` first\n"


def test_export_nquads_has_every_graph(capsys, store_path, db, tmp_path):
    out = tmp_path / "dump.nq"
    code, _, _ = run(capsys, "export", "--store", str(store_path), "--format", "nq", str(out))
    assert code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == every_quad(db)


def test_export_refuses_a_results_format(capsys, store_path):
    code, _, err = run(capsys, "export", "--store", str(store_path), "--format", "csv")
    assert code == 2
    assert err == "export writes RDF: choose one of ttl, nt, jsonld, rdfxml, nq, trig\n"


def test_anchor_check_passes_on_the_curated_data(capsys, monkeypatch):
    monkeypatch.setenv("TECHTIES_SOURCES", str(shared_dir() / "sources"))
    assert run(capsys, "anchor", "--check") == (0, "", "")


def test_anchor_check_names_a_quote_its_document_lacks_and_an_out_of_date_file(
        capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("TECHTIES_SOURCES", str(shared_dir() / "sources"))
    instances = tmp_path / "instances"
    shutil.copytree(curated.INSTANCES_DIR, instances)
    kapoor = instances / "kapoor-2021.ttl"
    quote = "Technological cooperation has increasingly gained significance"
    kapoor.write_text(kapoor.read_text(encoding="utf-8").replace(
        f'tt:quote "{quote}', 'tt:quote "Technology cooperation has gained significance', 1),
        encoding="utf-8")
    monkeypatch.setattr(curated, "INSTANCES_DIR", instances)
    monkeypatch.setattr(curated, "LINKS_DIR", instances / "links")
    monkeypatch.setattr(anchors, "ANCHORS_FILE", instances / "anchors.ttl")
    code, out, err = run(capsys, "anchor", "--check")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{ID}quote/kapoor-2021-p02-a: quote not found in {ID}source/kapoor-2021: "
        "'Technology cooperation has gained significance in the Russia-China bilateral "
        "relationship'",
        "instances/anchors.ttl is out of date: run `techties anchor`"]
    before = (instances / "anchors.ttl").read_text(encoding="utf-8")
    assert run(capsys, "anchor", "--check")[0] == 1
    # --check writes nothing
    assert (instances / "anchors.ttl").read_text(encoding="utf-8") == before


# --- export: the format from the file name, and what it wrote --------------------------------

@pytest.mark.parametrize("name, fmt, what", [
    ("dump.nq", "application/n-quads", "quads (every graph)"),
    ("dump.trig", "application/trig", "quads (every graph)"),
    ("dump.ttl", "text/turtle", "triples (the union of the graphs, each once)"),
    ("dump.nt.gz", "application/n-triples", "triples (the union of the graphs, each once)"),
    ("dump.jsonld", "application/ld+json", "triples (the union of the graphs, each once)"),
    ("dump.rdf", "application/rdf+xml", "triples (the union of the graphs, each once)"),
])
def test_export_infers_the_format_and_says_what_it_wrote(capsys, store_path, db, tmp_path,
                                                         name, fmt, what):
    out = tmp_path / name
    code, said, err = run(capsys, "export", "--store", store_path, out)
    assert (code, err) == (0, "")
    data = gzip.decompress(out.read_bytes()) if name.endswith(".gz") else out.read_bytes()
    count = len(list(ox.parse(data, by_extension(name).oxigraph)))
    assert said == f"Exported {count} {what} as {fmt} to {out}.\n"
    if "quads" in what:
        assert count == every_quad(db)


def test_export_format_wins_over_the_name_and_standard_output_needs_one(capsys, store_path,
                                                                         tmp_path):
    out = tmp_path / "dump.txt"
    code, said, _ = run(capsys, "export", "--store", store_path, "--format", "nt", out)
    assert code == 0 and said.startswith("Exported ") and " as application/n-triples " in said
    code, said, err = run(capsys, "export", "--store", store_path, tmp_path / "dump.zip")
    assert (code, said) == (2, "")
    assert err.startswith(f"techties export: cannot tell the format from the name "
                          f"{tmp_path / 'dump.zip'}: give --format (ttl, nt, jsonld, rdfxml, "
                          "nq, trig)")
    code, said, err = run(capsys, "export", "--store", store_path)
    assert code == 2 and "cannot tell the format from standard output" in err
    code, said, err = run(capsys, "export", "--store", store_path, "--format", "ttl")
    assert code == 0 and said.startswith("@prefix ")
    assert err.startswith("Exported ") and err.endswith(" to standard output.\n")
