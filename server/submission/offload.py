"""A submission's check, run in a query worker process rather than in a request thread.

The check is pure Python (pySHACL) and takes about 1 ms per submitted triple: a submission
near the size limit would hold the server's GIL for minutes and queue every other submission
behind it. In a worker it runs against the newest checkpoint (the store as every reader sees
it), and past ``TECHTIES_VALIDATION_TIMEOUT`` its worker is killed and replaced, as for a
runaway query (:mod:`server.query.workers`).
"""

import json
import pickle

from ..query import workers
from . import parse


class TooSlow(Exception):
    """The check did not finish within the validation timeout; nothing was recorded."""


def in_worker(dataset, timeout: float):
    """A ``validate`` for :func:`server.submission.workflow.submit` that runs in a worker of
    ``dataset``'s pool; raises TooSlow, or workers.Busy / workers.Crashed."""

    def validate(body: bytes, fmt, target, submission_id: str):
        job = {"kind": "validate", "body": body, "media_type": fmt.media_type,
               "id": submission_id, "description": target.description}
        with dataset.pinned() as checkpoint:
            try:
                stream = dataset.pool.run({**job, "checkpoint": str(checkpoint)}, timeout)
                data = stream.read()
            except workers.Timeout:
                raise TooSlow(_too_slow(timeout)) from None
            except workers.QueryError as exc:
                if exc.kind != "parse":
                    raise
                where = json.loads(exc.message)
                raise parse.ParseError(where["message"], where["line"], where["column"]) from None
        if stream.failure == "timeout":
            raise TooSlow(_too_slow(timeout))
        if not stream.complete:
            raise workers.Crashed(stream.failure or "the worker stopped")
        return pickle.loads(data)  # (N-Triples, report), from our own worker process

    return validate


def _too_slow(timeout: float) -> str:
    return (f"the submission could not be checked within {timeout:g} s "
            "(TECHTIES_VALIDATION_TIMEOUT): send it in smaller parts")
