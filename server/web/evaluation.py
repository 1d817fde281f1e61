"""Queries, dumps and updates for the HTTP layer: the request's side of
:mod:`server.query.run`, and the one table (:func:`problem`) that turns what running them
raises into HTTP errors.

A query's answer is streamed from its worker; a small one arrives whole before the status
and headers are sent, so that ``X-Result-Truncated`` can say whether the row limit cut it.
"""

import contextlib
import math
import re

import pyoxigraph as ox
from flask import Response, current_app, request
from werkzeug.wsgi import ClosingIterator

from .. import store
from ..formats import RDF_FORMATS, RESULT_FORMATS
from ..query import guard, jobs, run, syntax, updates, workers
from ..store import lock
from ..submission import names
from ..submission.offload import TooSlow
from . import errors, negotiation, truncation
from .negotiation import SOLUTION_FORMATS, TRIPLE_FORMATS

MAX_BYTES = 1024 * 1024
"""Largest query or update text taken (413 beyond)."""
MAX_MESSAGE = 600
"""Parser messages are cut to this many characters."""


def settings():
    return current_app.config["TECHTIES_SETTINGS"]


def dataset():
    return current_app.extensions["techties.dataset"]


def pool() -> workers.Pool:
    return current_app.extensions["techties.pool"]


def _short(message: str) -> str:
    message = re.sub(r"(?<![\w:/<])(/[^\s/:'\"<>]+){2,}", "<path>", message)  # no local paths
    message = re.sub(r", \[[^\]]*\]", "", message)  # the parser's character classes: noise
    return message if len(message) <= MAX_MESSAGE else message[:MAX_MESSAGE] + "..."


def _not_acceptable(exc: jobs.NotAcceptable) -> errors.Problem:
    family = SOLUTION_FORMATS if exc.family == "results" else TRIPLE_FORMATS
    return errors.not_acceptable([f.media_type for f in family])


def _stopped(exc: run.Stopped) -> errors.Problem:
    """A query stopped at its time limit is the server declining, not a gateway failing: 503
    (as Fuseki answers), with Retry-After, its body naming the limit."""
    return errors.unavailable(str(exc), retry_after=math.ceil(exc.seconds), limit=exc.setting)


PROBLEMS = [  # the first class that matches wins: TooSlow is a TimeoutError, an OSError
    (syntax.QuerySyntaxError, lambda exc: errors.bad_request(
        f"syntax error: {_short(str(exc))}", line=exc.line, column=exc.column)),
    (SyntaxError, lambda exc: errors.bad_request(f"syntax error: {_short(str(exc))}")),
    (guard.TooDeep, lambda exc: errors.bad_request(str(exc), depth=exc.depth,
                                                   limit=exc.limit)),
    (updates.Forbidden, lambda exc: errors.forbidden(str(exc))),
    (updates.Invalid, lambda exc: errors.unprocessable(str(exc), report=exc.report.as_json())),
    (guard.Refused, lambda exc: errors.bad_request(str(exc))),
    (jobs.NotAcceptable, _not_acceptable),
    (LookupError, lambda exc: errors.not_found(str(exc))),
    (TooSlow, lambda exc: errors.unavailable(str(exc))),
    (run.Stopped, _stopped),
    (workers.Busy, lambda exc: errors.unavailable(str(exc), retry_after=2)),
    (store.DiskFull, lambda exc: errors.insufficient_storage(
        f"the server's disk is full (no space left on device): {exc.what}; try again once "
        "there is space")),
    (store.Damaged, lambda exc: errors.unavailable(
        "the store cannot be opened: it is damaged (the server's log says how); restore a "
        "backup or rebuild it")),
    (lock.Busy, lambda exc: errors.unavailable(
        f"the store is in use by {lock.describe(exc.holder)}: try again shortly",
        retry_after=5)),
    (workers.Crashed, lambda exc: errors.internal(str(exc))),
    (FileNotFoundError, lambda exc: errors.unavailable(
        "the store is not there yet: run `techties load` first")),
    (jobs.EvaluationError, lambda exc: errors.bad_request(_short(str(exc)))),
]
"""What running a query, a dump, an update or a submission's check raises, and the HTTP
error it stands for."""


def problem(exc: Exception) -> errors.Problem | None:
    """The HTTP error for ``exc``; None for one the table does not know (a fault: 500)."""
    for kind, build in PROBLEMS:
        if isinstance(exc, kind):
            return build(exc)
    return None


@contextlib.contextmanager
def _told(text: str = ""):
    """What the block raises, raised as the HTTP error it stands for; a crash and a failed
    evaluation logged, with the start of ``text``."""
    try:
        yield
    except Exception as exc:
        found = problem(exc)
        if found is None:
            raise
        if isinstance(exc, workers.Crashed):
            current_app.logger.error("a worker died (%s) on: %.200s", exc, text)
        elif isinstance(exc, store.Damaged | store.DiskFull):
            current_app.logger.error("%s", exc)
        elif isinstance(exc, jobs.EvaluationError):
            current_app.logger.warning("%s", exc)
        raise found from None


def streamed(stream: workers.Stream, fmt, headers=None) -> Response:
    """The stream as a response body; an abandoned stream frees (or replaces) its worker.
    An answer that arrived whole (small) goes whole, with its Content-Length (and so is
    compressed only if it is worth it: :mod:`server.web.compression`)."""
    if stream.chunks is not None:
        return Response(stream.read(), content_type=negotiation.content_type(fmt),
                        headers=headers or {})
    body = ClosingIterator(iter(stream), [stream.close])
    return Response(body, content_type=negotiation.content_type(fmt), headers=headers or {})


def query(text: str, graphs: tuple[list[str], list[str]] | None = None) -> Response:
    """Answer the query ``text`` in the format the request negotiates."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise errors.too_large(MAX_BYTES)
    # Which family fits is known once the query is parsed, in its worker: with no format for
    # either, a malformed query is still a 400, and a 406 lists the formats of its own form.
    results = negotiation.choose_or_none(SOLUTION_FORMATS)
    graph = negotiation.choose_or_none(TRIPLE_FORMATS)
    conf = settings()
    with _told(text):
        stream = run.run(text, pool=pool(), dataset=dataset(), settings=conf,
                         base=request.base_url, results=results and results.name,
                         graph=graph and graph.name, graphs=graphs, row_limit=conf.row_limit,
                         prefixes=names.defaults() if graph and graph.name == "ttl" else None)
    head = stream.head
    table = RDF_FORMATS if head["form"] == "graph" else RESULT_FORMATS
    headers = {"Vary": "Accept"}
    if head.get("truncated"):
        headers["X-Result-Truncated"] = str(conf.row_limit)
        if stream.chunks is not None:  # whole: the body says so too
            body = truncation.mark(stream.read(), head["format"], conf.row_limit)
            return Response(body, content_type=negotiation.content_type(table[head["format"]]),
                            headers=headers)
    return streamed(stream, table[head["format"]], headers)


def dump(graph: str | None, fmt, headers=None) -> Response:
    """``graph`` (an IRI, or "default"), or the dataset, streamed as ``fmt``."""
    with _told(f"a dump of {graph or 'the dataset'}"):
        stream = run.dump(graph, fmt, pool=pool(), dataset=dataset(), prefixes=names.defaults())
    return streamed(stream, fmt, headers)


def writes():
    """The gate every write passes (:class:`server.submission.writes.Writes`)."""
    return current_app.extensions["techties.writes"]


def update(text: str, using: tuple[list[str], list[str]] | None = None) -> None:
    """Run a user's update (all or nothing) through the gate of writes, then checkpoint."""
    with _told(text):
        run.update(text, dataset=dataset(), settings=settings(), base=request.base_url,
                   using=using, gate=writes())


def apply(text: str, graphs: tuple[str, ...]) -> None:
    """Run an update the server wrote (a Graph Store write to the named ``graphs``) through
    the gate of writes, then checkpoint."""
    with _told(text):
        run.apply(text, dataset=dataset(), base=request.base_url, gate=writes(), graphs=graphs)


def term(value: str):
    """An IRI parameter as a NamedNode; 400 if it is not an absolute IRI."""
    if not guard.is_iri(value):
        raise errors.bad_request(f"not an absolute IRI: {value!r}")
    return ox.NamedNode(value)
