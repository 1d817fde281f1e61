"""Answers cached per store version, with ETags and 304s.

A read (a query by GET or POST, a page, a dump, ``/void``, a graph of ``/store``) gives the
same answer until the store changes, and a library query is asked again and again: each
costs a worker round trip, and some of them tens of milliseconds of evaluation. So a
complete answer (not a streamed one: those are the large ones, and every dump) is kept,
keyed by the normalized request (the host it was sent to, path, sorted parameters, a
query's body, and the headers its answer depends on: ``Accept``) and the store's version
(:attr:`Dataset.generation`, which every write, and a ``techties load`` under the server,
moves on). A write so makes every entry unreachable; they age out of the LRU. Every
cacheable answer carries an ``ETag`` made of the server's start, the version and the key,
so a client's ``If-None-Match`` is answered 304 without running anything.

The entries' total size is bounded (``TECHTIES_ANSWER_CACHE``, MB; ``0`` turns it off), as is
one entry (an eighth of it); hits and misses are counted for ``/health``. A remote store
changed by someone else is not seen: its version counts this server's writes only.
"""

import collections
import hashlib
import secrets
import threading
from dataclasses import dataclass

from flask import Flask, Response, current_app, request

CACHED = ("/sparql", "/id/", "/.well-known/genid/", "/class/", "/dumps/", "/void", "/store",
          "/ontology")
"""The read paths whose answers depend on the store alone (and the request)."""
MAX_BODY = 64 * 1024
"""The largest query body that is part of a key (a longer one is answered, not cached)."""
VARY = ("Accept",)
"""Request headers an answer depends on (compression is applied to what comes out)."""


@dataclass
class Entry:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


class Answers:
    """An LRU of answers, at most ``limit`` bytes in all (bodies and keys; the headers are a
    few hundred bytes each)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.largest = limit // 8
        self.boot = secrets.token_hex(4)
        self._entries: collections.OrderedDict[str, Entry] = collections.OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: str) -> Entry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def hit(self) -> None:
        """Count a hit answered without an entry (a 304)."""
        with self._lock:
            self.hits += 1

    def put(self, key: str, entry: Entry) -> None:
        size = len(entry.body) + len(key)
        if size > self.largest:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= len(old.body) + len(key)
            self._entries[key] = entry
            self._size += size
            while self._size > self.limit:
                gone, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.body) + len(gone)

    def statistics(self) -> dict:
        with self._lock:
            asked = self.hits + self.misses
            return {"entries": len(self._entries), "bytes": self._size,
                    "limit_bytes": self.limit, "hits": self.hits, "misses": self.misses,
                    "hit_rate": round(self.hits / asked, 4) if asked else None}


def _key() -> str | None:
    """The normalized request, or None if its answer is not to be cached."""
    if not request.path.startswith(CACHED) or "Authorization" in request.headers:
        return None
    if request.method in ("GET", "HEAD"):
        body = b""
    elif (request.content_length or 0) > MAX_BODY:
        return None
    elif request.method == "POST" and request.path == "/sparql":
        if request.mimetype == "application/sparql-query":
            body = request.get_data()
        elif request.mimetype == "application/x-www-form-urlencoded" and \
                "update" not in request.form:
            body = repr(sorted(request.form.items(multi=True))).encode()
        else:
            return None
    else:
        return None
    # the host too: an answer names it (a query's base IRI, /void's endpoints, the row
    # limit's help link), and one server may be reached by several names
    parts = [request.host_url, request.path, repr(sorted(request.args.items(multi=True))),
             *(request.headers.get(h, "") for h in VARY)]
    digest = hashlib.blake2b("\n".join(parts).encode() + b"\n" + body, digest_size=16)
    return digest.hexdigest()


def _version() -> int:
    dataset = current_app.extensions["techties.dataset"]
    dataset.checkpoint()  # notices a store reloaded under the server
    return dataset.generation


def _before():
    answers: Answers = current_app.extensions["techties.answers"]
    try:
        key = _key()
    except Exception:  # noqa: BLE001  a malformed body: the view says what is wrong
        return None
    if key is None:
        return None
    try:
        version = _version()
    except OSError:  # no store: the view says so
        return None
    tag = f"{answers.boot}-{version}-{key}"
    if _matches(request.headers.get("If-None-Match", ""), tag):
        answers.hit()
        return Response(status=304, headers={"ETag": f'"{tag}"', "Vary": ", ".join(VARY)})
    entry = answers.get(f"{version}:{key}")
    if entry is None:
        request.environ["techties.cache"] = (f"{version}:{key}", tag)  # for _after to keep
        return None
    return Response(entry.body, status=entry.status, headers=entry.headers)


def _matches(header: str, tag: str) -> bool:
    """Whether ``If-None-Match`` names ``tag`` (compression may have suffixed ``:gzip``)."""
    for candidate in header.split(","):
        candidate = candidate.strip().removeprefix("W/").strip('"')
        if candidate == "*" or candidate.split(":")[0] == tag:
            return True
    return False


def _after(response: Response) -> Response:
    marked = request.environ.get("techties.cache")
    if marked is None or response.status_code != 200:
        return response
    key, tag = marked
    response.headers["ETag"] = f'"{tag}"'
    if not response.is_streamed and request.method != "HEAD":
        headers = [(k, v) for k, v in response.headers.items()
                   if k.lower() not in ("content-length", "set-cookie")]
        current_app.extensions["techties.answers"].put(
            key, Entry(response.status_code, headers, response.get_data()))
    return response


def init_app(app: Flask, megabytes: int) -> None:
    """Cache answers in at most ``megabytes`` (0: none). Registered after compression, so
    that its hook sees answers before they are compressed."""
    if not megabytes:
        return
    app.extensions["techties.answers"] = Answers(megabytes * 1024 * 1024)
    app.before_request(_before)
    app.after_request(_after)


def statistics(app: Flask) -> dict | None:
    answers = app.extensions.get("techties.answers")
    return answers.statistics() if answers else None
