"""The write token: ``Authorization: Bearer <settings.write_token>`` on every write.

No token configured: every write is refused (403). No token sent: 401, with
``WWW-Authenticate``. A wrong one: 403. Tokens are compared in constant time.
"""

import hmac

from flask import request

from . import errors


def require_write(settings) -> None:
    """Raise the right error unless the request carries the write token."""
    if not settings.write_token:
        raise errors.forbidden("writes are refused: no write token is configured "
                               "(TECHTIES_WRITE_TOKEN)")
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise errors.unauthorized("writes need the write token: send "
                                  "Authorization: Bearer <token>")
    if not hmac.compare_digest(token.encode(), settings.write_token.encode()):
        raise errors.forbidden("wrong write token")
