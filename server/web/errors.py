"""HTTP errors: built by a few named constructors, rendered in exactly one place.

A view raises ``Problem`` (``raise errors.bad_request("...")``); :func:`init_app` renders it,
Werkzeug's own HTTP errors (404, 405...) and anything unexpected the same way: a short text
saying what is wrong (an HTML page for browsers), never a stack trace or an internal path.
"""

import html

from flask import Response, current_app, request
from werkzeug.exceptions import HTTPException


class Problem(Exception):
    """An error answer: status, a short message, and headers."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def bad_request(message: str) -> Problem:
    return Problem(400, message)


def unauthorized(message: str) -> Problem:
    return Problem(401, message, {"WWW-Authenticate": 'Bearer realm="techties"'})


def forbidden(message: str) -> Problem:
    return Problem(403, message)


def not_found(message: str) -> Problem:
    return Problem(404, message)


def method_not_allowed(allowed: list[str], message: str | None = None) -> Problem:
    return Problem(405, message or f"use {' or '.join(allowed)}", {"Allow": ", ".join(allowed)})


def not_acceptable(available: list[str]) -> Problem:
    return Problem(406, "none of the media types in Accept can be served here; available: "
                        + ", ".join(available))


def too_large(limit: int) -> Problem:
    return Problem(413, f"the request body is larger than the limit of {limit} bytes")


def unsupported_media_type(message: str) -> Problem:
    return Problem(415, message)


def internal(message: str) -> Problem:
    return Problem(500, message)


def unavailable(message: str, retry_after: int | None = None) -> Problem:
    headers = {"Retry-After": str(retry_after)} if retry_after else {}
    return Problem(503, message, headers)


def timeout(message: str) -> Problem:
    return Problem(504, message)


def render(problem: Problem) -> Response:
    """The one place an error becomes a response."""
    accept = request.accept_mimetypes
    wants_html = bool(accept) and accept.best_match(["text/plain", "text/html"]) == "text/html" \
        and accept["text/html"] > accept["text/plain"]
    if wants_html:
        text = html.escape(problem.message)
        body = (f'<!doctype html><html lang="en"><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f'<title>{problem.status}</title><link rel="stylesheet" href="/static/site.css">'
                f'<main><h1>{problem.status}</h1><p>{text}</p><p><a href="/">techties</a></p>'
                f'</main></html>')
        response = Response(body, problem.status, mimetype="text/html")
    else:
        response = Response(problem.message + "\n", problem.status, mimetype="text/plain")
    response.headers.update(problem.headers)
    return response


def init_app(app) -> None:
    app.register_error_handler(Problem, render)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        headers = dict(exc.get_headers())
        headers.pop("Content-Type", None)
        messages = {404: f"nothing at {request.path}",
                    405: f"{request.method} is not allowed on {request.path}",
                    413: "the request body is too large"}
        message = messages.get(exc.code, exc.description or exc.name)
        return render(Problem(exc.code or 500, message, headers))

    @app.errorhandler(FileNotFoundError)
    def _no_store(exc: FileNotFoundError):
        current_app.logger.error("%s", exc)
        return render(unavailable("the store is not there yet: run `techties load` first"))

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        current_app.logger.exception("unexpected error on %s %s", request.method, request.path)
        return render(internal("internal error; it has been logged"))
