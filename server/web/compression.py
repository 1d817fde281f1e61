"""Compression by ``Accept-Encoding``: zstd, brotli or gzip (flask-compress, configured here).

Pages, API answers, query answers, dumps and the vendored UI's files are compressed when
the client asks for it, in the client's order of preference (q-values), else in ours:
zstd, br, gzip. Query answers and dumps are streamed from their worker
(:mod:`server.web.evaluation`); they stay streamed, each chunk passed through one
compressor as it comes (flask-compress's ``COMPRESS_STREAMS``), so memory does not grow
with the answer, and their headers (``X-Result-Truncated``) are set before and kept. gzip
is offered for streams too (flask-compress leaves it out by default): it is the one
encoding every HTTP client library speaks (``requests``, ``urllib3``, pandas).

flask-compress wraps a streamed body in a generator of its own, which does not close the
body it wraps; CPython's reference counting closes it anyway when the response goes, but
:func:`_close_the_original` makes the response close it explicitly, so that an answer a
client abandons half-way frees (or replaces) its worker at once whatever the interpreter
does. Errors (4xx, 5xx) and bodies under 500 bytes (a small answer arrives whole, with its
length: :func:`server.web.evaluation.streamed`) go as they are.
"""

from flask import Flask, Response
from flask_compress import Compress

from ..formats import RDF_FORMATS, RESULT_FORMATS

TYPES = [
    "text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
    "application/json", "application/problem+json", "application/xml", "image/svg+xml",
    "application/sparql-query",
    *(f.media_type for f in RDF_FORMATS.values()),
    *(f.media_type for f in RESULT_FORMATS.values()),
]
"""The media types compressed: text, and every RDF and result format."""

ALGORITHMS = ["zstd", "br", "gzip"]


def init_app(app: Flask) -> None:
    app.config.update(
        COMPRESS_MIMETYPES=TYPES,
        COMPRESS_ALGORITHM=ALGORITHMS,
        COMPRESS_ALGORITHM_STREAMING=ALGORITHMS,
        COMPRESS_STREAMS=True,
        COMPRESS_LEVEL=6,  # gzip
        COMPRESS_BR_LEVEL=4,
        COMPRESS_ZSTD_LEVEL=3,
    )
    Compress(app)
    app.after_request(_close_the_original)  # registered after: runs before Compress's hook


def _close_the_original(response: Response) -> Response:
    if response.is_streamed and hasattr(response.response, "close"):
        response.call_on_close(response.response.close)
    return response
