"""Running queries, dumps and updates: one way for the HTTP server and the command line.

A query is screened first (:mod:`server.query.guard`: SERVICE only to endpoints on the
allow-list), then evaluated in a worker (:mod:`server.query.workers`) against what the
dataset pins (the newest checkpoint of the served store; the store itself for the command
line, :class:`server.store.dataset.Direct`): isolated (a query that crashes the engine takes
only its worker down) and stopped after ``TECHTIES_QUERY_TIMEOUT``, or
``TECHTIES_SERVICE_TIMEOUT`` when it calls a service, which then bounds the whole federated
query. A dump goes the same way, without a timeout. An update runs in this process, on the
live store, through the dataset's one write path (:meth:`server.store.dataset.Dataset.write`),
so writes are serialized.

What goes wrong is raised, for the caller to tell its user: ``SyntaxError``,
:class:`~server.query.guard.Refused`, :class:`~server.query.jobs.NotAcceptable`,
``LookupError``, :class:`~server.query.jobs.EvaluationError`, ``TimeoutError``,
``FileNotFoundError`` (no store), :class:`~server.query.workers.Busy` and
:class:`~server.query.workers.Crashed`, each with a message for that user.
"""

import pyoxigraph as ox

from . import guard, jobs, workers


def run(text: str, *, pool: workers.Pool, dataset, settings, base: str | None = None,
        results: str | None = "json", graph: str | None = "ttl",
        graphs: tuple[list[str], list[str]] | None = None,
        row_limit: int | None = None,
        prefixes: dict[str, str] | None = None) -> workers.Stream:
    """Start the query ``text``; its answer in ``results`` (SELECT, ASK) or ``graph``
    (CONSTRUCT, DESCRIBE) format, as the stream's head says. ``graphs``: the protocol's
    default and named graphs, instead of the union; ``prefixes``: for a Turtle answer."""
    screened = guard.screen(text, settings.service_allowlist, base=base)
    default, named = graphs or (None, None)
    job = jobs.QueryJob(
        query=screened.text, base_iri=base,
        refused=screened.refused[0] if screened.refused else None,
        union=settings.union_default_graph,
        default_graph=None if graphs is None else tuple(default),
        named_graphs=None if graphs is None else tuple(named),
        results=results, graph=graph, row_limit=row_limit,
        prefixes=tuple((prefixes or {}).items()))
    if screened.services:
        timeout = settings.service_timeout
        late = (f"the federated query did not finish within {timeout:g} s "
                f"(TECHTIES_SERVICE_TIMEOUT); it called "
                + ", ".join(sorted(set(screened.services))))
    else:
        timeout = settings.query_timeout
        late = (f"the query did not finish within {timeout:g} s and was stopped "
                "(TECHTIES_QUERY_TIMEOUT)")
    return _start(job, pool, dataset, timeout, late)


def dump(graph: str | None, fmt, *, pool: workers.Pool, dataset,
         prefixes: dict[str, str] | None = None) -> workers.Stream:
    """Start writing ``graph`` (an IRI, or "default"), or the dataset, as ``fmt``; see
    :func:`server.store.dump`."""
    job = jobs.DumpJob(graph, fmt.name, tuple((prefixes or {}).items()))
    return _start(job, pool, dataset, None, "")


def _start(job: workers.Job, pool: workers.Pool, dataset, timeout: float | None,
           late: str) -> workers.Stream:
    try:
        with dataset.pinned() as location:
            return pool.run(job, str(location), timeout)
    except TimeoutError:
        raise TimeoutError(late) from None
    except workers.Crashed as exc:
        raise workers.Crashed(f"the query engine crashed on this query ({exc}); it was "
                              "restarted and the server is unaffected") from None
    except workers.Busy:
        raise workers.Busy("every query worker is busy; try again shortly") from None


def update(text: str, *, dataset, settings, base: str | None = None,
           using: tuple[list[str], list[str]] | None = None) -> None:
    """Run the update ``text`` a user sent; ``using``: the protocol's using-graph-uri and
    using-named-graph-uri. Refused if it nests too deeply or calls an endpoint off the
    allow-list (after its syntax is checked, so that a syntax error is said first)."""
    screened = guard.screen(text, settings.service_allowlist, base=base, update=True)
    text = guard.with_using(screened.text, *using) if using else screened.text
    if screened.refused:
        guard.syntax_check(text, base=base, update=True)
        raise guard.Refused(screened.refused[0])
    apply(text, dataset=dataset, base=base)


def apply(text: str, *, dataset, base: str | None = None) -> None:
    """Run an update on the live store (all or nothing; then a new checkpoint for the
    readers): a user's, screened by :func:`update`, or one the server wrote itself (a Graph
    Store write)."""
    try:
        with dataset.write() as db:
            if not isinstance(db, ox.Store):  # remote: pyoxigraph's message, whoever is behind
                guard.syntax_check(text, base=base, update=True)
            db.update(text, base_iri=base)
    except (SyntaxError, FileNotFoundError):
        raise
    except (OSError, ValueError, RuntimeError) as exc:
        raise jobs.EvaluationError(f"the update failed: {exc}") from None
