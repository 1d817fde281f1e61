"""A query answer cut at the row limit says so in its body, not only in a header.

The worker closes a cut answer as a complete document (:mod:`server.query.rowlimit`) and the
response says ``X-Result-Truncated: <limit>``; a client that drops headers (a CSV saved to
disk, YASGUI showing "10000 results") would not know. So a cut answer also carries, in the
body, a link to :data:`PAGE` (``/help/row-limit``), which says what the limit is and how to
get every row:

- SPARQL JSON: a ``link`` in ``head``, the member the format has for "further metadata
  about the results" (strict parsers, pyoxigraph's among them, read it): ``"head":
  {"vars": [...], "link": ["<server>/help/row-limit"]}``;
- SPARQL XML: a ``<link href="..."/>`` in ``<head>``, after the variables (and the worker's
  closing comment);
- CSV and TSV, which have no place for metadata: one last line, after the last row,
  ``# truncated at the row limit of <N> rows: <server>/help/row-limit``. A program reading
  the rows drops the last line when it starts with ``# truncated`` (pandas:
  ``skipfooter=1``).

The marker is added to an answer that arrived whole (the usual case: a cut answer is held
until the cut, up to 4 MB); one streamed before the cut was known cannot carry it (as it
cannot carry the header), which the README says.
"""

from flask import request, url_for

PAGE = "home.row_limit"
"""The endpoint of the page the marker links to."""


def link() -> str:
    return url_for(PAGE, _external=True) if request else "/help/row-limit"


def mark(body: bytes, fmt_name: str, limit: int) -> bytes:
    """``body``, a whole answer cut at ``limit`` rows in format ``fmt_name``, with the marker;
    other formats (graphs: their serializer's own closing comment) unchanged."""
    href = link()
    if fmt_name == "json" and body.startswith(b'{"head":{'):
        closing = body.index(b"}")  # the end of head: variable names hold no brace
        return body[:closing] + b',"link":["' + href.encode() + b'"]' + body[closing:]
    if fmt_name == "xml" and b"</head>" in body:
        return body.replace(b"</head>", b'<link href="' + _xml(href) + b'"/></head>', 1)
    if fmt_name in ("csv", "tsv"):
        end = b"\r\n" if fmt_name == "csv" else b"\n"
        if body and not body.endswith(end):
            body += end
        return body + f"# truncated at the row limit of {limit} rows: {href}".encode() + end
    return body


def _xml(text: str) -> bytes:
    return (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .encode())
