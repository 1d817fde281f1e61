"""``/metrics``: the server's metrics in Prometheus's text format (prometheus-client), or
OpenMetrics when asked for.

- ``techties_http_requests_total{endpoint, method, status}``: requests answered, by route
  (``/id/<path:rest>``, not the path asked for, so the series stay few; ``none`` for a request
  no route takes: a path no route serves, 404, or a method it does not allow, 405);
- ``techties_http_request_duration_seconds{endpoint}``: a histogram of the time from the
  request to the end of its answer, a streamed one included;
- ``techties_query_timeouts_total{job}``: queries (``query``), dumps (``dump``) and
  submissions' checks (``validation``) stopped at their time limit;
- ``techties_worker_restarts_total{reason, job}``: query workers killed, to be replaced when
  next needed: ``timeout``, ``crash``, ``abandoned`` (a client left an answer half-read),
  ``interrupted``; ``techties_workers_started_total``;
- ``techties_submissions{status}``: submissions on record by status (pending, accepted,
  rejected), read from the records when scraped.

Each app has a registry of its own (two apps in one process, as in the tests, share none).
"""

import time

from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import CollectorRegistry, Counter, Histogram, exposition
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from ..query import workers
from ..submission.records import STATUSES, Records

bp = Blueprint("metrics", __name__)

EXTENSION = "techties.metrics"
JOBS = {"server.query.jobs:answer": "query", "server.query.jobs:dump": "dump",
        "server.submission.check:answer": "validation"}
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)


class Metrics:
    def __init__(self, pool: workers.Pool, records: Records):
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "techties_http_requests", "HTTP requests answered, by route, method and status",
            ["endpoint", "method", "status"], registry=self.registry)
        self.latency = Histogram(
            "techties_http_request_duration_seconds",
            "Seconds from a request to the end of its answer (streamed answers included)",
            ["endpoint"], buckets=BUCKETS, registry=self.registry)
        self.registry.register(_Workers(pool))
        self.registry.register(_Submissions(records))


class _Workers:
    """The pool's counts (:attr:`server.query.workers.Pool.events`), read when scraped."""

    def __init__(self, pool: workers.Pool):
        self.pool = pool

    def collect(self):
        timeouts = CounterMetricFamily(
            "techties_query_timeouts", "Jobs stopped at their time limit, by kind of job",
            labels=["job"])
        restarts = CounterMetricFamily(
            "techties_worker_restarts", "Query workers killed (to be replaced when next "
            "needed), by reason and kind of job", labels=["reason", "job"])
        started = CounterMetricFamily("techties_workers_started", "Query workers started")
        events = dict(self.pool.events)
        started.add_metric([], events.get(("started", ""), 0))
        for job in sorted(set(JOBS.values())):
            timeouts.add_metric([job], sum(n for (why, handler), n in events.items()
                                           if why == "timeout" and _job(handler) == job))
        for (why, handler), n in sorted(events.items()):
            if why != "started":
                restarts.add_metric([why, _job(handler)], n)
        return [timeouts, restarts, started]


def _job(handler: str) -> str:
    return JOBS.get(handler, handler or "unknown")


class _Submissions:
    def __init__(self, records: Records):
        self.records = records

    def collect(self):
        family = GaugeMetricFamily("techties_submissions", "Submissions on record, by status",
                                   labels=["status"])
        counts = dict.fromkeys(STATUSES, 0)
        for record in self.records.list():
            counts[record.status] = counts.get(record.status, 0) + 1
        for status, n in counts.items():
            family.add_metric([status], n)
        return [family]


def init_app(app: Flask, pool: workers.Pool, records: Records) -> None:
    app.extensions[EXTENSION] = Metrics(pool, records)
    app.before_request(_start)
    app.after_request(_count)
    app.register_blueprint(bp)


def _start() -> None:
    g.metrics_started = time.perf_counter()


def _count(response: Response) -> Response:
    metrics: Metrics = current_app.extensions[EXTENSION]
    endpoint = request.url_rule.rule if request.url_rule else "none"
    metrics.requests.labels(endpoint, request.method, str(response.status_code)).inc()
    started = g.get("metrics_started", time.perf_counter())
    latency = metrics.latency.labels(endpoint)
    response.call_on_close(lambda: latency.observe(time.perf_counter() - started))
    return response


@bp.get("/metrics")
def metrics():
    """The text format (version 0.0.4), or OpenMetrics for a scraper that asks for it, chosen
    by ``Accept`` as prometheus-client's own exporters choose."""
    registry = current_app.extensions[EXTENSION].registry
    encode, content_type = exposition.choose_encoder(request.headers.get("Accept", ""))
    return Response(encode(registry), content_type=content_type,
                    headers={"Cache-Control": "no-store", "Vary": "Accept"})
