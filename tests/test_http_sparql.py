"""``/sparql`` over HTTP: a protocol matrix (methods x query forms x Accept x errors) with exact
statuses and Content-Types, bodies parsed back and compared with the curated data."""

import csv
import doctest
import importlib
import io
import json
import threading
import time

import pyoxigraph as ox
import pytest
from helpers import BEARER, TOKEN, check, make

from server.formats import RESULT_FORMATS
from server.query import rowlimit
from server.store import merged

RUSSIA = "https://w3id.org/techties/id/state/russia"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LABELS = {("Russia", "en"), ("Россия", "ru"), ("俄罗斯", "zh")}
SELECT = f"SELECT ?label WHERE {{ <{RUSSIA}> <{RDFS_LABEL}> ?label }}"
CONSTRUCT = f"CONSTRUCT WHERE {{ <{RUSSIA}> <{RDFS_LABEL}> ?label }}"
ASK = f"ASK {{ <{RUSSIA}> <{RDFS_LABEL}> \"Russia\"@en }}"
JSON, XML = "application/sparql-results+json", "application/sparql-results+xml"
CSV, TSV = "text/csv; charset=utf-8", "text/tab-separated-values; charset=utf-8"
TTL = "text/turtle; charset=utf-8"
UPDATE = {"Content-Type": "application/sparql-update"}


def labels_from_results(body: bytes, fmt) -> set:
    rows = ox.parse_query_results(body, fmt)
    return {(row["label"].value, row["label"].language) for row in rows}


# --- queries: forms x formats ------------------------------------------------------------

@pytest.mark.parametrize("accept, content_type, fmt", [
    (None, JSON, ox.QueryResultsFormat.JSON),
    ("*/*", JSON, ox.QueryResultsFormat.JSON),
    (JSON, JSON, ox.QueryResultsFormat.JSON),
    ("application/json", JSON, ox.QueryResultsFormat.JSON),
    (XML, XML, ox.QueryResultsFormat.XML),
    ("text/tab-separated-values", TSV, ox.QueryResultsFormat.TSV),
    ("text/csv;q=0.5, application/sparql-results+xml", XML, ox.QueryResultsFormat.XML),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", XML,
     ox.QueryResultsFormat.XML),
])
def test_select_by_accept(client, accept, content_type, fmt):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", query_string={"query": SELECT}, headers=headers)
    check(response, 200, content_type)
    assert labels_from_results(response.data, fmt) == LABELS


def test_select_as_csv(client):
    response = client.get("/sparql", query_string={"query": SELECT},
                          headers={"Accept": "text/csv"})
    body = check(response, 200, CSV)
    rows = list(csv.reader(io.StringIO(body, newline="")))
    assert rows[0] == ["label"] and {r[0] for r in rows[1:]} == {v for v, _ in LABELS}


@pytest.mark.parametrize("name, content_type", [
    ("json", JSON), ("xml", XML), ("csv", CSV), ("tsv", TSV), (JSON, JSON)])
def test_format_parameter_wins_over_accept(client, name, content_type):
    response = client.get("/sparql", query_string={"query": SELECT, "format": name},
                          headers={"Accept": "text/turtle"})
    check(response, 200, content_type)


@pytest.mark.parametrize("accept, content_type, fmt", [
    (None, TTL, ox.RdfFormat.TURTLE),
    ("text/turtle", TTL, ox.RdfFormat.TURTLE),
    ("application/n-triples", "application/n-triples; charset=utf-8", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", "application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", "application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("application/sparql-results+json;q=1, application/rdf+xml;q=0.5", "application/rdf+xml",
     ox.RdfFormat.RDF_XML),
])
def test_construct_by_accept(client, accept, content_type, fmt):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", query_string={"query": CONSTRUCT}, headers=headers)
    check(response, 200, content_type)
    triples = {(t.subject.value, t.object.value, t.object.language)
               for t in ox.parse(response.data, fmt)}
    assert triples == {(RUSSIA, v, lang) for v, lang in LABELS}


def test_describe_is_a_graph(client):
    response = client.get("/sparql", query_string={"query": f"DESCRIBE <{RUSSIA}>"})
    check(response, 200, TTL)
    graph = list(ox.parse(response.data, ox.RdfFormat.TURTLE))
    assert {t.object.value for t in graph if t.predicate.value == RDFS_LABEL} >= {"Russia"}


@pytest.mark.parametrize("accept, content_type, expected", [
    (None, JSON, b'"boolean":true'),
    (XML, XML, b"<boolean>true</boolean>"),
])
def test_ask(client, accept, content_type, expected):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", query_string={"query": ASK}, headers=headers)
    check(response, 200, content_type)
    assert expected in response.data


@pytest.mark.parametrize("query, accept, available", [
    (SELECT, "text/turtle", "application/sparql-results+json"),
    (CONSTRUCT, JSON, "text/turtle"),
    (ASK, "image/png", "application/sparql-results+json"),
])
def test_not_acceptable_names_what_is_available(client, query, accept, available):
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    body = check(response, 406, "text/plain; charset=utf-8")
    assert available in body


def test_unknown_format_parameter_is_406(client):
    response = client.get("/sparql", query_string={"query": SELECT, "format": "yaml"})
    assert "json" in check(response, 406)


# --- methods and bodies --------------------------------------------------------------------

def test_post_form_and_post_direct(client):
    form = client.post("/sparql", data={"query": SELECT})
    check(form, 200, JSON)
    direct = client.post("/sparql", data=SELECT.encode(),
                         headers={"Content-Type": "application/sparql-query"})
    check(direct, 200, JSON)
    assert labels_from_results(form.data, ox.QueryResultsFormat.JSON) == LABELS
    assert labels_from_results(direct.data, ox.QueryResultsFormat.JSON) == LABELS


@pytest.mark.parametrize("content_type, body, status, message", [
    ("text/plain", b"ASK {}", 415, "POST a query as application/sparql-query"),
    (None, b"query=ASK%20%7B%7D", 415, "(update=); the request has no Content-Type"),
    ("application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16"), 415,
     "must be UTF-8; the request has Content-Type application/sparql-query; charset=UTF-16"),
    ("application/sparql-query", b"ASK { \xff }", 400, "the body is not UTF-8"),
    ("application/x-www-form-urlencoded", b"query=ASK%7B%7D&query=ASK%7B%7D", 400,
     "exactly one query or one update"),
    ("application/x-www-form-urlencoded", b"query=ASK%7B%7D&update=CLEAR%20ALL", 400,
     "exactly one query or one update"),
])
def test_bad_posts(client, content_type, body, status, message):
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.post("/sparql", data=body, headers=headers)
    assert message in check(response, status, "text/plain; charset=utf-8")


def test_two_query_parameters_are_refused(client):
    response = client.get("/sparql?query=ASK%7B%7D&query=SELECT%20*%7B%7D")
    assert check(response, 400) == (
        "the query is given twice: send it once, in the URL (GET), in a form (query= or "
        "update=) or as the body (POST)\n")


def test_other_methods_are_405(client):
    response = client.put("/sparql?query=ASK%7B%7D")
    check(response, 405)
    assert "GET" in response.headers["Allow"] and "POST" in response.headers["Allow"]


def test_syntax_error_is_400_with_position_and_no_trace(client):
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE {\n  ?s ?p }"})
    body = check(response, 400, "text/plain; charset=utf-8")
    assert body == ("syntax error: line 2, column 9: the text cannot be read from `}` on (it "
                    "would take, among others: LATERAL, SERVICE)\n")
    assert "Traceback" not in body and "/tmp" not in body and len(body) < 700


def test_query_too_large_is_413(client):
    big = "ASK {} #" + "x" * (1024 * 1024 + 10)
    response = client.post("/sparql", data=big.encode(),
                           headers={"Content-Type": "application/sparql-query"})
    check(response, 413)


# --- dataset: union, protocol-given graphs ---------------------------------------------

ONTOLOGY_GRAPH = "https://w3id.org/techties/graph/ontology"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def count(response) -> int:
    check(response, 200, JSON)
    return int(json.loads(response.data)["results"]["bindings"][0]["n"]["value"])


def test_default_graph_is_the_union(client, db):
    union = count(client.get("/sparql", query_string={"query": COUNT}))
    expected = int(next(iter(db.query(COUNT, **merged.union(db))))["n"].value)
    assert union == expected > 5000


def test_union_off_gives_the_stores_default_graph(store_path):
    client = make(store_path, union_default_graph=False)
    assert count(client.get("/sparql", query_string={"query": COUNT})) == 0


def test_default_graph_uri_and_named_graph_uri(client, db):
    in_ontology = int(next(iter(db.query(
        f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}")))["n"].value)
    response = client.get("/sparql", query_string={"query": COUNT,
                                                   "default-graph-uri": ONTOLOGY_GRAPH})
    assert count(response) == in_ontology
    response = client.get("/sparql", query_string={
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        "named-graph-uri": ONTOLOGY_GRAPH})
    rows = json.loads(response.data)["results"]["bindings"]
    assert [r["g"]["value"] for r in rows] == [ONTOLOGY_GRAPH]


def test_dataset_parameter_must_be_an_iri(client):
    response = client.get("/sparql", query_string={"query": COUNT, "default-graph-uri": "x y"})
    assert "default-graph-uri must be an absolute IRI" in check(response, 400)


# --- updates: the write token ------------------------------------------------------------

INSERT = ("INSERT DATA { GRAPH <https://w3id.org/techties/graph/test> { "
          "<https://w3id.org/techties/id/test/x> <http://www.w3.org/2000/01/rdf-schema#label> "
          "\"x\"@en, \"42\"^^<http://www.w3.org/2001/XMLSchema#integer> ; "
          "<http://e/p> _:b . _:b <http://e/q> \"multi\\nline\" } }")
ASK_X = "ASK { <https://w3id.org/techties/id/test/x> ?p ?o }"


def ask(client, query=ASK_X) -> bool:
    response = client.get("/sparql", query_string={"query": query})
    check(response, 200, JSON)
    return json.loads(response.data)["boolean"]


@pytest.mark.parametrize("token, headers, status, message", [
    (TOKEN, {}, 401, "writes need the write token"),
    (TOKEN, {"Authorization": "Bearer wrong"}, 403, "wrong write token"),
    (TOKEN, {"Authorization": "Basic czNjcmV0"}, 401, "writes need the write token"),
    (None, BEARER, 403, "no write token is configured"),
])
def test_update_needs_the_token(store_copy, token, headers, status, message):
    client = make(store_copy, write_token=token)
    response = client.post("/sparql", data=INSERT.encode(), headers={**UPDATE, **headers})
    assert message in check(response, status)
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert not ask(client)


def test_update_with_token_changes_the_store(unvalidated):
    client = unvalidated.test_client()
    assert not ask(client)
    check(client.post("/sparql", data=INSERT.encode(), headers={**UPDATE, **BEARER}), 204)
    assert ask(client)
    # every term kind comes back as it went in: language tag, datatype, blank node, newline
    query = ("SELECT ?o ?b ?v WHERE { <https://w3id.org/techties/id/test/x> ?p ?o . "
             "OPTIONAL { ?o <http://e/q> ?v } BIND (isBlank(?o) AS ?b) }")
    for fmt, media in ((ox.QueryResultsFormat.JSON, JSON), (ox.QueryResultsFormat.XML, XML)):
        rows = ox.parse_query_results(client.get("/sparql", query_string={"query": query},
                                                 headers={"Accept": media}).data, fmt)
        seen = {(type(r["o"]).__name__, r["v"].value if r["v"] else None) for r in rows}
        assert seen == {("Literal", None), ("BlankNode", "multi\nline")}
    form = client.post("/sparql", data={"update": "DROP GRAPH <https://w3id.org/techties/graph/"
                                                  "test>"}, headers=BEARER)
    check(form, 204)
    assert not ask(client)


def test_update_by_get_is_refused(writable):
    client = writable.test_client()
    response = client.get("/sparql", query_string={"update": INSERT}, headers=BEARER)
    assert "must be sent by POST" in check(response, 400)
    assert not ask(client)


def test_update_syntax_error_changes_nothing(writable):
    client = writable.test_client()
    response = client.post("/sparql", data=(INSERT + " ; CLEAR XYZ").encode(),
                           headers={**UPDATE, **BEARER})
    assert check(response, 400).startswith("syntax error: line 1, column ")
    assert not ask(client)


def test_using_graph_uri(unvalidated):
    client = unvalidated.test_client()
    update = ("INSERT { GRAPH <https://w3id.org/techties/graph/test> { ?s a <http://e/C> } } "
              "WHERE { ?s a <http://www.w3.org/2002/07/owl#Class> }")
    check(client.post("/sparql?using-graph-uri=" + ONTOLOGY_GRAPH, data=update.encode(),
                      headers={**UPDATE, **BEARER}), 204)
    assert ask(client, "ASK { GRAPH <https://w3id.org/techties/graph/test> { "
                       "<https://w3id.org/techties/ontology#State> a <http://e/C> } }")
    conflict = client.post("/sparql?using-graph-uri=" + ONTOLOGY_GRAPH,
                           data=b"WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
                           headers={**UPDATE, **BEARER})
    assert "its own WITH clause" in check(conflict, 400)


# --- no request makes the server fetch a URL it was not configured to fetch --------------

@pytest.mark.parametrize("template, message", [
    ("SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}", "is not on the allow-list"),
    ("SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}", "is not on the allow-list"),
    ("PREFIX e: <{base}> SELECT * WHERE {{ service e:sparql {{ ?s ?p ?o }} }}",
     "is not on the allow-list"),
    ("SELECT * WHERE {{ BIND (<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
     "SERVICE on a variable is refused"),
    ("SELECT * WHERE {{ SERVIC\\u0045 <{url}> {{ ?s ?p ?o }} }}", "is not on the allow-list"),
])
def test_service_not_on_the_allowlist_is_refused_before_any_fetch(client, listener, template,
                                                                  message):
    url, hits = listener.url, listener.hits
    query = template.format(url=url, base=url.removesuffix("sparql"))
    response = client.get("/sparql", query_string={"query": query})
    assert message in check(response, 400)
    assert hits == []


def test_service_on_the_allowlist_is_called(store_path, listener):
    url, hits = listener.url, listener.hits
    client = make(store_path, service_allowlist=(url,), service_timeout=5)
    response = client.get("/sparql", query_string={
        "query": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"})
    check(response, 400)  # the listener answers 500: the query fails, after one call
    assert len(hits) == 1


def test_the_word_service_in_strings_and_iris_is_not_a_call(client):
    query = ('SELECT ?x WHERE { BIND ("SERVICE <http://e/>" AS ?x) '
             'FILTER (?x != <http://e/SERVICE>) } # SERVICE <http://e/>')
    check(client.get("/sparql", query_string={"query": query}), 200, JSON)


def test_load_is_refused_before_any_fetch(writable, listener):
    url, hits = listener.url, listener.hits
    client = writable.test_client()
    response = client.post("/sparql", data=f"LOAD <{url}> INTO GRAPH <http://e/g>".encode(),
                           headers={**UPDATE, **BEARER})
    assert "LOAD <" in check(response, 400)
    assert hits == []


# --- isolation: timeouts, crashes, row limit ---------------------------------------------

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.mark.slow
def test_runaway_query_times_out_while_others_are_served(store_path):
    client = make(store_path, query_timeout=4, query_workers=2)
    check(client.get("/sparql", query_string={"query": ASK}), 200)  # a worker is warm
    outcome = {}

    def runaway():
        response = make(store_path, query_timeout=4).get("/sparql",
                                                         query_string={"query": CARTESIAN})
        outcome.update(status=response.status_code, body=response.get_data(as_text=True),
                       retry=response.headers.get("Retry-After"))

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)  # the runaway is under way
    health = client.get("/health")
    check(health, 200, "application/json")
    assert json.loads(health.data)["status"] == "ok"
    light = client.get("/sparql", query_string={"query": ASK})
    check(light, 200, JSON)
    assert thread.is_alive() and outcome == {}, "the others are answered while it runs"
    thread.join(60)
    assert not thread.is_alive()
    assert (outcome["status"], outcome["retry"]) == (503, "4"), outcome
    assert outcome["body"] == ("the query did not finish within 4 s and was stopped by "
                               "TECHTIES_QUERY_TIMEOUT\n")
    check(client.get("/sparql", query_string={"query": ASK}), 200)  # and it goes on


@pytest.mark.parametrize("query, depth", [
    ("SELECT * WHERE " + "{" * 10000 + "}" * 10000, 10000),
    ("SELECT * WHERE { FILTER (" + "(" * 10000 + "1" + ")" * 10000 + ") }", 10002),
])
def test_deeply_nested_query_is_refused_before_the_engine(client, query, depth):
    # The engine would crash on it (pyoxigraph overflows its stack); it never sees it.
    response = client.post("/sparql", data={"query": query})
    assert check(response, 400, "text/plain; charset=utf-8") == (
        f"the query nests {depth} levels deep; a query may nest at most 200 levels (each "
        "bracket counts one, and so does each UNION, OPTIONAL, MINUS, || or && in a chain)\n")
    check(client.get("/sparql", query_string={"query": ASK}), 200, JSON)


def test_deeply_nested_update_is_refused(writable):
    client = writable.test_client()
    update = "INSERT DATA { " + "(" * 10000 + ")" * 10000 + " }"
    response = client.post("/sparql", data={"update": update}, headers=BEARER)
    assert check(response, 400).startswith("the update nests 10001 levels deep; an update")


@pytest.mark.parametrize("accept", [JSON, XML, "text/csv", "text/tab-separated-values",
                                    "text/turtle", "application/ld+json"])
def test_row_limit_is_signalled(store_path, accept):
    client = make(store_path, row_limit=7)
    query = ("CONSTRUCT WHERE { ?s ?p ?o }" if accept in ("text/turtle", "application/ld+json")
             else "SELECT * WHERE { ?s ?p ?o }")
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    check(response, 200)
    assert response.headers["X-Result-Truncated"] == "7"
    marker = b"# truncated at the row limit of 7 rows: http://localhost/help/row-limit"
    if accept in ("text/csv", "text/tab-separated-values"):
        rows, last = response.data.rstrip(b"\r\n").rsplit(b"\n", 1)
        assert last == marker
    if accept == "text/csv":
        assert len(list(csv.reader(io.StringIO(rows.decode() + "\n", newline="")))) == 8
    elif accept in ("text/turtle", "application/ld+json"):
        fmt = ox.RdfFormat.TURTLE if accept == "text/turtle" else ox.RdfFormat.JSON_LD
        assert len(list(ox.parse(response.data, fmt))) == 7
    else:  # strict parsers read a cut answer, marker and all (TSV: the rows before it)
        fmt = {JSON: ox.QueryResultsFormat.JSON, XML: ox.QueryResultsFormat.XML}.get(
            accept, ox.QueryResultsFormat.TSV)
        data = rows + b"\n" if accept == "text/tab-separated-values" else response.data
        assert len(list(ox.parse_query_results(data, fmt))) == 7
    small = client.get("/sparql", query_string={"query": SELECT})
    check(small, 200)
    assert "X-Result-Truncated" not in small.headers


@pytest.mark.parametrize("name", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("rows, limit, hold", [
    (5, 5, 1 << 20),  # within the limit: passed as it is, unscanned
    (5, 4, 1 << 20),  # past it: scanned and cut
    (5, 5, 10),  # within the limit but longer than ``hold``: scanned, not cut
    (3, 5, 1 << 20),  # values that hold every format's row marker: a bound, then a scan
])
def test_row_limit_exact_with_or_without_a_scan(name, rows, limit, hold):
    db = ox.Store()
    tricky = 'a},{"b\n<result>\r\nc' if rows == 3 else "x"
    for i in range(rows):
        db.add(ox.Quad(ox.NamedNode(f"http://e/{i}"), ox.NamedNode("http://e/p"),
                       ox.Literal(tricky + str(i))))
    fmt = RESULT_FORMATS[name]
    out = io.BytesIO()
    cut = rowlimit.write_solutions(db.query("SELECT ?s ?o { ?s ?p ?o }"), fmt, out, limit, hold)
    parsed = list(ox.parse_query_results(out.getvalue(), fmt.oxigraph)) if name != "csv" else \
        list(csv.reader(io.StringIO(out.getvalue().decode(), newline="")))[1:]
    assert (cut, len(parsed)) == (rows > limit, min(rows, limit))
    if not cut:
        whole = io.BytesIO()
        db.query("SELECT ?s ?o { ?s ?p ?o }").serialize(whole, fmt.oxigraph)
        assert out.getvalue() == whole.getvalue()


@pytest.mark.parametrize("name, marker", sorted(rowlimit.Gate.MARKERS.items()))
def test_the_gate_counts_each_row_once_however_the_answer_is_written(name, marker):
    """Rows written a piece at a time (as pyoxigraph's serializer writes them) are counted
    once each, a marker split across two writes too: an answer within the limit passes
    unscanned and whole."""
    out = io.BytesIO()
    gate = rowlimit.Gate(name, out, 60, 1 << 20)
    pieces = [b"r%d" % i + marker for i in range(50)]
    for piece in pieces:
        for at in range(0, len(piece), 2):  # markers cut in two
            gate.write(piece[at:at + 2])
    gate.finish()
    assert (gate.cut, gate.bound, out.getvalue()) == (None, 51, b"".join(pieces))


THREE = "SELECT ?n WHERE { VALUES ?n { 1 2 3 } } ORDER BY ?n"
INT = "http://www.w3.org/2001/XMLSchema#integer"
HELP = "http://localhost/help/row-limit"


@pytest.mark.parametrize("accept, body", [
    (JSON, '{"head":{"vars":["n"],"link":["' + HELP + '"]},"results":{"bindings":['
           '{"n":{"type":"literal","value":"1","datatype":"' + INT + '"}},'
           '{"n":{"type":"literal","value":"2","datatype":"' + INT + '"}}]}}'),
    (XML, '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
          '<head><variable name="n"/><link href="' + HELP + '"/></head><results>'
          '<result><binding name="n"><literal datatype="' + INT + '">1</literal></binding>'
          '</result><result><binding name="n"><literal datatype="' + INT + '">2</literal>'
          '</binding></result><!-- truncated at the row limit --></results></sparql>'),
    ("text/csv", "n\r\n1\r\n2\r\n# truncated at the row limit of 2 rows: " + HELP + "\r\n"),
    ("text/tab-separated-values",
     "?n\n1\n2\n# truncated at the row limit of 2 rows: " + HELP + "\n"),
])
def test_a_cut_answer_says_so_in_its_body(store_path, accept, body):
    client = make(store_path, row_limit=2)
    response = client.get("/sparql", query_string={"query": THREE}, headers={"Accept": accept})
    assert check(response, 200) == body
    assert response.headers["X-Result-Truncated"] == "2"


@pytest.mark.parametrize("accept, body", [
    (JSON, '{"head":{"vars":["n"]},"results":{"bindings":['
           '{"n":{"type":"literal","value":"1","datatype":"' + INT + '"}},'
           '{"n":{"type":"literal","value":"2","datatype":"' + INT + '"}},'
           '{"n":{"type":"literal","value":"3","datatype":"' + INT + '"}}]}}'),
    ("text/csv", "n\r\n1\r\n2\r\n3\r\n"),
    ("text/tab-separated-values", "?n\n1\n2\n3\n"),
])
def test_an_answer_at_the_limit_is_whole_and_unmarked(store_path, accept, body):
    client = make(store_path, row_limit=3)
    response = client.get("/sparql", query_string={"query": THREE}, headers={"Accept": accept})
    assert check(response, 200) == body
    assert "X-Result-Truncated" not in response.headers


def test_the_marker_links_to_a_page_on_the_limit(store_path):
    client = make(store_path, row_limit=2)
    page = check(client.get("/help/row-limit"), 200, "text/html; charset=utf-8")
    assert "holds at most <strong>2</strong>" in page
    assert "LIMIT 2 OFFSET" in page


# --- service description (CORS: test_http_cors.py) ------------------------------------------

def test_service_description(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    check(response, 200, TTL)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    triples = {(t.subject.value, t.predicate.value, t.object.value)
               for t in ox.parse(response.data, ox.RdfFormat.TURTLE)}
    endpoint = "http://localhost/sparql"
    assert (endpoint, sd + "endpoint", endpoint) in triples
    assert (endpoint, sd + "feature", sd + "UnionDefaultGraph") in triples
    assert (endpoint, sd + "supportedLanguage", sd + "SPARQL11Update") in triples


def test_browsers_asking_the_endpoint_go_to_the_ui(client):
    response = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"})
    check(response, 303)
    assert response.headers["Location"] == "/"


def test_load_silent_of_a_refused_url_does_nothing(unvalidated, listener):
    url, hits = listener.url, listener.hits
    client = unvalidated.test_client()
    response = client.post("/sparql", data=f"LOAD SILENT <{url}> INTO GRAPH <http://e/g>".encode(),
                           headers={**UPDATE, **BEARER})
    check(response, 204)
    assert hits == []
    assert not ask(client, "ASK { GRAPH <http://e/g> { ?s ?p ?o } }")


@pytest.mark.parametrize("module", ["query.guard", "query.rowlimit", "web.charts", "query.workers",
                                    "web.shapedoc", "web.relations"])
def test_docstring_examples(module):
    assert doctest.testmod(importlib.import_module(f"server.{module}")).failed == 0
