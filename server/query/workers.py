"""Jobs run in worker processes that can be killed.

pyoxigraph has no query timeout or cancellation, releases the GIL, and crashes its process on
a query nested some 10,000 levels deep; pySHACL holds the GIL for as long as it checks. So
such work runs in a small pool of worker processes. Each opens, read-only, the store a job
names (a checkpoint, which the server never writes; see :class:`server.store.Reader`) and
streams its answer back through a pipe in chunks. The server waits for each chunk with the
job's deadline: a job past it has its worker killed and replaced, and a worker that dies is
replaced too; the server itself carries on.

The pool knows no job. A job is a small dataclass that names the function that runs it
(:attr:`Job.handler`, ``"module:function"``), which the worker imports when it first meets
it. A handler raises what it raises: the exception crosses the pipe and is raised again, as
itself, by :meth:`Pool.run` (as :class:`JobFailed` if it cannot be pickled), so callers
catch ``SyntaxError`` or ``LookupError`` as they would in one process.

A worker holds back the first ``HOLD`` bytes of an answer, so that a small answer arrives
whole and known complete (or truncated at the row limit) before the server sends its status
and headers; a larger one streams (see :mod:`server.query.rowlimit` for the row limit).

>>> Pool(1).size
1
"""

import collections
import importlib
import multiprocessing
import os
import pickle
import queue
import threading
import time
from dataclasses import dataclass
from typing import ClassVar

from .. import store

CHUNK = 64 * 1024
HOLD = 4 * 1024 * 1024


class Busy(Exception):
    """No worker became free in time."""


class Crashed(Exception):
    """The worker died while running the job (a crash in the engine it ran)."""


class JobFailed(Exception):
    """The job raised an exception that cannot cross the pipe as itself: its class and
    message, as text."""


@dataclass(frozen=True)
class Job:
    """What a worker is asked to do: a subclass adds the fields and names its handler.

    The handler is called as ``handler(job, db, answer)``, ``db`` the store the job is run
    against and ``answer`` an :class:`Answer`; it returns True if it cut its answer short
    (at a row limit), and raises to refuse or fail the job.
    """

    handler: ClassVar[str]
    """``"package.module:function"``."""


# --- the server's side ----------------------------------------------------------------------

class Worker:
    def __init__(self, context, initializer=None):
        parent, child = context.Pipe()
        self.conn = parent
        self.process = context.Process(target=_main, args=(child, initializer), daemon=True,
                                       name="techties-worker")
        self.process.start()
        child.close()

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
            raise TimeoutError()
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
    """At most ``size`` workers, started on demand; :meth:`close` ends them.

    Workers are forked from multiprocessing's fork server (one per process, started clean,
    with this module imported), never from the server itself, whose threads a fork would
    copy mid-flight; so a new pool's first worker starts in milliseconds. ``initializer``,
    ``(function, args)``, runs first in each new worker (a module-level function: it is
    pickled)."""

    def __init__(self, size: int, initializer=None):
        self.size = size
        self.initializer = initializer
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["__main__", __name__])
        self._idle: queue.LifoQueue[Worker] = queue.LifoQueue()
        self._workers: set[Worker] = set()
        self._lock = threading.Lock()
        self.events: collections.Counter[tuple[str, str]] = collections.Counter()
        """How often each thing happened, by (what, the job's handler): "started" (a worker),
        and why a worker was killed, to be replaced when next needed: "timeout", "crash",
        "abandoned" (its answer left half-read), "interrupted". Read by /metrics."""

    def _acquire(self, wait: float) -> Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if len(self._workers) < self.size:
                worker = Worker(self._context, self.initializer)
                self._workers.add(worker)
                self.events["started", ""] += 1
                return worker
        try:
            return self._idle.get(timeout=wait)
        except queue.Empty:
            raise Busy("every worker is busy; try again shortly") from None

    def release(self, worker: Worker) -> None:
        self._idle.put(worker)

    def discard(self, worker: Worker, why: str = "interrupted", handler: str = "") -> None:
        """Kill ``worker``; a new one is started when next needed."""
        with self._lock:
            self._workers.discard(worker)
            self.events[why, handler] += 1
        worker.kill()

    def run(self, job: Job, location: str, timeout: float | None,
            wait: float = 10.0) -> "Stream":
        """Start ``job`` against the store at ``location``; return once the head of its
        answer has come. Raises what the job raised, TimeoutError (its worker killed),
        Crashed, or Busy."""
        worker = self._acquire(wait)
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            worker.conn.send((location, job))
            message = worker.receive(deadline)
        except BaseException as exc:  # timed out, crashed, or interrupted: it may be busy
            why = ("timeout" if isinstance(exc, TimeoutError) else
                   "crash" if isinstance(exc, Crashed) else "interrupted")
            self.discard(worker, why, job.handler)
            raise
        if message[0] == "error":
            self.release(worker)
            raise message[1]
        stream = Stream(self, worker, message[1], deadline, job.handler)
        if message[1].get("truncated") is not None:  # complete: take it all, free the worker
            stream.prefetch()
        return stream

    def close(self) -> None:
        with self._lock:
            workers, self._workers = list(self._workers), set()
        for worker in workers:
            worker.kill()


class Stream:
    """A job's answer: ``head`` (what the handler said of it, and ``truncated``), then its
    bytes, by iteration. ``failure`` says why it ended early: "timeout", "crashed (...)", or
    the message of what the handler raised once its answer had begun."""

    def __init__(self, pool: Pool, worker: Worker, head: dict, deadline: float | None,
                 handler: str = ""):
        self.pool = pool
        self.handler = handler
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
                except TimeoutError:
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
                else:  # "abort": the handler failed after the answer had started
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
            why = ("timeout" if self.failure == "timeout" else
                   "crash" if (self.failure or "").startswith("crashed") else "abandoned")
            self.pool.discard(worker, why, self.handler)


# --- the worker's side ----------------------------------------------------------------------

def _watch_parent() -> None:
    """Exit when the parent is gone, whatever the job is doing: the fork server, which ends
    with the server (even one killed with SIGKILL)."""
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
    reader = store.Reader()
    while True:
        try:
            location, job = conn.recv()
        except (EOFError, OSError):
            return
        answer = Answer(conn)
        try:
            truncated = _handler(job.handler)(job, reader.open(location), answer)
            answer.finish(bool(truncated))
        except Exception as exc:  # noqa: BLE001  sent to the server; the worker goes on
            answer.fail(exc)


_handlers: dict = {}


def _handler(name: str):
    """The function ``"module:function"`` names, imported on first use."""
    if name not in _handlers:
        module, _, function = name.partition(":")
        _handlers[name] = getattr(importlib.import_module(module), function)
    return _handlers[name]


def _portable(exc: Exception) -> Exception:
    """``exc`` if it comes through pickling as itself, else a JobFailed that says what it
    was (an exception whose ``__init__`` does not take its ``args`` does not)."""
    try:
        if type(pickle.loads(pickle.dumps(exc))) is type(exc):
            return exc
    except Exception:  # noqa: BLE001  any failure to pickle means: not as itself
        pass
    return JobFailed(f"{type(exc).__name__}: {exc}")


class Answer:
    """What a handler writes its answer to: :meth:`describe` it first (what the server
    needs before the bytes: form, format...), then write bytes. They are held until ``HOLD``
    bytes or the end, then sent in chunks."""

    def __init__(self, conn):
        self.conn = conn
        self.head: dict = {}
        self.held: list[bytes] = []
        self.size = 0
        self.started = False

    def describe(self, **head) -> None:
        self.head.update(head)

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

    def fail(self, exc: Exception) -> None:
        if self.started:  # too late for an error status: the answer just stops
            self.conn.send(("abort", str(exc) or type(exc).__name__))
        else:
            self.conn.send(("error", _portable(exc)))
