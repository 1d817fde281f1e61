"""What every request must be before a view reads it: a path, a query string and a form in
UTF-8, and a path without control characters.

Werkzeug decodes all three leniently: a byte that is not UTF-8 becomes U+FFFD in the path and
``%FF`` in a parameter, so a query sent in Latin-1 would run as some other query, and an
``/id/`` path with an overlong sequence (``%C0%AF``) or a NUL reaches the store as an IRI it
cannot hold. Each is refused here with 400, once, for every view (and before a 404: the
hook runs before the view is looked up).

A path is shown in messages as a URL (:func:`server.web.errors.shown`), percent-encoded.
"""

import re
from urllib.parse import unquote_to_bytes

from flask import request

from . import errors

FORM = "application/x-www-form-urlencoded"
MAX_FORM = 1024 * 1024
"""Forms up to this size are checked here; a larger one is refused by its view (413)."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _pairs(data: bytes, what: str) -> None:
    """Refuse ``data`` (``a=b&c=d``, percent-encoded) unless each name and value, decoded, is
    UTF-8 (the standard library's parsers would replace what is not)."""
    for pair in data.split(b"&"):
        key, _, value = pair.partition(b"=")
        for role, part in (("name", key), ("value", value)):
            try:
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError as exc:
                where = ("a name" if role == "name" else
                         "the value of " + errors.shown(unquote_to_bytes(key)))
                raise errors.bad_request(f"the {what} is not UTF-8: {exc.reason} at byte "
                                         f"{exc.start} of {where} ({errors.shown(part)})"
                                         ) from None


def check() -> None:
    """Refuse a request whose path, query string or form is not UTF-8 (400)."""
    raw = request.environ.get("PATH_INFO", "").encode("latin-1", "replace")
    try:
        path = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise errors.bad_request(f"the path is not UTF-8: {exc.reason} at byte {exc.start} "
                                 f"of {errors.shown(raw)}") from None
    found = _CONTROL.search(path)
    if found:
        raise errors.bad_request(f"the path holds a control character "
                                 f"(U+{ord(found.group()):04X}), which no URL may hold")
    _pairs(request.query_string, "query string")
    if (request.mimetype == FORM and request.method == "POST"
            and (request.content_length or MAX_FORM + 1) <= MAX_FORM):
        _pairs(request.get_data(cache=True), "form")


def init_app(app) -> None:
    app.before_request(check)
