"""Bearer tokens: the write (curator) token, and the contributors' tokens for submissions.

Writes and curator decisions need ``Authorization: Bearer <settings.write_token>``: no token
configured, every one is refused (403); no token sent, 401 with ``WWW-Authenticate``; a wrong
one, 403. Submissions are open to anyone unless ``require_contributor_token`` is set; a
token sent with one must be a contributor's (``name:token`` in ``contributor_tokens``,
recorded as the name's) or the write token (recorded as the curator's). Tokens are compared
in constant time.
"""

import hmac

from flask import request

from . import errors


def bearer() -> str | None:
    """The token of ``Authorization: Bearer <token>``, or None."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and token else None


def _same(token: str, secret: str) -> bool:
    return hmac.compare_digest(token.encode(), secret.encode())


def require_write(settings, what: str = "writes") -> None:
    """Raise the right error unless the request carries the write token (``what``, in the
    messages: "writes", "curator decisions")."""
    if not settings.write_token:
        raise errors.forbidden(f"{what} are refused: no write token is configured "
                               "(TECHTIES_WRITE_TOKEN)")
    token = bearer()
    if token is None:
        raise errors.unauthorized(f"{what} need the write token: send "
                                  "Authorization: Bearer <token>")
    if not _same(token, settings.write_token):
        raise errors.forbidden("wrong write token")


def contributor(settings) -> str:
    """Who submits: a contributor's name, "curator" (the write token), or "anonymous" (no
    token, unless one is required); the right error for a missing or unknown token."""
    token = bearer()
    if token is None:
        if settings.require_contributor_token:
            raise errors.unauthorized("submissions need a contributor token: send "
                                      "Authorization: Bearer <token>")
        return "anonymous"
    for pair in settings.contributor_tokens:
        name, _, secret = pair.partition(":")
        if _same(token, secret):
            return name
    if settings.write_token and _same(token, settings.write_token):
        return "curator"
    raise errors.forbidden("this token is not a contributor token")
