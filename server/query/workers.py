"""SPARQL evaluation in worker processes that can be killed.

pyoxigraph has no query timeout or cancellation, releases the GIL, and crashes its process on
a query nested some 10,000 levels deep. So queries (and dumps) run in a small pool of worker
processes. Each opens, read-only, the store checkpoint a job names (the server writes only
the live store, never a checkpoint) and streams its answer back through a pipe in chunks. The
server waits for each chunk with the job's deadline: a job past it has its worker killed and
replaced, and a worker that dies is replaced too; the server itself carries on.

A worker holds back the first ``HOLD`` bytes of an answer, so that a small answer arrives
whole and known complete (or truncated at the row limit) before the server sends its status
and headers; a larger one streams (see :mod:`server.query.rowlimit` for the row limit).

>>> Pool(1).size
1
"""

import json
import multiprocessing
import os
import pickle
import queue
import threading
import time

import pyoxigraph as ox

from .. import store
from ..formats import RDF_FORMATS, RESULT_FORMATS
from . import rowlimit

CHUNK = 64 * 1024
HOLD = 4 * 1024 * 1024


class QueryError(Exception):
    """The worker refused or failed the job: ``kind`` is syntax, not-acceptable, not-found or
    evaluation."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind
        self.message = message


class Timeout(Exception):
    """The job did not finish within its time; its worker was killed."""


class Crashed(Exception):
    """The worker died while running the job (a crash in the query engine)."""


class Busy(Exception):
    """No worker became free in time."""


# --- the server's side ----------------------------------------------------------------------

class Worker:
    def __init__(self, context, initializer=None):
        parent, child = context.Pipe()
        self.conn = parent
        self.process = context.Process(target=_main, args=(child, initializer), daemon=True,
                                       name="techties-query-worker")
        self.process.start()
        child.close()
        self.holding: str | None = None

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def receive(self, deadline: float | None):
        remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
        try:
            ready = self.conn.poll(remaining)
        except (OSError, EOFError):
            raise Crashed(self._death()) from None
        if not ready:
            raise Timeout()
        try:
            return self.conn.recv()
        except (EOFError, OSError):
            raise Crashed(self._death()) from None

    def _death(self) -> str:
        self.process.join(2)
        code = self.process.exitcode
        if code is not None and code < 0:
            return f"signal {-code}"
        return f"exit code {code}"


class Pool:
    """At most ``size`` workers, started on demand, shared by every app in the process.

    ``initializer``, ``(function, args)``, runs first in each new worker (a module-level
    function: workers are spawned, so it is pickled)."""

    def __init__(self, size: int, initializer=None):
        self.size = size
        self.initializer = initializer
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.LifoQueue[Worker] = queue.LifoQueue()
        self._workers: set[Worker] = set()
        self._lock = threading.Lock()

    def _acquire(self, wait: float) -> Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self._workers) < self.size:
                worker = Worker(self._context, self.initializer)
                self._workers.add(worker)
                return worker
        try:
            return self._idle.get(timeout=wait)
        except queue.Empty:
            raise Busy() from None

    def release(self, worker: Worker) -> None:
        self._idle.put(worker)

    def discard(self, worker: Worker) -> None:
        """Kill ``worker``; a new one is started when next needed."""
        with self._lock:
            self._workers.discard(worker)
        worker.kill()

    def holding(self) -> set[str]:
        """The checkpoints the workers have open."""
        return {w.holding for w in list(self._workers) if w.holding}

    def run(self, job: dict, timeout: float | None, wait: float = 10.0) -> "Stream":
        """Start ``job``; return once its head (form, format) has come, or raise."""
        worker = self._acquire(wait)
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            worker.holding = job["checkpoint"]
            worker.conn.send(job)
            message = worker.receive(deadline)
        except Timeout:
            self.discard(worker)
            raise
        except Crashed:
            self.discard(worker)
            raise
        except BaseException:
            self.discard(worker)
            raise
        if message[0] == "error":
            self.release(worker)
            raise QueryError(message[1], message[2])
        stream = Stream(self, worker, message[1], deadline)
        if message[1].get("truncated") is not None:  # complete: take it all, free the worker
            stream.prefetch()
        return stream

    def close(self) -> None:
        with self._lock:
            workers, self._workers = list(self._workers), set()
        for worker in workers:
            worker.kill()


class Stream:
    """A job's answer: ``head`` (form, format, truncated) and then its bytes, by iteration."""

    def __init__(self, pool: Pool, worker: Worker, head: dict, deadline: float | None):
        self.pool = pool
        self.worker = worker
        self.head = head
        self.deadline = deadline
        self.complete = False
        self.failure: str | None = None
        self.chunks: list[bytes] | None = None

    def prefetch(self) -> None:
        """Read the rest of a held (small, complete) answer now and free the worker."""
        self.chunks = list(self._receive())
        self.close()

    def __iter__(self):
        if self.chunks is not None:
            yield from self.chunks
            return
        yield from self._receive()

    def _receive(self):
        try:
            while True:
                try:
                    message = self.worker.receive(self.deadline)
                except Timeout:
                    self.failure = "timeout"
                    return
                except Crashed as exc:
                    self.failure = f"crashed ({exc})"
                    return
                if message[0] == "data":
                    yield message[1]
                elif message[0] == "end":
                    self.complete = True
                    self.head = {**self.head, **message[1]}
                    return
                else:  # "abort": the evaluation failed after the answer had started
                    self.failure = message[1]
                    self.complete = True  # the worker is fine and idle again
                    return
        finally:
            self.close()

    def read(self) -> bytes:
        return b"".join(self)

    def close(self) -> None:
        if self.worker is None:
            return
        worker, self.worker = self.worker, None
        if self.complete:
            self.pool.release(worker)
        else:  # abandoned or timed out mid-answer: the worker may still be busy
            self.pool.discard(worker)


_pool: Pool | None = None
_pool_lock = threading.Lock()


def pool(size: int = 2, initializer=None) -> Pool:
    """The process's pool (created with ``size`` workers at most on first use)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = Pool(size, initializer)
        return _pool


# --- the worker's side ----------------------------------------------------------------------

def _watch_parent() -> None:
    """Exit when the server is gone (even killed with SIGKILL), whatever the query is doing."""
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _main(conn, initializer) -> None:
    _watch_parent()
    if initializer is not None:
        function, args = initializer
        function(*args)
    stores: dict[str, ox.Store] = {}
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            db = stores.get(job["checkpoint"])
            if db is None:
                stores.clear()
                db = stores[job["checkpoint"]] = store.open_reader(job["checkpoint"])
            if job["kind"] == "query":
                _query(conn, db, job)
            elif job["kind"] == "validate":
                _validate(conn, db, job)
            else:
                _dump(conn, db, job)
        except Exception as exc:  # noqa: BLE001  reported to the server, the worker goes on
            conn.send(("error", "evaluation", str(exc) or type(exc).__name__))


class _Out:
    """Bytes to the server: held until ``HOLD`` bytes or the end, then sent in chunks."""

    def __init__(self, conn, head: dict):
        self.conn = conn
        self.head = head
        self.held: list[bytes] = []
        self.size = 0
        self.started = False

    def write(self, data) -> int:
        data = bytes(data)
        if self.started:
            for i in range(0, len(data), CHUNK):
                self.conn.send(("data", data[i:i + CHUNK]))
        else:
            self.held.append(data)
            self.size += len(data)
            if self.size >= HOLD:
                self._start(None)
        return len(data)

    def flush(self) -> None:
        pass

    def _start(self, truncated) -> None:
        self.conn.send(("head", {**self.head, "truncated": truncated}))
        self.started = True
        held, self.held = b"".join(self.held), []
        if held:
            self.write(held)

    def finish(self, truncated: bool) -> None:
        if not self.started:
            self._start(truncated)
        self.conn.send(("end", {"truncated": truncated}))

    def fail(self, kind: str, message: str) -> None:
        if self.started:
            self.conn.send(("abort", message))
        else:
            self.conn.send(("error", kind, message))


def _query(conn, db: ox.Store, job: dict) -> None:
    options = {"base_iri": job.get("base_iri"),
               "use_default_graph_as_union": job.get("union", False)}
    if job.get("default_graph") is not None or job.get("named_graphs") is not None:
        options["use_default_graph_as_union"] = False
        options["default_graph"] = [ox.NamedNode(g) for g in job.get("default_graph") or []]
        options["named_graphs"] = [ox.NamedNode(g) for g in job.get("named_graphs") or []]
    try:
        result = db.query(job["query"], **options)
    except SyntaxError as exc:
        conn.send(("error", "syntax", str(exc)))
        return
    if job.get("refused"):  # it parses, but calls an endpoint that is not allowed
        conn.send(("error", "refused", job["refused"]))
        return
    if isinstance(result, ox.QueryTriples):
        form, family, table = "graph", "graph", RDF_FORMATS
    elif isinstance(result, ox.QueryBoolean):
        form, family, table = "boolean", "results", RESULT_FORMATS
    else:
        form, family, table = "solutions", "results", RESULT_FORMATS
    name = job["formats"].get(family)
    if name is None:
        conn.send(("error", "not-acceptable", family))
        return
    fmt = table[name]
    out = _Out(conn, {"form": form, "format": name})
    limit = job.get("row_limit") or None
    try:
        if form == "graph":
            truncated = rowlimit.write_triples(result, fmt, out, limit)
        elif form == "boolean":
            result.serialize(out, fmt.oxigraph)
            truncated = False
        else:
            truncated = rowlimit.write_solutions(result, fmt, out, limit)
    except Exception as exc:  # noqa: BLE001  evaluation errors surface while serializing
        out.fail("evaluation", str(exc) or type(exc).__name__)
        return
    out.finish(truncated)


def _validate(conn, db: ox.Store, job: dict) -> None:
    """A submission's check (:mod:`server.submission.offload`): the pickled (N-Triples as
    the record keeps them, report), or the parse error's message, line and column as JSON."""
    from ..submission import parse, workflow  # only workers that validate pay for the import

    try:
        checked = workflow.validate_bytes(
            job["body"], parse.format_for(job["media_type"]),
            workflow.Against(db, job["description"]), job["id"])
    except parse.ParseError as exc:
        conn.send(("error", "parse", json.dumps(
            {"message": exc.message, "line": exc.line, "column": exc.column})))
        return
    out = _Out(conn, {"form": "validation"})
    out.write(pickle.dumps(checked))
    out.finish(False)


def _dump(conn, db: ox.Store, job: dict) -> None:
    """A graph (``graph``: an IRI, or "default"), the union, or the whole dataset."""
    fmt = RDF_FORMATS[job["format"]]
    graph = job.get("graph")
    if graph not in (None, "default") and not db.contains_named_graph(ox.NamedNode(graph)):
        conn.send(("error", "not-found", graph))
        return
    out = _Out(conn, {"form": "graph", "format": fmt.name})
    try:
        if graph == "default":
            db.dump(out, fmt.oxigraph, from_graph=ox.DefaultGraph())
        elif graph is not None:
            db.dump(out, fmt.oxigraph, from_graph=ox.NamedNode(graph))
        elif fmt.dataset:
            db.dump(out, fmt.oxigraph)
        else:
            db.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                     use_default_graph_as_union=True).serialize(out, fmt.oxigraph)
    except Exception as exc:  # noqa: BLE001
        out.fail("evaluation", str(exc) or type(exc).__name__)
        return
    out.finish(False)
