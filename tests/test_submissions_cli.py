"""``techties validate`` and ``techties submissions``, run as a user runs them."""

import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import run
from rdflib import Graph
from rdflib.namespace import RDF, SH

from server import store

DATA = Path(__file__).parent / "data" / "submissions"
MEMO = "https://w3id.org/techties/id/instrument/example-memorandum-on-ai"


def test_validate_valid_file(capsys, store_path):
    code, out, _ = run(capsys, "validate", "--store", store_path, DATA / "valid.ttl")
    assert code == 0
    assert out == (f"{DATA / 'valid.ttl'}: Conforms (validated against the store): no "
                   "problems found.\n")


def test_validate_invalid_file_one_line_per_result(capsys, store_path):
    code, out, _ = run(capsys, "validate", "--store", store_path, DATA / "invalid.ttl")
    assert code == 1
    head, *lines = out.splitlines()
    assert head == (f"{DATA / 'invalid.ttl'}: Does not conform (validated against the "
                    "store): 2 result(s)")
    assert [line.removeprefix("Violation: ").split("): ")[0] + ")" for line in lines] == [
        "in:example-bad-memorandum tt:party (value: st:atlantis)",
        "in:example-bad-memorandum tt:party (value: tech:artificial-intelligence)",
    ]
    assert all(line.startswith("Violation: ") and " Fix: " in line for line in lines)


@pytest.mark.slow
def test_validate_without_a_store_uses_the_curated_files(capsys, tmp_path):
    code, out, _ = run(capsys, "validate", "--store", tmp_path / "none", DATA / "valid.ttl")
    assert code == 0
    assert "validated against the curated files, as there is no store yet" in out


@pytest.mark.parametrize("report, fmt", [("turtle", ox.RdfFormat.TURTLE),
                                         ("json-ld", ox.RdfFormat.JSON_LD)])
def test_validate_rdf_report(capsys, store_path, report, fmt):
    code, out, _ = run(capsys, "validate", "--store", store_path, "--report", report,
                       DATA / "invalid.ttl")
    assert code == 1
    triples = ox.serialize(ox.parse(out.encode(), fmt), format=ox.RdfFormat.N_TRIPLES)
    graph = Graph().parse(data=triples, format="nt")
    (node,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms).toPython() is False
    paths = sorted(str(graph.value(r, SH.resultPath)) for r in graph.objects(node, SH.result))
    assert paths == ["https://w3id.org/techties/ontology#party"] * 2


def test_validate_json_report(capsys, store_path):
    code, out, _ = run(capsys, "validate", "--store", store_path, "--report", "json",
                       DATA / "invalid.ttl")
    assert code == 1
    doc = json.loads(out)
    assert doc["conforms"] is False
    assert {(r["focus"], r["path"], r["value"]) for r in doc["results"]} == {
        ("in:example-bad-memorandum", "tt:party", "st:atlantis"),
        ("in:example-bad-memorandum", "tt:party", "tech:artificial-intelligence")}


def test_validate_formats_from_extension_or_option(capsys, store_path, tmp_path):
    code, _, _ = run(capsys, "validate", "--store", store_path, DATA / "company-party.jsonld",
                     DATA / "valid.rdf")
    assert code == 0
    renamed = tmp_path / "memo.data"
    shutil.copy(DATA / "valid.ttl", renamed)
    assert run(capsys, "validate", "--store", store_path, renamed)[0] == 2
    assert run(capsys, "validate", "--store", store_path, "--format", "ttl", renamed)[0] == 0


@pytest.mark.parametrize("content, message", [
    (b"@prefix ex: <http://ex/> .\nex:a ex:b", "line 2, column 10: Unexpected end"),
    (b"", "the submission is empty: send at least one triple"),
])
def test_validate_unusable_input_exits_2(capsys, store_path, tmp_path, content, message):
    bad = tmp_path / "bad.ttl"
    bad.write_bytes(content)
    code, out, err = run(capsys, "validate", "--store", store_path, bad)
    assert (code, out, err) == (2, "", f"{bad}: {message}\n")


def test_validate_missing_file_exits_2(capsys, store_path, tmp_path):
    code, _, err = run(capsys, "validate", "--store", store_path, tmp_path / "nope.ttl")
    assert code == 2
    assert "nope.ttl" in err


def test_submit_list_show_accept_reject_and_query(capsys, store_copy):
    path = store_copy
    code, out, _ = run(capsys, "submissions", "submit", "--store", path, "--as", "alice",
                       DATA / "valid.ttl")
    assert code == 0
    good = out.split()[1].rstrip(":")
    assert out.startswith(f"submission {good}: pending\nConforms")
    code, out, _ = run(capsys, "submissions", "submit", "--store", path, DATA / "invalid.ttl")
    assert code == 1
    bad = out.split()[1].rstrip(":")
    assert out.startswith(f"submission {bad}: rejected\nDoes not conform")

    code, out, _ = run(capsys, "submissions", "list", "--store", path, "--status", "pending")
    assert out.splitlines()[-1] == "1 submission(s) pending"
    assert out.startswith(f"{good}  pending ")
    code, out, _ = run(capsys, "submissions", "show", "--store", path, bad)
    assert "  status:    rejected" in out
    assert "tt:party (value: st:atlantis)" in out

    ask = f"ASK {{ <{MEMO}> a <https://w3id.org/techties/ontology#Memorandum> }}"
    assert json.loads(run(capsys, "query", "--store", path, ask)[1])["boolean"] is False
    code, out, _ = run(capsys, "submissions", "accept", "--store", path, good,
                       "--reason", "checked the quote")
    assert (code, out) == (0, f"submission {good}: accepted into "
                              f"<https://w3id.org/techties/graph/submission/{good}>\n")
    assert json.loads(run(capsys, "query", "--store", path, ask)[1])["boolean"] is True
    code, _, err = run(capsys, "submissions", "accept", "--store", path, good)
    assert code == 1
    assert err == f"techties submissions: submission {good} is accepted, not pending\n"
    code, _, err = run(capsys, "submissions", "reject", "--store", path, bad, "--reason", "no")
    assert code == 1
    assert "is rejected, not pending" in err


def test_reject_from_the_command_line(capsys, store_copy):
    path = store_copy
    out = run(capsys, "submissions", "submit", "--store", path, DATA / "valid.ttl")[1]
    sid = out.split()[1].rstrip(":")
    code, out, _ = run(capsys, "submissions", "reject", "--store", path, sid,
                       "--reason", "duplicate of an existing memorandum")
    assert (code, out) == (0, f"submission {sid}: rejected\n")
    out = run(capsys, "submissions", "show", "--store", path, sid)[1]
    assert "decision:  rejected by " in out
    assert out.count("duplicate of an existing memorandum") == 1
    db = store.open_store(path, read_only=True)
    assert not db.query(f"ASK {{ GRAPH <https://w3id.org/techties/graph/submission/{sid}> "
                        "{ ?s ?p ?o } }")
