"""Hostile paths: bytes that are not UTF-8 (overlong sequences among them), NUL and other
control characters, markup, and traversal. Each gets a 4xx from the site's own error page (or
text, or problem details), never a 500, never markup reflected unescaped, never a trace in
the log.

The test client percent-decodes a path itself (and replaces what is not UTF-8), so the raw
bytes a real server would put in ``PATH_INFO`` (WSGI's latin-1 string) are given as it."""

import logging

import pytest
from helpers import check

BROWSER = {"Accept": "text/html"}
PAGE = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"

RAW_PATHS = {  # PATH_INFO as waitress makes it: the bytes of the path, one character each
    "invalid UTF-8": ("/id/state/\xff", "the path is not UTF-8: invalid start byte at byte 10 "
                                         "of /id/state/%FF"),
    "overlong /": ("/id/\xc0\xaf..\xc0\xafetc", "the path is not UTF-8: invalid start byte at "
                                                "byte 4 of /id/%C0%AF..%C0%AFetc"),
    "overlong NUL": ("/id/state/\xc0\x80", "the path is not UTF-8: invalid start byte at byte "
                                           "10 of /id/state/%C0%80"),
    "3-byte overlong": ("/id/\xe0\x80\xaf", "the path is not UTF-8: invalid continuation byte "
                                            "at byte 4 of /id/%E0%80%AF"),
    "surrogate": ("/id/\xed\xa0\x80", "the path is not UTF-8: invalid continuation byte at "
                                      "byte 4 of /id/%ED%A0%80"),
    "NUL": ("/id/state/russia\x00", "the path holds a control character (U+0000), which no "
                                    "URL may hold"),
    "newline": ("/id/state/rus\nsia", "the path holds a control character (U+000A), which no "
                                      "URL may hold"),
}


@pytest.mark.parametrize("case", RAW_PATHS)
@pytest.mark.parametrize("accept, content_type", [({}, TEXT), (BROWSER, PAGE)])
def test_a_path_that_is_not_utf8_or_holds_a_control_character_is_400(
        client, caplog, case, accept, content_type):
    raw, message = RAW_PATHS[case]
    with caplog.at_level(logging.INFO):
        response = client.get("/", environ_overrides={"PATH_INFO": raw}, headers=accept)
    body = check(response, 400, content_type)
    if content_type == TEXT:
        assert body == message + "\n"
    else:  # the site's own page
        assert '<header class="site">' in body and "<h1>400 Bad Request</h1>" in body
        assert f'<p class="problem">{message}</p>' in body
    assert "Traceback" not in caplog.text and not caplog.records


MARKUP = "/id/<script>alert(1)</script>"


@pytest.mark.parametrize("accept, content_type", [({}, TEXT), (BROWSER, PAGE),
                                                  ({"Accept": "application/json"},
                                                   "application/problem+json")])
def test_markup_in_an_id_path_is_400_and_never_comes_back_as_markup(client, caplog, accept,
                                                                     content_type):
    with caplog.at_level(logging.INFO):
        response = client.get(MARKUP, headers=accept)
    body = check(response, 400, content_type)
    assert "<script>" not in body and "&lt;script&gt;" not in body
    assert "/id/%3Cscript%3Ealert(1)%3C/script%3E is not the path of an IRI" in body
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert not caplog.records


NO_IRI = (" is not the path of an IRI: an IRI holds no space, no control character and none "
          "of &lt; &gt; &#34; { } | \\ ^ `")


@pytest.mark.parametrize("path, shown", [
    ("/id/<b>", "/id/%3Cb%3E"), ("/id/<b>/", "/id/%3Cb%3E/"), ("/id/a b", "/id/a%20b"),
    ('/id/"x"/', "/id/%22x%22/"), ("/id/{x}", "/id/%7Bx%7D")])
def test_markup_in_the_kind_of_an_id_path_is_400_not_a_redirect(client, caplog, path, shown):
    """/id/state redirects to the list /id/state/; /id/<b> was redirected to /id/<b>/ too."""
    with caplog.at_level(logging.INFO):
        response = client.get(path, headers=BROWSER)
    body = check(response, 400, PAGE)
    assert f'<p class="problem">{shown}{NO_IRI}</p>' in body and "<b>" not in body
    assert not caplog.records
    moved = client.get("/id/state")
    assert (moved.status_code, moved.headers["Location"]) == (308, "http://localhost/id/state/")


@pytest.mark.parametrize("path, query, status, said", [
    ("/nowhere/<b>x</b>", {}, 404, "nothing at /nowhere/%3Cb%3Ex%3C/b%3E"),
    ("/class/<img src=x>", {}, 400, "/class/%3Cimg%20src=x%3E" + NO_IRI),
    ("/store/<svg onload=alert(1)>", {}, 400, "/store/%3Csvg%20onload=alert(1)%3E" + NO_IRI),
    ("/store", {"graph": "<script>x"}, 400,
     "graph must be an absolute IRI, not &#39;&lt;script&gt;x&#39;"),
    ("/sparql", {"query": "ASK {}", "default-graph-uri": "<script>x"}, 400,
     "default-graph-uri must be an absolute IRI, not &#39;&lt;script&gt;x&#39;"),
    ("/sparql", {"query": "SELECT * { <script>x </script> }"}, 400,
     "syntax error: line 1, column 21: the text cannot be read from `&lt;/script&gt; }` on "
     "(it would take, among others: &#34;.&#34;, &#34;:&#34;)"),
])
def test_markup_in_any_path_or_parameter_is_not_reflected(client, caplog, path, query, status,
                                                          said):
    with caplog.at_level(logging.INFO):
        response = client.get(path, query_string=query, headers=BROWSER)
    body = check(response, status, PAGE)
    assert '<header class="site">' in body and f'<p class="problem">{said}</p>' in body
    assert "<b>x" not in body and "<img" not in body and "<svg" not in body
    assert "<script>x" not in body and "</script> }" not in body
    assert not caplog.records


@pytest.mark.parametrize("path, status", [
    ("/id/..%2f..%2f..%2fetc/passwd", 404),
    ("/static/../../../../etc/passwd", 404),
    ("/static/..%2f..%2fpyproject.toml", 404),
    ("/dumps/..%2f..%2fpyproject.toml", 404),
    ("/store/..%2f..%2fetc%2fpasswd", 404),
    ("/queries/..%2fpyproject.rq", 404),
    ("/.well-known/genid/..%2f..%2fid%2fstate%2frussia", 404),
])
def test_path_traversal_reaches_no_file(client, path, status):
    response = client.get(path)
    body = check(response, status)
    assert "[build-system]" not in body and "root:" not in body
