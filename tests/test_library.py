"""The query library's headers are read from the real files, and every query parses."""

import pytest

from server.config import DEFAULT_SERVICES
from server.graph import library
from server.query import federation


def all_queries():
    return library.queries() + library.checks()


def test_there_are_checks():
    assert len(library.checks()) >= 6


@pytest.mark.parametrize("query", all_queries(), ids=lambda q: q.path.name)
def test_header_and_syntax(query, db):
    assert query.title and query.question.endswith("?")
    if federation.services(query.text):
        # Federated queries call only the default allow-list (tests never reach the network;
        # tests/test_federation.py runs them against a local endpoint).
        assert federation.check(query.text, DEFAULT_SERVICES)
        return
    # Parsing and running over the real store; a syntax error raises here.
    list(db.query(query.bind(), use_default_graph_as_union=True))


def test_header_missing_question_is_refused(tmp_path):
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: something\nSELECT * { ?s ?p ?o }\n")
    with pytest.raises(ValueError, match=r"bad.rq: header lacks question"):
        library.parse(bad)
