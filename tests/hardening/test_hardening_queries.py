"""Hostile and broken queries: nesting deep enough to crash the engine (refused before it
sees them), query bombs (stopped by the time limit: 503 naming it), huge texts (413), and
syntax errors said in words at the place of the mistake."""

import pytest
from helpers import BEARER, check, make

from server.query import guard

DEEP = {  # what the engine nests, thousands deep; the depth the guard measures
    "groups": ("SELECT * WHERE " + "{" * 5000 + "}" * 5000, 5000),
    "parentheses": ("SELECT * WHERE { FILTER (" + "(" * 5000 + "1" + ")" * 5000 + ") }", 5002),
    "UNION chain": ("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 5000) + " }", 5001),
    "|| chain": ("SELECT * WHERE { ?s ?p ?o FILTER (" + " || ".join(["?o"] * 5000) + ") }",
                 5001),
    "&& chain": ("ASK { ?s ?p ?o FILTER (" + " && ".join(["?o"] * 5000) + ") }", 5001),
    "OPTIONAL chain": ("SELECT * WHERE { ?s ?p ?o" + " OPTIONAL { ?s ?p ?o }" * 5000 + " }",
                       5002),
    "MINUS chain": ("SELECT * WHERE { ?s ?p ?o" + " MINUS { ?s ?p ?o }" * 3000 + " }", 3002),
    "FILTER EXISTS": ("SELECT * WHERE { " + "FILTER EXISTS { " * 900 + "}" * 900 + " }", 901),
    "function calls": ("SELECT * { BIND(" + "CONCAT(" * 950 + "'a'" + ")" * 950 + " AS ?x) }",
                       952),
    "subqueries": ("SELECT * WHERE { " + "{ SELECT * WHERE " * 2600 + "{}" + " }" * 2600
                   + " }", 2602),
    "collections": ("SELECT * WHERE { ?s ?p " + "(" * 4200 + ")" * 4200 + " }", 4201),
    "blank nodes": ("SELECT * WHERE { ?s ?p " + "[ <http://e/p> " * 3500 + "1" + " ]" * 3500
                    + " }", 3501),
}


def message(what: str, depth: int) -> str:
    one = "an update" if what == "update" else "a query"
    return (f"the {what} nests {depth} levels deep; {one} may nest at most 200 levels (each "
            "bracket counts one, and so does each UNION, OPTIONAL, MINUS, || or && in a chain)")


@pytest.mark.parametrize("case", DEEP)
def test_a_query_nested_thousands_deep_is_400_before_the_engine(store_path, case):
    text, depth = DEEP[case]
    app = make(store_path).application
    client = app.test_client()
    response = client.post("/sparql", data={"query": text}, headers={"Accept": "application/json"})
    check(response, 400, "application/problem+json")
    assert response.get_json() == {"type": "about:blank", "title": "Bad Request", "status": 400,
                                   "detail": message("query", depth), "depth": depth,
                                   "limit": 200}
    assert not app.extensions["techties.pool"]._workers, "no worker was started for it"


@pytest.mark.parametrize("case", ["groups", "UNION chain", "|| chain", "FILTER EXISTS"])
def test_an_update_nested_thousands_deep_is_400_and_changes_nothing(writable, case):
    text, depth = DEEP[case]
    where = text[text.index("WHERE") + 5:] if "WHERE" in text else text[text.index("{"):]
    update = "INSERT { <http://e/s> <http://e/p> 1 } WHERE " + where
    client = writable.test_client()
    response = client.post("/sparql", data={"update": update}, headers=BEARER)
    assert check(response, 400) == message("update", depth) + "\n"
    ask = client.get("/sparql", query_string={"query": "ASK { <http://e/s> ?p ?o }"})
    assert b"false" in check(ask, 200).encode()


def test_the_limit_is_far_above_any_real_query():
    """200 levels: the deepest library query nests 9, the deepest W3C test 10."""
    from server.graph import library

    assert max(guard.depth(q.text) for q in library.queries()) < 20
    assert guard.MAX_DEPTH == 200


def test_json_ld_nested_thousands_deep_is_400(client):
    body = '{"@id": "https://w3id.org/techties/id/state/x", "http://e/p": ' * 70000 + '"x"' \
        + "}" * 70000
    response = client.post("/submissions", data=body.encode(),
                           headers={"Content-Type": "application/ld+json",
                                    "Accept": "application/json"})
    check(response, 400, "application/problem+json")
    assert response.get_json()["detail"] == ("the submission cannot be read: the JSON is nested "
                                             "too deeply")


@pytest.mark.slow
def test_a_query_bomb_is_stopped_by_the_timeout_with_503_and_retry_after(store_path):
    client = make(store_path, query_timeout=1)
    bomb = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    response = client.get("/sparql", query_string={"query": bomb},
                          headers={"Accept": "application/json"})
    check(response, 503, "application/problem+json")
    assert response.headers["Retry-After"] == "1"
    assert response.get_json() == {
        "type": "about:blank", "title": "Service Unavailable", "status": 503,
        "detail": "the query did not finish within 1 s and was stopped by "
                  "TECHTIES_QUERY_TIMEOUT", "limit": "TECHTIES_QUERY_TIMEOUT"}


def test_a_huge_query_by_get_is_413(client):
    response = client.get("/sparql", query_string={"query": "ASK {}" + " " * (1024 * 1024)})
    assert check(response, 413) == "the request body is larger than the limit of 1048576 " \
                                   "bytes\n"


@pytest.mark.parametrize("query", [  # found by fuzzing (make fuzz): 500s before
    "PREFIX x: <http://w[w.e/> SELECT * {}",
    "BASE <http://w[w.e/> SELECT * {}",
    "PREFIX x: <http://w[w.e/> SELECT * { SERVICE x:s {} }",
])
def test_an_iri_the_standard_library_cannot_resolve_is_a_400(client, query):
    response = client.get("/sparql", query_string={"query": query})
    column = query.index("<http://w[") + 1
    assert check(response, 400) == (f"syntax error: line 1, column {column}: "
                                    "`<http://w[w.e/>` is not a valid IRI\n")


SYNTAX = {  # query, line, column, what is said
    "unknown prefix": ("SELECT * WHERE { ?s ex:p ?o }", 1, 21,
                       "unknown prefix `ex:`: declare it first (PREFIX ex: <...>)"),
    "unknown prefix, line 3": ("PREFIX ex: <http://e/>\nSELECT * WHERE {\n  ?s ex:p dc:title }",
                               3, 11, "unknown prefix `dc:`: declare it first "
                                      "(PREFIX dc: <...>)"),
    "IRI with a space": ("SELECT * { <http://e/a b> ?p ?o }", 1, 12,
                         '`<http://e/a b>` is not an IRI: an IRI holds no space and none of '
                         '< > " { } | \\ ^ `'),
    "brace never closed": ("SELECT * WHERE {\n  ?s ?p ?o .", 1, 16, "`{` is never closed"),
    "wrong bracket": ("SELECT * WHERE { FILTER (?o > 1 }", 1, 33,
                      "`}` cannot close the `(` opened at line 1, column 25"),
    "closes nothing": ("SELECT * WHERE { ?s ?p ?o } }", 1, 29, "`}` closes nothing"),
    "string left open": ('SELECT * WHERE { ?s ?p "Russia }', 1, 24,
                         "a string opened here is not closed (on this line, or with the same "
                         "quotes)"),
    "misspelt keyword": ("SELEC * WHERE { ?s ?p ?o }", 1, 1,
                         "`SELEC` cannot begin a query: it begins with SELECT, CONSTRUCT, ASK "
                         "or DESCRIBE (an update with INSERT, DELETE...), after any PREFIX and "
                         "BASE"),
    "object missing": ("SELECT * WHERE {\n  ?s ?p }", 2, 9,
                       "the text cannot be read from `}` on (it would take, among others: "
                       "LATERAL, SERVICE)"),
}


@pytest.mark.parametrize("case", SYNTAX)
def test_a_syntax_error_says_what_and_where_in_words(client, case):
    query, line, column, said = SYNTAX[case]
    response = client.get("/sparql", query_string={"query": query},
                          headers={"Accept": "application/json"})
    check(response, 400, "application/problem+json")
    assert response.get_json() == {
        "type": "about:blank", "title": "Bad Request", "status": 400,
        "detail": f"syntax error: line {line}, column {column}: {said}",
        "line": line, "column": column}
