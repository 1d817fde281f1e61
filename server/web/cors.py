"""CORS: the read endpoints can be called from any web page (flask-cors, configured here, the
one place the server says so).

Every path that answers reads sends ``Access-Control-Allow-Origin: *``, on errors too, and
answers a preflight (``OPTIONS`` with ``Access-Control-Request-Method``) naming the methods
that read there. ``/sparql`` also takes POST (queries by form or body, and updates, which
still need the write token: ``Authorization`` is an allowed header). ``/store`` is read with
GET and HEAD only: its writes are not offered to other origins. The headers a script may
read besides the simple ones are listed in :data:`EXPOSED` (a cut answer's
``X-Result-Truncated`` first of all). Credentials (cookies) are never involved.
"""

from flask import Flask
from flask_cors import CORS

READ = ["GET", "HEAD", "OPTIONS"]
QUERY = ["GET", "HEAD", "POST", "OPTIONS"]

RESOURCES = {
    r"/sparql": QUERY,
    r"/reconcile(/.*)?": QUERY,  # the Reconciliation API takes its queries by POST too
    r"/store(/.*)?": READ,
    r"/id/.*": READ,
    r"/\.well-known/genid/.*": READ,
    r"/class/.*": READ,
    r"/ontology(/.*)?": READ,
    r"/void": READ,
    r"/dumps/.*": READ,
    r"/documents(/.*)?": READ,
    r"/search(/.*)?": READ,
    r"/queries/.*": READ,
    r"/health": READ,
}
"""Path patterns (matched whole) and the methods a preflight allows there."""

EXPOSED = ["X-Result-Truncated", "Content-Location", "Link", "Retry-After"]
ALLOWED_HEADERS = ["Accept", "Authorization", "Content-Type"]


def init_app(app: Flask) -> None:
    CORS(app, resources={pattern + "$": {"methods": methods}
                         for pattern, methods in RESOURCES.items()},
         origins="*", send_wildcard=True, vary_header=False, expose_headers=EXPOSED,
         allow_headers=ALLOWED_HEADERS, max_age=86400, supports_credentials=False)
