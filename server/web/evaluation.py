"""Running queries and updates for the HTTP layer, and turning their failures into errors.

A query runs in a worker process (:mod:`server.query.workers`) against the newest checkpoint, with
``TECHTIES_QUERY_TIMEOUT`` (``TECHTIES_SERVICE_TIMEOUT`` if it calls a service) and at most
``TECHTIES_ROW_LIMIT`` rows; its answer is streamed. An update runs in this process, on the
live store, one at a time, and is followed by a new checkpoint.
"""

import re

import pyoxigraph as ox
from flask import Response, current_app, request
from werkzeug.wsgi import ClosingIterator

from ..formats import RDF_FORMATS, RESULT_FORMATS
from ..query import guard, workers
from . import errors, negotiation
from .negotiation import SOLUTION_FORMATS, TRIPLE_FORMATS

MAX_MESSAGE = 600
"""Parser messages are cut to this many characters."""


def settings():
    return current_app.config["TECHTIES_SETTINGS"]


def dataset():
    return current_app.extensions["techties.dataset"]


def _short(message: str) -> str:
    message = re.sub(r"(?<![\w:/<])(/[^\s/:'\"<>]+){2,}", "<path>", message)  # no local paths
    message = re.sub(r", \[[^\]]*\]", "", message)  # the parser's character classes: noise
    return message if len(message) <= MAX_MESSAGE else message[:MAX_MESSAGE] + "..."


def run(job: dict, timeout: float | None) -> workers.Stream:
    """Start ``job`` on a worker, against the newest checkpoint; the errors mapped."""
    ds = dataset()
    try:
        with ds.pinned() as path:
            job = {**job, "checkpoint": str(path)}
            return ds.pool.run(job, timeout)
    except FileNotFoundError as exc:
        raise errors.unavailable(_short(str(exc))) from None
    except workers.Timeout:
        raise errors.timeout(f"the query did not finish within {timeout:g} s and was stopped "
                             "(TECHTIES_QUERY_TIMEOUT)") from None
    except workers.Crashed as exc:
        current_app.logger.error("a query worker died (%s) on: %.200s", exc, job.get("query"))
        raise errors.internal(f"the query engine crashed on this query ({exc}); it was "
                              "restarted and the server is unaffected") from None
    except workers.Busy:
        raise errors.unavailable("every query worker is busy; try again shortly",
                                 retry_after=2) from None
    except workers.QueryError as exc:
        if exc.kind == "syntax":
            raise errors.bad_request(f"syntax error: {_short(exc.message)}") from None
        if exc.kind == "refused":
            raise errors.bad_request(exc.message) from None
        if exc.kind == "not-found":
            raise errors.not_found(f"no graph <{exc.message}> in the store") from None
        if exc.kind == "not-acceptable":
            family = SOLUTION_FORMATS if exc.message == "results" else TRIPLE_FORMATS
            raise errors.not_acceptable([f.media_type for f in family]) from None
        current_app.logger.warning("query failed: %s", exc.message)
        raise errors.bad_request(f"the query failed: {_short(exc.message)}") from None


def streamed(stream: workers.Stream, fmt, headers=None) -> Response:
    """The stream as a response body; an abandoned stream frees (or replaces) its worker."""
    body = ClosingIterator(iter(stream), [stream.close])
    return Response(body, content_type=negotiation.content_type(fmt), headers=headers or {})


def query(text: str, graphs: tuple[list[str], list[str]] | None = None) -> Response:
    conf = settings()
    if len(text.encode("utf-8")) > 1024 * 1024:
        raise errors.too_large(1024 * 1024)
    base = request.base_url
    try:
        screened = guard.screen(text, conf.service_allowlist, base=base)
    except guard.Refused as exc:
        raise errors.bad_request(str(exc)) from None
    results = negotiation.choose_or_none(SOLUTION_FORMATS)
    graph = negotiation.choose_or_none(TRIPLE_FORMATS)
    if results is None and graph is None:
        raise errors.not_acceptable([f.media_type for f in [*SOLUTION_FORMATS,
                                                             *TRIPLE_FORMATS]])
    job = {"kind": "query", "query": screened.text, "base_iri": base,
           "refused": screened.refused[0] if screened.refused else None,
           "union": conf.union_default_graph, "row_limit": conf.row_limit,
           "formats": {"results": results and results.name, "graph": graph and graph.name}}
    if graphs is not None:
        job["default_graph"], job["named_graphs"] = graphs
    timeout = conf.service_timeout if screened.services else conf.query_timeout
    stream = run(job, timeout)
    head = stream.head
    table = RDF_FORMATS if head["form"] == "graph" else RESULT_FORMATS
    headers = {"Vary": "Accept"}
    if head.get("truncated"):
        headers["X-Result-Truncated"] = str(conf.row_limit)
    return streamed(stream, table[head["format"]], headers)


def update(text: str, base: str) -> None:
    """Run an update on the live store (all or nothing), then checkpoint."""
    try:
        with dataset().write() as db:
            db.update(text, base_iri=base)
    except SyntaxError as exc:
        raise errors.bad_request(f"syntax error: {_short(str(exc))}") from None
    except FileNotFoundError as exc:
        raise errors.unavailable(_short(str(exc))) from None
    except (OSError, ValueError, RuntimeError) as exc:
        current_app.logger.warning("update failed: %s", exc)
        raise errors.bad_request(f"the update failed: {_short(str(exc))}") from None


def syntax_check(update_text: str, base: str) -> None:
    """Raise the syntax error of an update, if it has one, without touching the store: it
    runs against an empty store in memory, every endpoint in it replaced by one nothing can
    fetch."""
    harmless = guard.screen(update_text, (), base=base, update=True).text
    try:
        ox.Store().update(harmless, base_iri=base)
    except SyntaxError as exc:
        raise errors.bad_request(f"syntax error: {_short(str(exc))}") from None
    except (OSError, ValueError, RuntimeError):
        pass


def term(value: str):
    """An IRI parameter as a NamedNode; 400 if it is not an absolute IRI."""
    if not guard.is_iri(value):
        raise errors.bad_request(f"not an absolute IRI: {value!r}")
    return ox.NamedNode(value)
