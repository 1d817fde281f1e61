"""Federated queries: SERVICE only to allow-listed endpoints, and with a timeout of its own.

pyoxigraph follows SERVICE to any IRI it is given and has no timeout, so a query is checked
before it runs (:func:`check`, with the HTTP server's guard: every SERVICE IRI must be on
``settings.service_allowlist``; a SERVICE whose endpoint is a variable is refused), and a
query that calls a service runs in a child process that is killed when
``settings.service_timeout`` (``TECHTIES_SERVICE_TIMEOUT``, seconds) has passed.
"""

import multiprocessing
import tempfile
from pathlib import Path

import pyoxigraph as ox

from .. import store
from ..store import remote
from . import guard, sparql

ServiceNotAllowed = guard.Refused
"""The query calls an endpoint that is not on the allow-list (or one that cannot be checked)."""


class ServiceError(RuntimeError):
    """A federated query failed while it ran (the endpoint refused, or the child died)."""


class ServiceTimeout(ServiceError):
    """The federated query did not finish within the service timeout."""


def services(query: str) -> list[str | None]:
    """The SERVICE endpoints ``query`` calls, in order, once each; None for a variable.

    Read by the HTTP server's guard (server/guard.py), so the command line and /sparql find
    the same endpoints.
    """
    return list(dict.fromkeys(guard.endpoints(query)))


def screen(query: str, allowlist) -> guard.Screened:
    """The query as it may run (a SILENT call off the list replaced by an IRI that cannot be
    fetched, as the HTTP server does), and the allowed endpoints it calls; ServiceNotAllowed
    for any other call."""
    screened = guard.screen(query, allowlist)
    if screened.refused:
        raise ServiceNotAllowed(screened.refused[0])
    return screened


def check(query: str, allowlist) -> list[str]:
    """The allowed endpoints ``query`` calls; ServiceNotAllowed for any other."""
    return screen(query, allowlist).services


def execute(store_path, query: str, *, settings):
    """Run ``query`` against the store; isolated and timed if it calls a service."""
    screened = screen(query, settings.service_allowlist)
    query, endpoints = screened.text, sorted(set(screened.services))
    union = settings.union_default_graph
    if not endpoints:
        db = store.open_store(store_path, read_only=True)
        return sparql.execute(db, query, union=union)
    with tempfile.TemporaryDirectory(prefix="techties-service-") as tmp:
        out = Path(tmp) / "result"
        child = multiprocessing.get_context("spawn").Process(
            target=_child, args=(str(store_path), query, union, str(out)), daemon=True)
        child.start()
        child.join(settings.service_timeout)
        if child.is_alive():
            child.kill()
            child.join()
            raise ServiceTimeout(
                f"the federated query did not finish within {settings.service_timeout:g} s "
                f"(TECHTIES_SERVICE_TIMEOUT); it called {', '.join(endpoints)}")
        data = out.read_bytes() if out.exists() else b""
        if child.exitcode != 0:
            message = data.decode("utf-8", "replace") or f"exit code {child.exitcode}"
            if message.startswith("SyntaxError: "):
                raise SyntaxError(message.removeprefix("SyntaxError: "))
            raise ServiceError(f"the federated query failed: {message}")
    return _results(data)


def _child(store_path: str, query: str, union: bool, out: str) -> None:
    import sys

    try:
        db = store.open_reader(store_path)
        result = sparql.execute(db, query, union=union)
        with open(out, "wb") as fh:
            if sparql.is_graph_result(result):
                fh.write(b"G")
                result.serialize(fh, ox.RdfFormat.N_TRIPLES)
            else:
                fh.write(b"R")
                result.serialize(fh, ox.QueryResultsFormat.JSON)
    except Exception as exc:  # noqa: BLE001  reported to the parent as text
        Path(out).write_text(f"{type(exc).__name__}: {exc}", encoding="utf-8")
        sys.exit(1)


def _results(data: bytes):
    """The child's answer, as pyoxigraph result objects that sparql.write can serialize."""
    if data[:1] == b"G":
        return remote.graph_result(data[1:])
    return ox.parse_query_results(data[1:], ox.QueryResultsFormat.JSON)
