"""``/metrics`` (server/web/metrics.py): Prometheus's text format, whose values follow what
the server did: requests by route and status, their latency, query timeouts and the worker
restarts they cause, submissions by status."""

import pytest
from helpers import DATA, check, make_app
from prometheus_client.parser import text_string_to_metric_families

SLOW = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def scrape(client) -> dict:
    """Every sample: {(name, frozenset(labels)): value}."""
    response = client.get("/metrics")
    text = check(response, 200)
    assert response.content_type == "text/plain; version=0.0.4; charset=utf-8"
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def sample(samples: dict, name: str, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


def test_requests_by_route_and_status_and_their_latency(store_path):
    client = make_app(store_path).test_client()
    for path in ("/id/state/russia", "/id/state/china", "/id/state/atlantis", "/nowhere"):
        client.get(path).close()
    client.post("/void").close()  # 405: routing failed, so no route either
    samples = scrape(client)
    requests = "techties_http_requests_total"
    assert sample(samples, requests, endpoint="/id/<path:rest>", method="GET",
                  status="200") == 2
    assert sample(samples, requests, endpoint="/id/<path:rest>", method="GET",
                  status="404") == 1
    assert sample(samples, requests, endpoint="none", method="GET", status="404") == 1
    assert sample(samples, requests, endpoint="none", method="POST", status="405") == 1
    count = "techties_http_request_duration_seconds_count"
    assert sample(samples, count, endpoint="/id/<path:rest>") == 3
    total = sample(samples, "techties_http_request_duration_seconds_sum",
                   endpoint="/id/<path:rest>")
    assert total > 0
    # the first scrape is counted by the next
    again = scrape(client)
    assert sample(again, requests, endpoint="/metrics", method="GET", status="200") == 1
    for job in ("query", "dump", "validation"):
        assert sample(again, "techties_query_timeouts_total", job=job) == 0
    openmetrics = client.get("/metrics", headers={
        "Accept": "application/openmetrics-text; version=1.0.0"})
    assert check(openmetrics, 200).endswith("# EOF\n")
    assert openmetrics.mimetype == "application/openmetrics-text"


@pytest.mark.slow
def test_a_timeout_is_counted_with_the_restart_of_its_worker(store_path):
    client = make_app(store_path, query_timeout=1).test_client()
    check(client.get("/sparql", query_string={"query": "ASK {}"}), 200)
    response = client.get("/sparql", query_string={"query": SLOW})
    check(response, 503)
    samples = scrape(client)
    assert sample(samples, "techties_query_timeouts_total", job="query") == 1
    assert sample(samples, "techties_worker_restarts_total", reason="timeout", job="query") == 1
    assert sample(samples, "techties_workers_started_total") == 1
    assert sample(samples, "techties_http_requests_total", endpoint="/sparql", method="GET",
                  status="503") == 1
    check(client.get("/sparql", query_string={"query": "ASK {}"}), 200)  # a new worker
    assert sample(scrape(client), "techties_workers_started_total") == 2


@pytest.mark.slow
def test_submissions_by_status(writable):
    client = writable.test_client()
    assert {status: sample(scrape(client), "techties_submissions", status=status)
            for status in ("pending", "accepted", "rejected")} == \
        {"pending": 0, "accepted": 0, "rejected": 0}
    for name, status in (("valid.ttl", 201), ("invalid.ttl", 422)):
        response = client.post("/submissions", data=(DATA / "submissions" / name).read_bytes(),
                               headers={"Content-Type": "text/turtle"})
        check(response, status)
    samples = scrape(client)
    assert {status: sample(samples, "techties_submissions", status=status)
            for status in ("pending", "accepted", "rejected")} == \
        {"pending": 1, "accepted": 0, "rejected": 1}
    assert sample(samples, "techties_http_requests_total", endpoint="/submissions",
                  method="POST", status="201") == 1
