"""Query parameters: declared in the header, bound safely (CLI --param), refused when malformed;
and `techties query --list`."""

import csv
import io

import pytest
from helpers import run

from server.graph import library

QUERIES = library.QUERIES_DIR
CSTO = "https://w3id.org/techties/id/organization/collective-security-treaty-organization"


def rows(out: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(out)))


def test_every_library_query_declares_well_formed_parameters():
    for query in library.queries():
        for param in query.params:
            assert param.type in ("iri", "string", "integer", "date")
            assert param.default is not None, f"{query.name}: {param.name} has no default"
            assert f"?{param.name}" in query.text, f"{query.name} never uses ?{param.name}"


def test_the_header_is_read_from_the_real_file():
    query = library.parse(QUERIES / "members-of-an-organization.rq")
    assert query.params == (library.Parameter("organization", "iri", CSTO),)
    assert "memberships" in query.tags


def test_defaults_are_bound_when_no_value_is_given(capsys, store_path):
    code, out, _ = run(capsys, "query", "--store", str(store_path),
                       str(QUERIES / "members-of-an-organization.rq"), "--format", "csv")
    assert code == 0
    members = [r[1] for r in rows(out)[1:]]
    assert "Armenia" in members and "Russia" in members


def test_a_param_from_the_command_line(capsys, store_path):
    code, out, _ = run(capsys, "query", "--store", str(store_path),
                       str(QUERIES / "agreements-by-year.rq"), "--param", "year=2019",
                       "--format", "csv")
    assert code == 0
    assert all(r[3].startswith("2019") for r in rows(out)[1:]) and len(rows(out)) > 1


@pytest.mark.parametrize("param, message", [
    ("year=2019 } DROP ALL", "parameter year takes an integer, not '2019 } DROP ALL'"),
    ("year=", "parameter year takes an integer, not ''"),
    ("month=5", "agreements-by-year.rq has no parameter month (it takes year)"),
    ("year", "--param 'year': write it as name=value"),
])
def test_bad_values_are_refused_with_the_reason(capsys, store_path, param, message):
    code, out, err = run(capsys, "query", "--store", str(store_path),
                         str(QUERIES / "agreements-by-year.rq"), "--param", param)
    assert code == 2 and out == ""
    assert err == f"techties query: {message}\n"


@pytest.mark.parametrize("raw, message", [
    ("not an iri", "parameter party takes an IRI, not 'not an iri': Invalid IRI code point ' '"),
    ("st:russia", "parameter party takes an IRI, not 'st:russia': st: is a prefix, which is "
                  "not expanded here; write the whole IRI (https://...)"),
    ("russia", "parameter party takes an IRI, not 'russia': No scheme found in an absolute IRI"),
    ("<http://x> } ; DROP ALL ; <", "parameter party takes an IRI, not '<http://x> } ; DROP "
                                    "ALL ; <': Invalid IRI code point '>'"),
])
def test_iri_values_must_be_iris(capsys, store_path, raw, message):
    code, _, err = run(capsys, "query", "--store", str(store_path),
                       str(QUERIES / "agreements-by-party.rq"), "--param", f"party={raw}")
    assert code == 2 and err == f"techties query: {message}\n"


def test_a_date_value_must_be_a_date(capsys, store_path):
    code, _, err = run(capsys, "query", "--store", str(store_path),
                       str(QUERIES / "events-since.rq"), "--param", "since=2024-13-01")
    assert code == 2
    assert err == "techties query: parameter since takes a date, not '2024-13-01' (YYYY-MM-DD)\n"


def test_a_string_value_cannot_escape_its_literal(capsys, store_path):
    code, out, _ = run(capsys, "query", "--store", str(store_path),
                       str(QUERIES / "entities-named-like.rq"), "--param",
                       'text=x") } SELECT * WHERE { ?s ?p ?o } #', "--format", "csv")
    assert code == 0 and rows(out) == [["entity", "name"]]


def test_binding_puts_a_values_block_into_the_where_clause():
    text = "# where { in a comment\nSELECT ?s (\"where {\" AS ?x) WHERE { ?s ?p ?o }"
    bound = library.bind(text, library.parse_parameters("o string = a\"b"), {})
    assert bound.endswith('WHERE { VALUES (?o) { ("a\\"b") } ?s ?p ?o }')


def test_params_need_a_library_file(capsys, store_path):
    code, _, err = run(capsys, "query", "--store", str(store_path), "SELECT * {}",
                       "--param", "a=1")
    assert code == 2
    assert err == ("techties query: --param needs a .rq file whose header declares parameters\n")


@pytest.mark.parametrize("spec, message", [
    ("year number = 1", "parameter 'year number = 1' is not 'name type = default' with type "
                        "one of iri, string, integer, date"),
    ("year integer = soon", "parameter year takes an integer, not 'soon'"),
])
def test_malformed_headers_are_refused(spec, message):
    with pytest.raises(ValueError) as refused:
        library.parse_parameters(spec, "q.rq")
    assert str(refused.value).endswith(message)


def test_list_shows_each_question_and_its_parameters(capsys):
    code, out, _ = run(capsys, "query", "--list")
    assert code == 0
    lines = out.splitlines()
    at = lines.index("agreements-by-year: Agreements signed, adopted or agreed in a given year")
    assert lines[at + 1] == ("    Which agreements were signed, adopted, agreed or announced in a "
                             "given year, with their kind and date?")
    assert lines[at + 2] == "    --param year=<integer> = 2022"
    assert sum(1 for line in lines if not line.startswith(" ")) == len(library.queries()) >= 30
