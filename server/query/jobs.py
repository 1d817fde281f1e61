"""The jobs a worker runs for queries and dumps: what the server sends, and how a worker
answers it (:mod:`server.query.workers` runs them; :mod:`server.query.run` sends them).

What a handler raises comes back to the server as itself: ``SyntaxError`` (the text is
malformed), :class:`server.query.guard.Refused` (it parses, but calls an endpoint that is not
allowed: said after the syntax, so that a syntax error is reported first), :class:`NotAcceptable`
(no format asked for fits the query's form, which only evaluation tells), ``LookupError`` (no
such graph) and :class:`EvaluationError` (the store failed while evaluating).
"""

from dataclasses import dataclass

import pyoxigraph as ox

from .. import store
from ..formats import RDF_FORMATS, RESULT_FORMATS
from . import guard, rowlimit, workers


class NotAcceptable(ValueError):
    """No format asked for fits the answer: ``family`` says which would ("results" for
    SELECT and ASK, "graph" for CONSTRUCT and DESCRIBE)."""

    def __init__(self, family: str, message: str):
        super().__init__(family, message)
        self.family = family

    def __str__(self) -> str:
        return self.args[1]


class EvaluationError(Exception):
    """The store failed on a well-formed query, update or dump: "the query failed: " and
    the store's own message."""


@dataclass(frozen=True)
class QueryJob(workers.Job):
    """A query, screened (:func:`server.query.guard.screen`), and how to answer it."""

    handler = "server.query.jobs:answer"

    query: str
    base_iri: str | None = None
    refused: str | None = None
    """Why the query must not run (an endpoint off the allow-list), once it has parsed."""
    union: bool = True
    """The default graph is the union of the named graphs."""
    default_graph: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    """The protocol's ``default-graph-uri`` and ``named-graph-uri``: they replace the union."""
    results: str | None = "json"
    """The format for SELECT and ASK (a name in RESULT_FORMATS), or None if none is wanted."""
    graph: str | None = "ttl"
    """The format for CONSTRUCT and DESCRIBE (a name in RDF_FORMATS), or None."""
    row_limit: int | None = None
    prefixes: tuple[tuple[str, str], ...] = ()
    """(prefix, namespace) pairs a Turtle answer uses."""


@dataclass(frozen=True)
class DumpJob(workers.Job):
    """A graph (an IRI, or "default"), or the dataset (None), written as ``format``."""

    handler = "server.query.jobs:dump"

    graph: str | None
    format: str
    prefixes: tuple[tuple[str, str], ...] = ()
    """(prefix, namespace) pairs a Turtle or TriG dump uses."""


def answer(job: QueryJob, db, out: workers.Answer) -> bool:
    if not isinstance(db, ox.Store):  # a remote store: pyoxigraph's message, whoever is behind
        guard.syntax_check(job.query, base=job.base_iri)
    try:
        result = db.query(job.query, **_dataset(job))
    except SyntaxError:
        raise
    except Exception as exc:  # noqa: BLE001  told to the client: the store's own message
        raise _failed("query", exc) from None
    if job.refused:
        raise guard.Refused(job.refused)
    if isinstance(result, ox.QueryTriples):
        form, family, name = "graph", RDF_FORMATS, job.graph
    else:
        form = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
        family, name = RESULT_FORMATS, job.results
    if name is None:
        kind = "CONSTRUCT and DESCRIBE" if form == "graph" else "SELECT and ASK"
        asked = f"as {job.results or job.graph}" if job.results or job.graph else "so"
        raise NotAcceptable("graph" if form == "graph" else "results",
                            f"{kind} results cannot be written {asked}: choose one of "
                            f"{', '.join(family)}")
    out.describe(form=form, format=name)
    try:
        if form == "graph":
            return rowlimit.write_triples(result, family[name], out, job.row_limit,
                                          dict(job.prefixes))
        if form == "boolean":
            result.serialize(out, family[name].oxigraph)
            return False
        return rowlimit.write_solutions(result, family[name], out, job.row_limit)
    except Exception as exc:  # noqa: BLE001  evaluation errors surface while serializing
        raise _failed("query", exc) from None


def _dataset(job: QueryJob) -> dict:
    if job.default_graph is None and job.named_graphs is None:
        return {"base_iri": job.base_iri, "use_default_graph_as_union": job.union}
    return {"base_iri": job.base_iri,
            "default_graph": [ox.NamedNode(g) for g in job.default_graph or ()],
            "named_graphs": [ox.NamedNode(g) for g in job.named_graphs or ()]}


def dump(job: DumpJob, db, out: workers.Answer) -> bool:
    fmt = RDF_FORMATS[job.format]
    out.describe(form="graph", format=fmt.name)
    try:
        store.dump(db, out, fmt, job.graph, prefixes=dict(job.prefixes))
    except LookupError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _failed("dump", exc) from None
    return False


def _failed(what: str, exc: Exception) -> EvaluationError:
    return EvaluationError(f"the {what} failed: {str(exc) or type(exc).__name__}")
