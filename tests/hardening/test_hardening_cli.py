"""The command line and what leaks: a library query by name, parameters written as prefixed
names, classes that do not exist, rdflib's tracebacks, a reader that goes away
(``techties load | head -1``), and the server's paths in errors and report pages."""

import os
import subprocess
import sys

import pytest
from helpers import DATA, ROOT, check, make, run

ILL_TYPED = (b'<https://w3id.org/techties/id/state/x> a <https://w3id.org/techties/ontology#State>'
             b' ; <http://www.w3.org/2000/01/rdf-schema#label> "X"@en ;'
             b' <http://www.w3.org/2000/01/rdf-schema#comment> "x"^^'
             b'<http://www.w3.org/2001/XMLSchema#integer> .\n')


def test_a_library_query_runs_by_the_name_list_gives_it(capsys, store_path):
    code, listed, _ = run(capsys, "query", "--list")
    assert code == 0 and "agreements-per-year: " in listed
    by_name = run(capsys, "query", "--store", store_path, "agreements-per-year", "--format", "csv")
    by_file = run(capsys, "query", "--store", store_path,
                  ROOT / "queries" / "agreements-per-year.rq", "--format", "csv")
    assert by_name == by_file and by_name[0] == 0 and by_name[1].startswith("year,agreements")


def test_a_name_that_is_no_query_says_so(capsys, store_path):
    assert run(capsys, "query", "--store", store_path, "agreements-per-decade") == (
        2, "", "techties query: agreements-per-decade is not a file, nor a query of the library "
               "(see --list)\n")


def test_a_parameter_by_name_is_bound_too(capsys, store_path):
    code, out, err = run(capsys, "query", "--store", store_path, "agreements-by-party",
                         "--param", "party=st:russia")
    assert (code, out, err) == (2, "", "techties query: parameter party takes an IRI, not "
                                       "'st:russia': st: is a prefix, which is not expanded "
                                       "here; write the whole IRI (https://...)\n")


@pytest.mark.parametrize("kind", ["Banana", "tt:Banana", "https://example.org/Banana",
                                  "not an iri"])
def test_link_discover_of_a_class_techties_lacks_is_refused(capsys, store_path, tmp_path, kind):
    code, out, err = run(capsys, "link", "discover", "--store", store_path, "--against",
                         DATA / "links" / "wikidata-sample.ttl", "--type", kind,
                         "--out", tmp_path / "out")
    assert (code, out) == (2, "")
    assert err == (f"techties link discover: --type {kind}: techties has no such class (give "
                   "one such as State, Company, Organization, Technology or Agreement)\n")
    assert not (tmp_path / "out").exists()


def test_validating_an_ill_typed_literal_prints_no_traceback(capfd, store_path, tmp_path):
    path = tmp_path / "ill.ttl"
    path.write_bytes(ILL_TYPED)
    code, out, err = run(capfd, "validate", "--store", store_path, path)
    assert code == 1
    assert 'the literal "x"^^xsd:integer is ill-typed' in out
    assert "Traceback" not in err + out and "Failed to convert" not in err + out


@pytest.mark.servers
@pytest.mark.parametrize("command", [
    pytest.param("load --store {tmp}/store", marks=pytest.mark.slow),  # a whole load
    "export --format nt --store {store}",
    "query --format csv --store {store} 'SELECT * WHERE {{ ?s ?p ?o }}'"])
def test_a_reader_that_goes_away_gets_no_traceback(store_path, tmp_path, command):
    """``techties ... | head -1``: the pipe breaks; the command ends quietly."""
    argv = command.format(tmp=tmp_path, store=store_path)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(f"{sys.executable} -m server.cli {argv} | head -c 10",  # as head -1
                          shell=True, capture_output=True, env=env, cwd=tmp_path, timeout=300)
    said = done.stderr.decode(errors="replace")
    assert len(done.stdout) == 10
    assert "Traceback" not in said and "BrokenPipe" not in said, said


def test_no_store_path_in_errors_relative_or_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    client = make("var/store")  # a relative path, and no store there
    for response in [client.get("/sparql", query_string={"query": "ASK {}"}),
                     client.get("/store?graph=http://e/g"), client.get("/id/state/russia"),
                     client.post("/submissions", data=ILL_TYPED,
                                 headers={"Content-Type": "application/n-triples"})]:
        body = check(response, 503)
        assert "var/store" not in body and str(tmp_path) not in body, body


def test_a_report_page_names_no_store_path(capsys, store_copy, tmp_path):
    code, out, _ = run(capsys, "submissions", "submit", "--store", store_copy, "--as", "alice",
                       DATA / "submissions" / "invalid.ttl")
    submission = next((store_copy.parent / "store.submissions").iterdir()).name
    client = make(store_copy)
    for accept in ("application/json", "text/html", "text/turtle"):
        body = check(client.get(f"/submissions/{submission}", headers={"Accept": accept}), 200)
        assert str(store_copy) not in body and "store.submissions" not in body
        assert str(tmp_path) not in body
