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
``LookupError``, :class:`~server.query.jobs.EvaluationError`, :class:`Stopped` (a
``TimeoutError``),
``FileNotFoundError`` (no store), :class:`server.store.lock.Busy` (another process holds
the store), :class:`~server.query.workers.Busy` and
:class:`~server.query.workers.Crashed`, each with a message for that user; a syntax error as a
:class:`~server.query.syntax.QuerySyntaxError`, told at the place of the mistake.
"""

import pyoxigraph as ox

from .. import store
from ..store import merged
from . import guard, jobs, syntax, updates, workers


class Stopped(TimeoutError):
    """A query stopped at its time limit: ``setting`` names the limit (TECHTIES_QUERY_TIMEOUT or
    TECHTIES_SERVICE_TIMEOUT), ``seconds`` its value."""

    def __init__(self, message: str, setting: str, seconds: float):
        super().__init__(message, setting, seconds)
        self.setting = setting
        self.seconds = seconds

    def __str__(self) -> str:
        return self.args[0]


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
        late = Stopped(f"the federated query did not finish within {timeout:g} s and was "
                       "stopped by TECHTIES_SERVICE_TIMEOUT; it called "
                       + ", ".join(sorted(set(screened.services))),
                       "TECHTIES_SERVICE_TIMEOUT", timeout)
    else:
        timeout = settings.query_timeout
        late = Stopped(f"the query did not finish within {timeout:g} s and was stopped by "
                       "TECHTIES_QUERY_TIMEOUT", "TECHTIES_QUERY_TIMEOUT", timeout)
    try:
        return _start(job, pool, dataset, timeout, late)
    except SyntaxError as exc:
        raise syntax.explain(text, exc) from None


def dump(graph: str | None, fmt, *, pool: workers.Pool, dataset,
         prefixes: dict[str, str] | None = None) -> workers.Stream:
    """Start writing ``graph`` (an IRI, or "default"), or the dataset, as ``fmt``; see
    :func:`server.store.dump`."""
    job = jobs.DumpJob(graph, fmt.name, tuple((prefixes or {}).items()))
    return _start(job, pool, dataset, None, None)


def _start(job: workers.Job, pool: workers.Pool, dataset, timeout: float | None,
           late: Stopped | None) -> workers.Stream:
    try:
        with dataset.pinned() as location:
            return pool.run(job, str(location), timeout)
    except TimeoutError:
        raise late from None
    except workers.Crashed as exc:
        raise workers.Crashed(f"the query engine crashed on this query ({exc}); it was "
                              "restarted and the server is unaffected") from None
    except workers.Busy as exc:
        raise workers.Busy(f"every query worker is busy ({exc}); try again shortly") from None


def update(text: str, *, dataset, settings, base: str | None = None,
           using: tuple[list[str], list[str]] | None = None, gate=None) -> None:
    """Run the update ``text`` a user sent; ``using``: the protocol's using-graph-uri and
    using-named-graph-uri; ``gate``: as :func:`apply`. Refused if it nests too deeply or
    calls an endpoint off the allow-list (after its syntax is checked, so that a syntax error
    is said first)."""
    screened = guard.screen(text, settings.service_allowlist, base=base, update=True)
    runs = guard.with_using(screened.text, *using) if using else screened.text
    try:
        if screened.refused:
            guard.syntax_check(runs, base=base, update=True)
            raise guard.Refused(screened.refused[0])
        apply(runs, dataset=dataset, base=base, gate=gate)
    except SyntaxError as exc:
        raise syntax.explain(text, exc) from None


def apply(text: str, *, dataset, base: str | None = None, gate=None,
          graphs: tuple[str, ...] | None = None) -> None:
    """Run an update on the live store (all or nothing; then a new checkpoint for the
    readers): a user's, screened by :func:`update`, or one the server wrote itself (a Graph
    Store write, which says the named ``graphs`` it changes). ``gate(text, db, base)``, if
    given, is called first, under the write lock, and raises what refuses it
    (:class:`server.submission.writes.Writes`). The merge queries read as their default graph
    is brought up to date in the same transaction (:func:`server.store.merged.maintained`),
    so a user's text is checked alone first: a syntax error is reported where the user made
    it."""
    with dataset.write() as db:
        user = graphs is None and isinstance(db, ox.Store)
        if user or gate is not None or not isinstance(db, ox.Store):
            # the gate and the reading of a user's graphs take well-formed text only; and a
            # remote store's errors are its own: pyoxigraph's message, whoever is behind
            guard.syntax_check(text, base=base, update=True)
        if gate is not None:
            gate(text, db, base)
        if user:
            graphs = changed(text, base)
        # a user's text may end so that no ";" can follow; the server's (perhaps long: Graph
        # Store data) is plain operations, and a remote store's is sent as it is
        joint = guard.separator(text) if user else " ;"
        prologue, operations = guard.split_prologue(text) if user else ("", text)
        try:
            db.update(merged.maintained(operations, db, graphs, separator=joint,
                                        prologue=prologue), base_iri=base)
        except SyntaxError:
            raise
        except (OSError, ValueError, RuntimeError) as exc:
            if store.storage_fault(exc):  # the store's, not the update's: the dataset's to handle
                raise
            raise jobs.EvaluationError(f"the update failed: {exc}") from None


def changed(text: str, base: str | None = None) -> tuple[str, ...] | None:
    """The named graphs the well-formed update ``text`` may change, read from its text
    (:func:`server.query.updates.operations`); None if it may change any (a template that
    writes ``GRAPH ?var``, ``CLEAR``/``DROP ALL`` or ``NAMED``).

    >>> changed("INSERT DATA { GRAPH <http://e/g> { <http://e/a> <http://e/b> 1 } } ;"
    ...         " MOVE <http://e/h> TO <http://e/i>")
    ('http://e/g', 'http://e/i', 'http://e/h')
    >>> changed("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }") is None
    True
    """
    found: list[str] = []
    for op in updates.operations(text, base):
        if op.every or op.variable:
            return None
        found += [g for g in (*op.writes, op.source) if g and g != updates.DEFAULT]
    return tuple(dict.fromkeys(found))
