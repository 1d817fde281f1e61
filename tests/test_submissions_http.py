"""``/submissions`` over HTTP: a protocol matrix of statuses, then the store read back."""

import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from helpers import TOKEN, billion_laughs, check, detail, make_app

from server import store
from server.submission import offload

DATA = Path(__file__).parent / "data" / "submissions"
MEMO = "https://w3id.org/techties/id/instrument/example-memorandum-on-ai"
TURTLE = {"Content-Type": "text/turtle"}
CURATOR = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def client(writable):
    """Every test here writes (submission records beside the store): the writable app's."""
    return writable.test_client()


def body(response) -> str:
    return response.get_data(as_text=True)


def ask(client, query: str) -> bool:
    """Ask the store as the app's readers see it: a checkpoint of the store on disk, taken
    after every write (opening the live store read-only beside the app's own read-write
    handle is undefined in RocksDB, and sometimes failed; kill -9 durability is
    tests/test_submissions_crash.py's)."""
    with client.application.extensions["techties.dataset"].reader() as db:
        return bool(db.query(query, use_default_graph_as_union=True))


def post(client, name: str, content_type: str = "text/turtle", **headers):
    return client.post("/submissions", data=(DATA / name).read_bytes(),
                       headers={"Content-Type": content_type, **headers})


# --- POST /submissions ----------------------------------------------------------------------

@pytest.mark.parametrize("name, content_type", [
    ("valid.ttl", "text/turtle"),
    ("valid.ttl", "text/turtle; charset=utf-8"),
    ("company-party.jsonld", "application/ld+json"),
    ("valid.rdf", "application/rdf+xml"),
])
def test_valid_submission_is_pending(client, name, content_type):
    response = post(client, name, content_type)
    check(response, 201)
    record = response.get_json()
    assert response.headers["Location"] == f"/submissions/{record['id']}"
    assert (record["status"], record["submitter"], record["report"]["conforms"]) == (
        "pending", "anonymous", True)
    assert record["sha256"].startswith("sha256:")


def test_ntriples_submission(client):
    turtle = (DATA / "valid.ttl").read_bytes()
    nt = ox.serialize(ox.parse(turtle, ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES)
    response = client.post("/submissions", data=nt,
                           headers={"Content-Type": "application/n-triples"})
    check(response, 201)
    assert response.get_json()["triples"] == 92


def test_an_accept_nothing_satisfies_is_406_and_records_nothing(client):
    response = post(client, "valid.ttl", Accept="image/png")
    check(response, 406)
    assert client.get("/submissions").get_json() == {"submissions": []}
    sid = post(client, "valid.ttl").get_json()["id"]
    refused = client.post(f"/submissions/{sid}/accept", headers={**CURATOR, "Accept": "image/png"})
    check(refused, 406)
    assert client.get(f"/submissions/{sid}").get_json()["status"] == "pending"


def test_pending_is_not_queried(client, store_copy):
    check(post(client, "valid.ttl"), 201)
    assert not ask(client, f"ASK {{ <{MEMO}> ?p ?o }}")


@pytest.mark.parametrize("data, content_type, status, message", [
    (b"@prefix ex: <http://ex/> .\nex:a ex:b", "text/turtle", 400,
     "the submission cannot be read: line 2, column 10: Unexpected end"),
    (b"", "text/turtle", 400, "the submission cannot be read: the submission is empty: "
                              "send at least one triple"),
    (b"a,b\n1,2\n", "text/csv", 415, "a submission is RDF: send it as one of text/turtle, "
                                     "application/n-triples, application/ld+json, "
                                     "application/rdf+xml, application/n-quads, "
                                     "application/trig; the request has Content-Type "
                                     "text/csv"),
    (b'{"@context": "https://example.org/c", "@id": "http://a"}', "application/ld+json", 400,
     "the submission cannot be read: the remote JSON-LD context https://example.org/c is "
     "refused: techties never fetches a URL named in a submission. Put the context inline "
     "(an object under \"@context\"), or use one that is kept here (http://schema.org, "
     "https://schema.org)"),
])
def test_bad_bodies(client, store_copy, data, content_type, status, message):
    response = client.post("/submissions", data=data, headers={"Content-Type": content_type,
                                                               "Accept": "application/json"})
    check(response, status)
    assert detail(response) == message
    assert client.get("/submissions").get_json() == {"submissions": []}


def test_parse_error_carries_line_and_column(client):
    response = client.post("/submissions", data=b"@prefix ex: <http://ex/> .\nex:a ex:b",
                           headers=TURTLE)
    check(response, 400)
    assert {k: response.get_json()[k] for k in ("line", "column")} == {"line": 2, "column": 10}
    assert detail(response).startswith("the submission cannot be read: line 2, column 10")


def test_problems_carry_what_the_client_needs(client, store_copy):
    """The extension members of the problem details: the types a submission may be sent as,
    the submission a decision conflicts with (and the limit: test_too_large_is_413)."""
    unsupported = client.post("/submissions", data=b"a,b", headers={"Content-Type": "text/csv"})
    check(unsupported, 415)
    assert unsupported.get_json()["accepted"][:2] == ["text/turtle", "application/n-triples"]
    sid = post(client, "valid.ttl").get_json()["id"]
    check(client.post(f"/submissions/{sid}/reject", headers=CURATOR, data={"reason": "x"}), 200)
    conflict = client.post(f"/submissions/{sid}/accept", headers=CURATOR)
    check(conflict, 409)
    assert conflict.get_json()["submission"] == sid
    assert detail(conflict) == f"submission {sid} is rejected, not pending"


@pytest.mark.parametrize("accept, media_type, text", [
    (None, "application/problem+json", '"detail": "status must be one of'),
    ("*/*", "application/problem+json", '"detail": "status must be one of'),
    ("application/json", "application/problem+json", '"title": "Bad Request"'),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html",
     "<h1>400 Bad Request</h1>"),
    ("text/plain", "text/plain", "status must be one of pending, accepted, rejected, not "
                                 "'maybe'\n"),
])
def test_an_error_in_the_form_the_client_prefers(client, accept, media_type, text):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/submissions?status=maybe", headers=headers)
    check(response, 400)
    assert response.mimetype == media_type
    assert text in body(response)
    if media_type == "text/html":
        assert '<header class="site">' in body(response)  # the site's layout


def test_billion_laughs_over_http(client):
    response = client.post("/submissions", data=billion_laughs(),
                           headers={"Content-Type": "application/rdf+xml"})
    check(response, 400)
    assert "declares entities" in detail(response)


def test_too_large_is_413(store_copy):
    client = make_app(store_copy, submission_max_bytes=1000).test_client()
    response = post(client, "company-party.jsonld", "application/ld+json")
    check(response, 413)
    assert detail(response).endswith("the limit is 1000 bytes")
    assert response.get_json()["limit"] == 1000
    # no Content-Length (as with chunked transfer): the limit holds while reading
    chunked = client.post("/submissions", headers={"Content-Type": "application/ld+json"},
                          input_stream=io.BytesIO((DATA / "company-party.jsonld").read_bytes()))
    check(chunked, 413)


def test_invalid_is_422_and_recorded_as_rejected(client, store_copy):
    response = post(client, "invalid.ttl", Accept="application/json")
    check(response, 422)
    record = response.get_json()
    assert record["status"] == "rejected"
    problems = {(r["focus"], r["path"], r["value"]) for r in record["report"]["results"]}
    assert problems == {("in:example-bad-memorandum", "tt:party", "st:atlantis"),
                        ("in:example-bad-memorandum", "tt:party",
                         "tech:artificial-intelligence")}
    kept = client.get(response.headers["Location"]).get_json()
    assert (kept["status"], kept["report"]) == ("rejected", record["report"])
    assert not ask(client, "ASK { <https://w3id.org/techties/id/instrument/"
                         "example-bad-memorandum> ?p ?o }")


@pytest.mark.parametrize("accept, fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                         ("application/ld+json", ox.RdfFormat.JSON_LD)])
def test_422_report_as_shacl_rdf(client, accept, fmt):
    response = post(client, "invalid.ttl", Accept=accept)
    check(response, 422)
    assert response.mimetype == accept
    db = ox.Store()
    db.load(response.get_data(), fmt)
    rows = db.query("""PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?focus ?path ?value { ?r a sh:ValidationReport ; sh:conforms false ;
          sh:result [ sh:focusNode ?focus ; sh:resultPath ?path ; sh:value ?value ] }
        ORDER BY ?value""")
    assert [(r["focus"].value, r["path"].value, r["value"].value) for r in rows] == [
        ("https://w3id.org/techties/id/instrument/example-bad-memorandum",
         "https://w3id.org/techties/ontology#party",
         "https://w3id.org/techties/id/state/atlantis"),
        ("https://w3id.org/techties/id/instrument/example-bad-memorandum",
         "https://w3id.org/techties/ontology#party",
         "https://w3id.org/techties/id/technology/artificial-intelligence")]


def test_422_report_as_a_page_for_browsers(client):
    response = post(client, "invalid.ttl",
                    Accept="text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    check(response, 422)
    assert response.mimetype == "text/html"
    page = body(response)
    assert "Does not conform" in page
    assert "in:example-bad-memorandum" in page and "st:atlantis is not known to techties." in page
    assert '<td data-label="property"><code>tt:party</code></td>' in page
    assert '<header class="site">' in page and 'href="/static/site.css"' in page  # the site's


def test_named_graph_is_refused(client):
    trig = (b"@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            b"<https://w3id.org/techties/graph/instances/common> {\n"
            b"  <https://w3id.org/techties/id/state/russia> rdfs:label \"Mine\"@en .\n}\n")
    response = client.post("/submissions", data=trig,
                           headers={"Content-Type": "application/trig"})
    check(response, 422)
    rules = [r["rule"] for r in response.get_json()["report"]["results"]]
    assert "https://w3id.org/techties/submission-rule/named-graph" in rules


# --- contributor tokens ---------------------------------------------------------------------

def test_contributor_token_names_the_submitter(store_copy):
    client = make_app(store_copy, contributor_tokens=("alice:a-token",)).test_client()
    response = post(client, "valid.ttl", Authorization="Bearer a-token")
    check(response, 201)
    assert response.get_json()["submitter"] == "alice"
    wrong = post(client, "valid.ttl", Authorization="Bearer wrong")
    check(wrong, 403)
    assert detail(wrong) == "this token is not a contributor token"
    check(post(client, "valid.ttl"), 201)  # open to anyone by default
    curator = post(client, "valid.ttl", **CURATOR)
    check(curator, 201)
    assert curator.get_json()["submitter"] == "curator"


def test_contributor_token_can_be_required(store_copy):
    client = make_app(store_copy, contributor_tokens=("alice:a-token",),
                      require_contributor_token=True).test_client()
    response = post(client, "valid.ttl")
    check(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert detail(response) == ("submissions need a contributor token: send "
                                "Authorization: Bearer <token>")
    check(post(client, "valid.ttl", Authorization="Bearer a-token"), 201)


# --- reading --------------------------------------------------------------------------------

def test_list_and_filter(client):
    good = post(client, "valid.ttl").get_json()["id"]
    bad = post(client, "invalid.ttl").get_json()["id"]
    everything = client.get("/submissions").get_json()["submissions"]
    assert [(s["id"], s["status"]) for s in everything] == sorted(
        [(good, "pending"), (bad, "rejected")])
    pending = client.get("/submissions?status=pending").get_json()["submissions"]
    assert [s["id"] for s in pending] == [good]
    check(client.get("/submissions?status=maybe"), 400)
    page = client.get("/submissions", headers={"Accept": "text/html"})
    assert page.mimetype == "text/html" and good in body(page)
    pending_page = client.get("/submissions?status=pending", headers={"Accept": "text/html"})
    check(pending_page, 200)
    assert "<h1>Submissions: pending</h1>" in body(pending_page) and bad not in body(pending_page)


def test_show_in_every_form(client):
    record = post(client, "valid.ttl").get_json()
    url = f"/submissions/{record['id']}"
    shown = client.get(url).get_json()
    for key in ("status", "received", "submitter", "sha256", "triples", "report", "decision"):
        assert shown[key] == record[key]
    page = client.get(url, headers={"Accept": "text/html"})
    assert page.mimetype == "text/html" and record["sha256"] in body(page)
    trig = client.get(url, headers={"Accept": "application/trig"})
    check(trig, 200)
    db = ox.Store()
    db.load(trig.get_data(), ox.RdfFormat.TRIG)
    graph = record["graph"]
    assert bool(db.query(f"""PREFIX prov: <http://www.w3.org/ns/prov#>
        ASK {{ <{graph}> a prov:Entity ; prov:wasGeneratedBy ?act ; prov:wasAttributedTo ?who .
               ?act a prov:Activity . ?who a prov:Agent . }}"""))
    count = db.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert int(next(iter(count))["n"].value) == record["triples"]
    assert client.get(url, query_string={"format": "ttl"}).mimetype == "text/turtle"
    refused = client.get(url, headers={"Accept": "image/png"})
    check(refused, 406)
    assert detail(refused).startswith("none of the media types in Accept can be served here; "
                                      "available: application/json, text/html, text/turtle")
    check(client.get("/submissions/20990101-000000-00000000"), 404)
    check(client.get("/submissions/..%2f..%2fetc"), 404)


def test_data(client):
    record = post(client, "valid.ttl").get_json()
    response = client.get(f"/submissions/{record['id']}/data")
    check(response, 200)
    assert response.mimetype == "application/n-triples"
    assert len(body(response).splitlines()) == record["triples"]
    turtle = client.get(f"/submissions/{record['id']}/data", headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle"


# --- curators -------------------------------------------------------------------------------

NO_WRITE_TOKEN = ("curator decisions are refused: no write token is configured "
                  "(TECHTIES_WRITE_TOKEN)")


@pytest.mark.parametrize("token, configured, status, message", [
    (None, TOKEN, 401, "curator decisions need the write token: send "
                       "Authorization: Bearer <token>"),
    ("wrong", TOKEN, 403, "wrong write token"),
    (TOKEN, None, 403, NO_WRITE_TOKEN),
    (None, None, 403, NO_WRITE_TOKEN)])
def test_decisions_need_the_write_token(store_copy, token, configured, status, message):
    client = make_app(store_copy, write_token=configured).test_client()
    sid = post(client, "valid.ttl").get_json()["id"]
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    for action in ("accept", "reject"):
        response = client.post(f"/submissions/{sid}/{action}", data={"reason": "r"},
                               headers=headers)
        check(response, status)
        assert detail(response) == message
    assert client.get(f"/submissions/{sid}").get_json()["status"] == "pending"


def test_accept_then_query(client, store_copy):
    sid = post(client, "valid.ttl").get_json()["id"]
    graph = f"https://w3id.org/techties/graph/submission/{sid}"
    assert not ask(client, f"ASK {{ <{MEMO}> ?p ?o }}")
    response = client.post(f"/submissions/{sid}/accept", headers=CURATOR,
                           json={"reason": "the quote checks out"})
    check(response, 200)
    record = response.get_json()
    assert (record["status"], record["decision"]["reason"], record["decision"]["by"]) == (
        "accepted", "the quote checks out", "curator")
    # the union sees it; GRAPH reaches it; its provenance is there; and it counts whole
    assert ask(client, f"ASK {{ <{MEMO}> a <https://w3id.org/techties/ontology#Memorandum> ; "
                     "<https://w3id.org/techties/ontology#party> "
                     "<https://w3id.org/techties/id/state/russia> }")
    db = store.open_store(store_copy, read_only=True)
    count = db.query(f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert int(next(iter(count))["n"].value) == record["triples"] == 92
    assert ask(client, f"""PREFIX prov: <http://www.w3.org/ns/prov#>
        ASK {{ GRAPH <https://w3id.org/techties/graph/submissions> {{
          ?acceptance prov:used <{graph}> ; prov:endedAtTime ?t ;
                      prov:wasAssociatedWith ?c }} }}""")
    # inferred types, as for the curated data: a Memorandum is an Agreement
    assert ask(client, f"ASK {{ <{MEMO}> a <https://w3id.org/techties/ontology#Agreement> }}")
    check(client.post(f"/submissions/{sid}/accept", headers=CURATOR), 409)
    check(client.post(f"/submissions/{sid}/reject", headers=CURATOR, data={"reason": "x"}), 409)


def test_accepted_data_is_seen_by_the_sparql_endpoint(client):
    sid = post(client, "valid.ttl").get_json()["id"]
    check(client.post(f"/submissions/{sid}/accept", headers=CURATOR), 200)
    response = client.get("/sparql", query_string={"query": f"ASK {{ <{MEMO}> ?p ?o }}"},
                          headers={"Accept": "application/sparql-results+json"})
    check(response, 200)
    assert response.get_json()["boolean"] is True


def test_reject(client, store_copy):
    sid = post(client, "valid.ttl").get_json()["id"]
    check(client.post(f"/submissions/{sid}/reject", headers=CURATOR), 400)
    response = client.post(f"/submissions/{sid}/reject", headers=CURATOR,
                           data={"reason": "duplicate"})
    check(response, 200)
    assert (response.get_json()["status"], response.get_json()["decision"]["reason"]) == (
        "rejected", "duplicate")
    assert not ask(client, f"ASK {{ <{MEMO}> ?p ?o }}")
    check(client.post(f"/submissions/{sid}/accept", headers=CURATOR), 409)
    check(client.post("/submissions/20990101-000000-00000000/accept", headers=CURATOR), 404)


def test_auto_policy_accepts_on_conformance(store_copy):
    client = make_app(store_copy, submission_policy="auto").test_client()
    response = post(client, "valid.ttl")
    check(response, 201)
    record = response.get_json()
    assert (record["status"], record["decision"]["by"]) == ("accepted", "auto")
    assert ask(client, f"ASK {{ <{MEMO}> ?p ?o }}")
    check(post(client, "invalid.ttl"), 422)


def test_report_json_body_is_the_record(client):
    response = post(client, "invalid.ttl")
    assert json.loads(body(response))["id"] in response.headers["Location"]


def test_no_store_is_503(tmp_path):
    client = make_app(tmp_path / "no-store").test_client()
    response = post(client, "valid.ttl")
    check(response, 503)
    assert detail(response).startswith("the store is unavailable: no store at ")
    assert str(tmp_path) not in body(response)  # no local path


@pytest.mark.slow
def test_a_check_past_the_validation_timeout_is_stopped_and_records_nothing(store_copy):
    app = make_app(store_copy, validation_timeout=1.0)
    client = app.test_client()
    head, memo = (DATA / "valid.ttl").read_text().split("\nin:", 1)
    big = head + "".join(f"\nin:{memo}".replace("example-memorandum-on-ai", f"memo-{i}")
                         for i in range(400))  # 4,000 triples: some seconds of checking
    response = client.post("/submissions", data=big.encode(), headers=TURTLE)
    check(response, 503)
    assert detail(response) == (
        "the submission could not be checked within 1 s (TECHTIES_VALIDATION_TIMEOUT): send "
        "it in smaller parts")
    assert client.get("/submissions", headers={"Accept": "application/json"}).get_json()[
        "submissions"] == []
    # its worker was killed and replaced: the next submission is checked as usual (given the
    # time a new worker takes to start on a busy machine, which 1 s is not)
    app.extensions["techties.submissions"].check.timeout = 180.0
    check(post(client, "valid.ttl"), 201)


@pytest.mark.slow
def test_an_acceptance_whose_check_runs_past_the_timeout_leaves_it_pending(store_copy):
    app = make_app(store_copy)
    client = app.test_client()
    head, memo = (DATA / "valid.ttl").read_text().split("\nin:", 1)
    big = head + "".join(f"\nin:{memo}".replace("example-memorandum-on-ai", f"memo-{i}")
                         for i in range(400))
    posted = client.post("/submissions", data=big.encode(), headers=TURTLE)
    check(posted, 201)
    sid = posted.get_json()["id"]
    service = app.extensions["techties.submissions"]
    patient = service.check
    service.check = offload.InWorker(app.extensions["techties.pool"],
                                     app.extensions["techties.dataset"], 1.0)
    response = client.post(f"/submissions/{sid}/accept", headers=CURATOR, data={"reason": "x"})
    check(response, 503)
    assert detail(response).startswith(
        "the submission could not be checked within 1 s")
    assert client.get(f"/submissions/{sid}").get_json()["status"] == "pending"
    assert not ask(client, "ASK { <https://w3id.org/techties/id/instrument/memo-0> ?p ?o }")
    service.check = patient
    check(client.post(f"/submissions/{sid}/accept", headers=CURATOR, data={"reason": "x"}), 200)
    assert ask(client, "ASK { <https://w3id.org/techties/id/instrument/memo-0> ?p ?o }")
