"""Rate limits per client: how many writes, and how many submissions, one client may send in a
period (``TECHTIES_RATE_LIMIT_WRITES``, ``TECHTIES_RATE_LIMIT_SUBMISSIONS``; off by default).

Writes are SPARQL updates, Graph Store PUT, POST and DELETE, and curator decisions;
submissions are POSTs to ``/submissions``. Each is counted when it arrives, before its token
is checked (so that guessing tokens is limited too) and before any work is done. A client is
the address the request comes from (behind a reverse proxy, every client is the proxy: limit
there instead, or as well).

Each client has a token bucket per kind: it holds at most ``count`` requests and fills again
at ``count`` per ``period``, so a client may send a burst of ``count`` and then one every
``period / count`` seconds. Past that: 429, with ``Retry-After`` saying when the next one will
be taken. Buckets live in the server process (one ``techties serve``) and are forgotten
once full again.
"""

import math
import threading
import time

from flask import current_app, request

from ..config import Rate
from . import errors

EXTENSION = "techties.limits"
SETTINGS = {"writes": "rate_limit_writes", "submissions": "rate_limit_submissions"}
"""Each kind of request limited, and the setting that says how much."""


class Limiter:
    def __init__(self, rates: dict[str, Rate | None], clock=time.monotonic):
        self.rates = rates
        self.clock = clock
        self._buckets: dict[tuple[str, str], tuple[float, float]] = {}
        self._lock = threading.Lock()

    def wait(self, kind: str, client: str) -> float:
        """Take one request of ``kind`` from ``client``: 0 if it may go ahead, else the
        seconds until it may."""
        rate = self.rates.get(kind)
        if rate is None:
            return 0.0
        now = self.clock()
        with self._lock:
            if len(self._buckets) > 10000:
                self._forget_full(now)
            tokens, then = self._buckets.get((kind, client), (float(rate.count), now))
            tokens = min(rate.count, tokens + (now - then) * rate.count / rate.period)
            if tokens >= 1:
                self._buckets[(kind, client)] = (tokens - 1, now)
                return 0.0
            self._buckets[(kind, client)] = (tokens, now)
            return (1 - tokens) * rate.period / rate.count

    def _forget_full(self, now: float) -> None:
        """Drop the buckets that have filled up again (a client not seen for a while)."""
        for (kind, client), (tokens, then) in list(self._buckets.items()):
            rate = self.rates[kind]
            if tokens + (now - then) * rate.count / rate.period >= rate.count:
                del self._buckets[(kind, client)]


def init_app(app, settings) -> None:
    app.extensions[EXTENSION] = Limiter({kind: getattr(settings, name)
                                         for kind, name in SETTINGS.items()})


def check(kind: str) -> None:
    """Raise 429 (with Retry-After) if the client is past its limit for ``kind``."""
    limiter: Limiter = current_app.extensions[EXTENSION]
    wait = limiter.wait(kind, request.remote_addr or "unknown")
    if wait:
        rate = limiter.rates[kind]
        seconds = max(1, math.ceil(wait))
        raise errors.too_many_requests(
            f"too many {kind} from this client: the limit is {rate.text} "
            f"(TECHTIES_{SETTINGS[kind].upper()}); try again in {seconds} s", seconds)
