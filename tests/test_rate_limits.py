"""Rate limits per client for writes and for submissions: off by default; past the limit,
429 with Retry-After."""

import pytest
from helpers import BEARER, check, detail, make

from server.config import Rate, load_settings
from server.web.limits import Limiter

NOWHERE = {"graph": "http://example.org/no-such-graph"}
"""A Graph Store DELETE of a graph that is not there: a write that costs nothing (404)."""


@pytest.mark.parametrize("raw, rate", [
    ("30/minute", Rate(30, 60.0, "30 per minute")),
    ("5/s", Rate(5, 1.0, "5 per second")),
    ("1000/day", Rate(1000, 86400.0, "1000 per day")),
    ("2/h", Rate(2, 3600.0, "2 per hour")),
    ("off", None),
    ("", None),
])
def test_the_settings_read(raw, rate):
    settings = load_settings({"TECHTIES_RATE_LIMIT_WRITES": raw,
                              "TECHTIES_RATE_LIMIT_SUBMISSIONS": raw})
    assert settings.rate_limit_writes == rate == settings.rate_limit_submissions


@pytest.mark.parametrize("raw", ["30", "x/minute", "0/minute", "5/week", "-1/s", "30/minute/s"])
def test_a_malformed_setting_says_what_is_expected(raw):
    with pytest.raises(ValueError) as refused:
        load_settings({"TECHTIES_RATE_LIMIT_SUBMISSIONS": raw})
    assert str(refused.value) == (
        "TECHTIES_RATE_LIMIT_SUBMISSIONS must be a number of requests per second, minute, "
        f"hour or day (30/minute), or off, not {raw!r}")


def test_off_by_default(store_copy):
    assert load_settings({}).rate_limit_writes is None
    assert load_settings({}).rate_limit_submissions is None
    client = make(store_copy)
    for _ in range(40):
        check(client.delete("/store", query_string=NOWHERE, headers=BEARER), 404)


def test_writes_past_the_limit_get_429_with_retry_after(store_copy):
    client = make(store_copy, rate_limit_writes=Rate(3, 60.0, "3 per minute"))
    for _ in range(3):
        check(client.delete("/store", query_string=NOWHERE, headers=BEARER), 404)
    for request in (
            lambda: client.delete("/store", query_string=NOWHERE, headers=BEARER),
            lambda: client.post("/sparql", data=b"CLEAR SILENT GRAPH <http://example.org/x>",
                                headers={"Content-Type": "application/sparql-update",
                                         **BEARER}),
            lambda: client.post("/submissions/20260101-000000-0000abcd/accept",
                                headers=BEARER),
            lambda: client.post("/sparql", data=b"CLEAR SILENT GRAPH <http://example.org/x>",
                                headers={"Content-Type": "application/sparql-update"}),
    ):
        response = request()
        check(response, 429)
        assert response.headers["Retry-After"] == "20"
    problem = client.delete("/store", query_string=NOWHERE,
                            headers={**BEARER, "Accept": "application/problem+json"})
    assert detail(problem) == ("too many writes from this client: the limit is 3 per minute "
                               "(TECHTIES_RATE_LIMIT_WRITES); try again in 20 s")
    assert problem.get_json()["retry_after"] == 20
    # reads are not limited, nor another client
    check(client.get("/sparql", query_string={"query": "ASK {}"}), 200)
    other = client.delete("/store", query_string=NOWHERE, headers=BEARER,
                          environ_base={"REMOTE_ADDR": "192.0.2.7"})
    check(other, 404)


def test_submissions_have_a_limit_of_their_own(store_copy):
    client = make(store_copy, rate_limit_submissions=Rate(2, 3600.0, "2 per hour"))
    for _ in range(2):
        check(client.post("/submissions", data=b"", headers={"Content-Type": "text/turtle"}),
              400)
    response = client.post("/submissions", data=b"", headers={"Content-Type": "text/turtle"})
    check(response, 429)
    assert response.headers["Retry-After"] == "1800"
    assert response.get_json()["detail"] == (
        "too many submissions from this client: the limit is 2 per hour "
        "(TECHTIES_RATE_LIMIT_SUBMISSIONS); try again in 1800 s")
    check(client.delete("/store", query_string=NOWHERE, headers=BEARER), 404)  # writes: off


def test_a_bucket_fills_again_at_the_rate():
    now = [1000.0]
    limiter = Limiter({"writes": Rate(2, 10.0, "2 per 10 s")}, clock=lambda: now[0])
    assert [limiter.wait("writes", "a") for _ in range(3)] == [0.0, 0.0, 5.0]
    now[0] += 2.5
    assert limiter.wait("writes", "a") == 2.5
    now[0] += 2.5
    assert limiter.wait("writes", "a") == 0.0  # one more every 5 s
    assert limiter.wait("writes", "b") == 0.0  # per client
    assert limiter.wait("submissions", "a") == 0.0  # no limit set for it
    now[0] += 3600
    limiter._forget_full(now[0])
    assert limiter._buckets == {}
