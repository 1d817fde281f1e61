"""Errors over HTTP: one renderer (server/web/errors.py) for every endpoint, as a protocol
matrix: each error from a real endpoint, in each form a client may prefer (plain text by
default, a page in the site's layout for browsers, RFC 9457 problem details for JSON
clients), with its exact status, Content-Type, message and headers."""

import json

import pytest
from markupsafe import escape

from server.web import home

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
UPDATE = "INSERT DATA { <https://w3id.org/techties/id/test/x> a <http://e/C> }"
NOT_A_FORM = ("POST a query as application/sparql-query or application/x-www-form-urlencoded "
              "(query=), an update as application/sparql-update or "
              "application/x-www-form-urlencoded (update=); the request has Content-Type "
              "text/csv")


# The client is the app over the session's store: every request below is refused before it
# writes.

ERRORS = {  # status, title, message, headers (a set: in any order), request
    "400": (400, "Bad Request", "graph must be an absolute IRI, not 'not an iri'", {},
            lambda c, h: c.get("/store", query_string={"graph": "not an iri"}, headers=h)),
    "404": (404, "Not Found", "no dump techties.zip: there are techties.nq, techties.trig, "
                              "techties.ttl, techties.nt, techties.jsonld, techties.rdf", {},
            lambda c, h: c.get("/dumps/techties.zip", headers=h)),
    "404 (Werkzeug)": (404, "Not Found", "nothing at /nowhere", {},
                       lambda c, h: c.get("/nowhere", headers=h)),
    "405 (Werkzeug)": (405, "Method Not Allowed", "PUT is not allowed on /sparql",
                       {"Allow": {"GET", "HEAD", "OPTIONS", "POST"}},
                       lambda c, h: c.put("/sparql", headers=h)),
    "406": (406, "Not Acceptable", "none of the media types in Accept can be served here; "
                                   "available: ttl (text/turtle), nt (application/n-triples), "
                                   "jsonld (application/ld+json), rdfxml (application/rdf+xml), "
                                   "html (text/html)",
            {}, lambda c, h: c.get("/void", query_string={"format": "png"}, headers=h)),
    "415": (415, "Unsupported Media Type", NOT_A_FORM, {},
            lambda c, h: c.post("/sparql", data=b"a,b",
                                headers={"Content-Type": "text/csv", **h})),
    "401": (401, "Unauthorized", "writes need the write token: send "
                                 "Authorization: Bearer <token>",
            {"WWW-Authenticate": 'Bearer realm="techties"'},
            lambda c, h: c.post("/sparql", data={"update": UPDATE}, headers=h)),
    "403": (403, "Forbidden", "wrong write token", {},
            lambda c, h: c.post("/sparql", data={"update": UPDATE},
                                headers={"Authorization": "Bearer wrong", **h})),
}

EXTENSIONS = {"415": {"received": "text/csv"}}
"""The members a problem's JSON carries besides type, title, status and detail."""

FORMS = {
    "text (no Accept)": ({}, "text/plain; charset=utf-8"),
    "text (*/*)": ({"Accept": "*/*"}, "text/plain; charset=utf-8"),
    "page": ({"Accept": BROWSER}, "text/html; charset=utf-8"),
    "problem (application/json)": ({"Accept": "application/json"}, "application/problem+json"),
    "problem (its own type)": ({"Accept": "application/problem+json"},
                               "application/problem+json"),
}


def expected_body(content_type: str, status: int, title: str, message: str):
    """What the body must be (problem details, text) or hold (a page)."""
    if content_type == "application/problem+json":
        return {"type": "about:blank", "title": title, "status": status, "detail": message}
    if content_type.startswith("text/plain"):
        return message + "\n"
    return [f"<title>{status} {title} · techties</title>", f"<h1>{status} {title}</h1>",
            f'<p class="problem">{escape(message)}</p>',
            '<header class="site">', 'href="/static/site.css"']  # the site's layout


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("error", ERRORS)
def test_every_error_in_every_form(client, error, form):
    status, title, message, headers, request = ERRORS[error]
    accept, content_type = FORMS[form]
    response = request(client, accept)
    body = response.get_data(as_text=True)
    assert (response.status_code, response.headers["Content-Type"]) == (
        status, content_type), body
    for name, value in headers.items():
        said = response.headers[name]
        assert (set(said.split(", ")) if isinstance(value, set) else said) == value, body
    assert "Accept" in response.headers["Vary"]
    expected = expected_body(content_type, status, title, message)
    if isinstance(expected, list):
        for part in expected:
            assert part in body, body
    elif isinstance(expected, dict):
        assert json.loads(body) == {**expected, **EXTENSIONS.get(error, {})}, body
    else:
        assert body == expected


@pytest.mark.parametrize("form", FORMS)
def test_an_unexpected_error_says_nothing_of_the_inside(client, monkeypatch, form):
    def broken():
        raise RuntimeError("/srv/techties/secret.py line 3: the library is on fire")

    monkeypatch.setattr(home, "_readable", broken)
    accept, content_type = FORMS[form]
    response = client.get("/", headers=accept)
    body = response.get_data(as_text=True)
    assert (response.status_code, response.headers["Content-Type"]) == (500, content_type)
    assert "internal error; it has been logged" in body
    assert "secret" not in body and "Traceback" not in body and "on fire" not in body


def test_problem_details_carry_extension_members(client):
    """A problem's extension members join type, title, status and detail (RFC 9457 §3.2):
    here a body over the SPARQL endpoint's limit."""
    response = client.post("/sparql", data=b"x" * (1024 * 1024 + 1),
                           headers={"Content-Type": "application/sparql-query",
                                    "Accept": "application/json"})
    assert response.status_code == 413
    assert response.get_json() == {
        "type": "about:blank", "title": response.get_json()["title"], "status": 413,
        "detail": "the request body is larger than the limit of 1048576 bytes",
        "limit": 1048576}
