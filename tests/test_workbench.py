"""The workbench pages over HTTP (server/web/workbench.py): the submission form, the review
queue with reports and diffs against the store, and the curator's token check. In a real
browser: tests/test_browser.py."""

from pathlib import Path

import pytest
from helpers import BEARER, check, valid_submission_size

DATA = Path(__file__).parent / "data" / "submissions"
HTML = "text/html; charset=utf-8"
JSON = "application/json"
OVERLAP = (DATA / "valid.ttl").read_text() + """
st:russia rdfs:label "Russia"@en .
"""


@pytest.fixture
def client(writable):
    return writable.test_client()


def submit(client, text: str) -> dict:
    response = client.post("/submissions", data=text.encode(),
                           headers={"Content-Type": "text/turtle", "Accept": JSON})
    assert response.status_code in (201, 422), response.get_data(as_text=True)
    return response.get_json()


def test_the_submission_form(client):
    page = check(client.get("/submissions/new"), 200, HTML)
    assert '<form id="submit-form" class="workbench">' in page
    assert '<textarea id="rdf-text"' in page and '<input type="file" id="rdf-file"' in page
    assert "/static/workbench.js" in page


def test_the_diff_against_the_store(client):
    sid = submit(client, OVERLAP)["id"]
    response = client.get(f"/submissions/{sid}/diff")
    check(response, 200, JSON)
    found = response.get_json()
    assert found["already"] == ['st:russia rdfs:label "Russia"@en .']
    assert 'in:example-memorandum-on-ai tt:party st:russia .' in found["new"]
    assert 'in:example-memorandum-on-ai tt:dateSigned "2021"^^xsd:gYear .' in found["new"]
    assert len(found["new"]) == valid_submission_size() and found["unchecked"] == 0
    assert found["beside"] == []


def test_the_diff_shows_what_the_store_says_beside(client):
    sid = submit(client, '@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n'
                         '<https://w3id.org/techties/id/state/russia> skos:altLabel "Rossiya"@en .'
                 )["id"]
    found = client.get(f"/submissions/{sid}/diff").get_json()
    assert found == {"submission": sid, "new": ['st:russia skos:altLabel "Rossiya"@en .'],
                     "already": [], "unchecked": 0,
                     "beside": [['st:russia skos:altLabel "Rossiya"@en .',
                                 ['st:russia skos:altLabel "Russian Federation"@en .']]]}


def test_the_diff_of_no_submission_is_404(client):
    response = client.get("/submissions/20260101-000000-00000000/diff")
    check(response, 404, "application/problem+json")
    assert response.get_json()["detail"] == "no submission 20260101-000000-00000000"


def test_the_review_queue_lists_pending_with_report_and_diff(client):
    pending = submit(client, OVERLAP)
    rejected = submit(client, (DATA / "invalid.ttl").read_text())
    assert (pending["status"], rejected["status"]) == ("pending", "rejected")
    page = check(client.get("/submissions/review"), 200, HTML)
    assert f'<section class="pending" id="s-{pending["id"]}"' in page
    assert rejected["id"] not in page
    assert "1 pending" in page
    assert f"{valid_submission_size()} new, 1 already in the\n    store" in page
    assert '<span class="same">= st:russia rdfs:label &#34;Russia&#34;@en .</span>' in page
    assert "Conforms" in page and "Curator token" in page
    assert 'data-decision="accept" disabled' in page


def test_an_empty_queue(client):
    page = check(client.get("/submissions/review"), 200, HTML)
    assert "No submission is waiting for review." in page


@pytest.mark.parametrize("headers, status", [
    ({}, 401), ({"Authorization": "Bearer wrong"}, 403), (BEARER, 204)])
def test_the_curator_token_check(client, headers, status):
    response = client.get("/submissions/curator", headers=headers)
    check(response, status)
    if status == 204:
        assert response.data == b""
    else:
        assert response.mimetype == "application/problem+json"
