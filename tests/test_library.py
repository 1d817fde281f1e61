"""The query library's headers are read from the real files, and every query parses."""

import re

import pytest

from server.config import DEFAULT_SERVICES
from server.graph import library
from server.query import guard


def all_queries():
    return library.queries() + library.checks()


def test_there_are_checks():
    assert len(library.checks()) >= 6


@pytest.mark.parametrize("query", all_queries(), ids=lambda q: q.path.name)
def test_header_and_syntax(query, db):
    assert query.title and query.question.endswith("?")
    if guard.endpoints(query.text):
        # Federated queries call only the default allow-list (tests never reach the network;
        # tests/test_federation.py runs them against a local endpoint).
        screened = guard.screen(query.text, DEFAULT_SERVICES)
        assert screened.services and not screened.refused
        return
    # Parsing and running over the real store; a syntax error raises here.
    list(db.query(query.bind(), use_default_graph_as_union=True))


# What the prefix test reads in a query: comments, strings and IRIs (skipped: a name in them
# is no use of a prefix), PREFIX declarations, and prefixed names (SPARQL 1.1's PNAME_NS: a
# prefix of letters, digits, '_', '-' and inner '.', or none, then ':').
_TOKENS = re.compile(r'''(?P<skip>#[^\n]*|"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\''''
                     r'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>)'''
                     r'''|(?i:\bPREFIX)\s+(?P<declared>[A-Za-z][\w.-]*)?:'''
                     r'''|(?<![\w.?$:-])(?P<used>[A-Za-z][\w.-]*)?:''')


def prefixes(text: str) -> tuple[list[str], set[str]]:
    """The prefixes a query declares, in order, and those its body uses."""
    declared, used = [], set()
    for match in _TOKENS.finditer(text):
        if match.group("skip"):
            continue
        if match.group(0).upper().startswith("PREFIX"):
            declared.append(match.group("declared") or "")
        else:
            used.add((match.group("used") or "").rstrip("."))
    return declared, used


@pytest.mark.parametrize("query", all_queries(), ids=lambda q: q.path.name)
def test_a_query_declares_only_the_prefixes_it_uses(query):
    declared, used = prefixes(query.text)
    assert len(declared) == len(set(declared)), f"a prefix declared twice: {declared}"
    unused = sorted(set(declared) - used)
    assert not unused, f"declared but never used: {unused}: delete their PREFIX lines"


def test_the_prefix_reader_tells_a_use_from_a_mention():
    text = ('# title: skos: named in a comment\n'
            'PREFIX tt: <https://w3id.org/techties/ontology#>\n'
            'PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n'
            'PREFIX dc: <http://purl.org/dc/terms/>\n'
            'PREFIX : <urn:example#>\n'
            'SELECT ?s WHERE { ?s a tt:State ; :p "skos: in a string" ; <urn:dc:x> ?o .\n'
            '  FILTER (?o != \'\'\'dc: in a long string\'\'\') }')
    assert prefixes(text) == (["tt", "skos", "dc", ""], {"tt", ""})


def test_header_missing_question_is_refused(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: something\nSELECT * { ?s ?p ?o }\n")
    with pytest.raises(ValueError, match=r"bad.rq: header lacks question"):
        library.parse(bad)
