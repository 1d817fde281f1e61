"""A submission's check, run in a worker process rather than in a request thread.

The check is pure Python (pySHACL) and takes about 1 ms per submitted triple: a submission
near the size limit would hold the server's GIL for minutes and queue every other submission
behind it. In a worker (:mod:`server.query.workers`, which runs :class:`ValidationJob` by
its handler's name) it runs against the newest checkpoint (the store as every reader sees
it), and past ``TECHTIES_VALIDATION_TIMEOUT`` its worker is killed and replaced, as for a
runaway query.
"""

import pickle
from dataclasses import dataclass

from ..query import workers


class TooSlow(TimeoutError):
    """The check did not finish within the validation timeout; nothing was recorded."""


@dataclass(frozen=True)
class ValidationJob(workers.Job):
    """A submission to check, as :func:`server.submission.check.check_body` does; the
    worker answers with :func:`server.submission.check.answer`, importing the checker (and
    pySHACL) only then."""

    handler = "server.submission.check:answer"

    body: bytes
    media_type: str
    id: str
    description: str
    """How the report names the store it was checked against."""


class InWorker:
    """Checks submissions in a worker of ``pool``, against the newest checkpoint of
    ``dataset``, as :class:`server.submission.check.InProcess` does in this process. Raises
    ParseError, TooSlow, or workers.Busy / workers.Crashed."""

    def __init__(self, pool: workers.Pool, dataset, timeout: float,
                 description: str = "the store"):
        self.pool, self.dataset, self.timeout = pool, dataset, timeout
        self.description = description

    def __call__(self, body: bytes, fmt, submission_id: str):
        job = ValidationJob(body, fmt.media_type, submission_id, self.description)
        try:
            with self.dataset.pinned() as checkpoint:
                stream = self.pool.run(job, str(checkpoint), self.timeout)
                data = stream.read()
        except TimeoutError:
            raise TooSlow(self._too_slow()) from None
        except workers.Crashed:
            raise workers.Crashed(_CRASHED) from None
        except workers.Busy:
            raise workers.Busy("every worker is busy; try again shortly") from None
        if stream.failure == "timeout":
            raise TooSlow(self._too_slow())
        if not stream.complete:
            raise workers.Crashed(_CRASHED)
        return pickle.loads(data)  # (N-Triples, report), from our own worker process

    def _too_slow(self) -> str:
        return (f"the submission could not be checked within {self.timeout:g} s "
                "(TECHTIES_VALIDATION_TIMEOUT): send it in smaller parts")


_CRASHED = "the check of this submission crashed its worker; the server is unaffected"
