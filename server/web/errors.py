"""HTTP errors: built by a few named constructors, rendered in exactly one place.

A view raises ``Problem`` (``raise errors.bad_request("...")``); :func:`render` turns it into
the answer the client prefers, by :func:`server.web.negotiation.choose` over ``Accept``:

- plain text, the message and a newline (the default, and for ``*/*``);
- an HTML page in the site's layout (``templates/error.html``), for browsers;
- JSON problem details (RFC 9457, ``application/problem+json``) for JSON clients: ``type``
  (``about:blank``: the status says it all), ``title`` (the status's phrase), ``status``,
  ``detail`` (the message) and the problem's extension members (a parse error's ``line``
  and ``column``, a limit...).

An API whose answers are JSON (``/submissions``, ``/reconcile``) declares itself with
:func:`json_first`: its problems are JSON by default too. Werkzeug's own HTTP errors (404,
405...) and anything unexpected are rendered the same way, never with a stack trace or an
internal path. What a client sent comes back in a message as a URL would hold it
(:func:`shown`), so never as markup, and every error says ``X-Content-Type-Options: nosniff``.
"""

import json
import os
import re
from http import HTTPStatus
from urllib.parse import quote

from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from . import negotiation  # which imports this module: use its names at call time only


class Problem(Exception):
    """An error answer: status, a short message (the problem's detail), headers, and the
    extension members its JSON form carries besides type, title, status and detail."""

    def __init__(self, status: int, message: str, headers: dict | None = None, **extensions):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}
        self.extensions = extensions

    @property
    def title(self) -> str:
        try:
            return HTTPStatus(self.status).phrase
        except ValueError:
            return "Error"

    def as_json(self) -> dict:
        """The problem details object (RFC 9457)."""
        return {"type": "about:blank", "title": self.title, "status": self.status,
                "detail": self.message, **self.extensions}


def bad_request(message: str, **extensions) -> Problem:
    return Problem(400, message, **extensions)


def unauthorized(message: str) -> Problem:
    return Problem(401, message, {"WWW-Authenticate": 'Bearer realm="techties"'})


def forbidden(message: str) -> Problem:
    return Problem(403, message)


def not_found(message: str) -> Problem:
    return Problem(404, message)


def not_acceptable(available: list[str]) -> Problem:
    return Problem(406, "none of the media types in Accept can be served here; available: "
                        + ", ".join(available))


def conflict(message: str, **extensions) -> Problem:
    return Problem(409, message, **extensions)


def too_large(limit: int, message: str | None = None) -> Problem:
    return Problem(413, message or f"the request body is larger than the limit of {limit} "
                                   "bytes", limit=limit)


def unprocessable(message: str, **extensions) -> Problem:
    return Problem(422, message, **extensions)


def unsupported_media_type(message: str, received: str | None = None, **extensions) -> Problem:
    """A 415 that says what it received: ``received`` (a part's type), else the request's
    Content-Type header, in full (its parameters too: a charset may be what is refused)."""
    if received is None:
        received = request.headers.get("Content-Type", "")
    received = re.sub(r"[^\w!#$%&'*+.^|~/;=\- ]", "?", received.strip())  # no markup back
    said = f"Content-Type {received}" if received else "no Content-Type"
    return Problem(415, f"{message}; the request has {said}", received=received or None,
                   **extensions)


def too_many_requests(message: str, retry_after: int) -> Problem:
    return Problem(429, message, {"Retry-After": str(retry_after)}, retry_after=retry_after)


def internal(message: str) -> Problem:
    return Problem(500, message)


def unavailable(message: str, retry_after: int | None = None, **extensions) -> Problem:
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    return Problem(503, message, headers, **extensions)


def shown(path: str | bytes) -> str:
    """``path`` as a URL writes it (percent-encoded): no markup, no control characters."""
    return quote(path, safe="/:@!$&'()*+,;=-._~%")


def insufficient_storage(message: str) -> Problem:
    return Problem(507, message)


JSON_FIRST = "techties.json_first"
"""The app's extension that names the blueprints declared with :func:`json_first`."""


def json_first(bp: Blueprint) -> Blueprint:
    """Declare ``bp`` an API that answers JSON: without an ``Accept`` header (or with
    ``*/*``) its problems are JSON problem details; a browser still gets a page."""
    bp.record_once(lambda state: state.app.extensions.setdefault(JSON_FIRST, set())
                   .add(bp.name))
    return bp


def _offers() -> list:
    text, page, problem = negotiation.TEXT, negotiation.HTML, negotiation.PROBLEM_JSON
    if request.blueprint in current_app.extensions.get(JSON_FIRST, ()):
        return [problem, page, text]
    return [text, page, problem]


def _private(message: str) -> str:
    """``message`` without the server's own paths (the store's and the records', absolute or
    as configured, relative ones included): a storage fault's message may hold them."""
    settings = current_app.config.get("TECHTIES_SETTINGS")
    location = getattr(settings, "store_location", None)
    if not isinstance(location, (str, os.PathLike)):
        return message  # a remote store: its URLs are no secret of this machine
    paths = {str(location), os.path.abspath(location), os.path.realpath(location)}
    if settings.submissions:
        paths |= {settings.submissions, os.path.abspath(settings.submissions)}
    for path in sorted(paths, key=len, reverse=True):
        message = message.replace(path, "<store>")
    return message


def render(problem: Problem) -> Response:
    """The one place an error becomes a response (``?format=`` is for the answer the request
    asked for: an error follows ``Accept`` alone)."""
    problem.message = _private(problem.message)
    offers = _offers()
    fmt = negotiation.choose_or_none(offers, parameters=False) or offers[0]
    if fmt is negotiation.HTML:
        body = render_template("error.html", problem=problem)
    elif fmt is negotiation.PROBLEM_JSON:
        body = json.dumps(problem.as_json(), indent=2, ensure_ascii=False) + "\n"
    else:
        body = problem.message + "\n"
    response = Response(body, problem.status, content_type=negotiation.content_type(fmt))
    response.headers.update(problem.headers)
    response.headers["X-Content-Type-Options"] = "nosniff"  # text stays text in a browser
    response.vary.add("Accept")
    return response


def _from_werkzeug(exc: HTTPException) -> Problem:
    """Werkzeug's own error as a Problem: its status and headers, and a message of ours for
    the common ones (Werkzeug's description for the others)."""
    headers = dict(exc.get_headers())
    headers.pop("Content-Type", None)
    status = exc.code or 500
    messages = {404: f"nothing at {shown(request.path)}",
                405: f"{request.method} is not allowed on {shown(request.path)}",
                413: "the request body is too large"}
    return Problem(status, messages.get(status, exc.description or exc.name), headers)


def init_app(app) -> None:
    app.register_error_handler(Problem, render)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        return render(_from_werkzeug(exc))

    @app.errorhandler(FileNotFoundError)
    def _no_store(exc: FileNotFoundError):
        current_app.logger.error("%s", exc)
        return render(unavailable("the store is not there yet: run `techties load` first"))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        current_app.logger.exception("unexpected error on %s %s", request.method,
                                     shown(request.path))
        return render(internal("internal error; it has been logged"))
