"""Content negotiation: one function for RDF formats, result formats, pages, JSON and errors.

The offers are Formats from :mod:`server.formats`, plus the few defined here: :data:`HTML` for
pages, :data:`JSON` for the JSON answers of an API, :data:`TEXT` and :data:`PROBLEM_JSON` for
errors (:mod:`server.web.errors` renders every error by the same choice). A ``format``
parameter (a short name such as ``ttl`` or ``json``, or a media type) wins over ``Accept``;
so do ``output`` and ``results``, which clients such as SPARQLWrapper send beside it (as
Fuseki and Virtuoso read them). Among RDF formats, ``xml`` and ``json`` mean RDF/XML and
JSON-LD, so that one parameter serves every query form (SPARQLWrapper's CONSTRUCT sends
``format=xml``). Without either the first offer (the default) is chosen; an ``Accept`` header
that no offer satisfies is a 406 that names what is available. Werkzeug's ``best_match``
returns None both for no header and for no match, so the header is checked first.
"""

from flask import Response, request
from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from ..formats import ALIASES, RDF_FORMATS, RESULT_FORMATS, Format
from . import errors

HTML = Format("html", "text/html", "html", None)
"""Pages, for browsers."""
JSON = Format("json", "application/json", "json", None)
"""An API's own JSON (a submission's record, the list of submissions)."""
TEXT = Format("text", "text/plain", "txt", None)
"""An error's message, as plain text."""
PROBLEM_JSON = Format("problem", "application/problem+json", "json", None)
"""An error as JSON problem details (RFC 9457)."""

TRIPLE_FORMATS = [f for f in RDF_FORMATS.values() if not f.dataset]
DATASET_FORMATS = [f for f in RDF_FORMATS.values() if f.dataset]
SOLUTION_FORMATS = list(RESULT_FORMATS.values())

_MEDIA_ALIASES = {
    "application/json": ("json", "jsonld", "problem"),
    "application/xml": ("xml", "rdfxml"),
    "text/xml": ("xml", "rdfxml"),
    "text/plain": ("nt", "tsv"),
    "application/x-turtle": ("ttl",),
    "text/n3": ("ttl",),
    "application/x-trig": ("trig",),
    "text/x-nquads": ("nq",),
    "application/xhtml+xml": ("html",),
}
"""Media types clients send that are not a format's own, and the formats each may mean."""

PARAMETERS = ("format", "output", "results")
"""The parameters that name a format, in the URL or a form, and win over ``Accept``."""
_RDF_NAMES = {"xml": "rdfxml", "json": "jsonld"}
"""A result format's name, given where an RDF format is wanted: the RDF format it means."""


def _candidates(offers: list[Format]) -> list[tuple[str, Format]]:
    pairs = [(f.media_type, f) for f in offers]
    by_name = {f.name: f for f in offers}
    for media_type, names in _MEDIA_ALIASES.items():
        for name in names:
            if name in by_name:
                pairs.append((media_type, by_name[name]))
                break
    return pairs


def _by_parameter(value: str, offers: list[Format]) -> Format | None:
    key = value.strip().lower()
    key = ALIASES.get(key, key)
    candidates = _candidates(offers)
    for wanted in (key, _RDF_NAMES.get(key)):
        for media_type, fmt in candidates:
            if wanted in (fmt.name, media_type):
                return fmt
    return None


def _parameters() -> list[str]:
    """The values of the format parameters, in the URL, then in a form, in order."""
    return [value for name in PARAMETERS for value in request.values.getlist(name) if value]


def _accept() -> MIMEAccept:
    """The Accept header, its media ranges' parameters other than q left out (a client's
    ``text/turtle; charset=utf-8`` asks for Turtle, which is always UTF-8)."""
    items = []
    for part in request.headers.get("Accept", "").split(","):
        media, *params = [p.strip() for p in part.split(";")]
        if media:
            quality = [p for p in params if p.replace(" ", "").startswith("q=")]
            items.append(";".join([media, *quality]))
    return parse_accept_header(",".join(items), MIMEAccept)


def choose(offers: list[Format], *, parameters: bool = True) -> Format:
    """The format to answer in: the first format parameter's value that names an offer (none
    of them: 406) unless ``parameters`` is False, else ``Accept``, else the first offer."""
    values = _parameters() if parameters else []
    for value in values:
        found = _by_parameter(value, offers)
        if found is not None:
            return found
    if values:
        raise errors.not_acceptable([f"{f.name} ({f.media_type})" for f in offers])
    accept = _accept()
    if not accept:
        return offers[0]
    pairs = _candidates(offers)
    best = accept.best_match([media_type for media_type, _ in pairs])
    if best is None:
        raise errors.not_acceptable([f.media_type for f in offers])
    return dict(pairs)[best]


def choose_or_none(offers: list[Format], *, parameters: bool = True) -> Format | None:
    """As :func:`choose`, but None instead of a 406 (when another family may still fit)."""
    try:
        return choose(offers, parameters=parameters)
    except errors.Problem:
        return None


def content_type(fmt: Format) -> str:
    """The Content-Type header for ``fmt``: text types say their charset."""
    if fmt.media_type.startswith("text/") or fmt.media_type in (
            "application/n-triples", "application/n-quads", "application/trig"):
        return f"{fmt.media_type}; charset=utf-8"
    return fmt.media_type


def serialize(triples, fmt: Format, prefixes: dict[str, str] | None = None) -> bytes:
    """``triples`` (pyoxigraph Triples or Quads) in ``fmt``."""
    import pyoxigraph as ox

    if fmt.name in ("ttl", "trig") and prefixes:
        return ox.serialize(triples, format=fmt.oxigraph, prefixes=prefixes)
    return ox.serialize(triples, format=fmt.oxigraph)


def rdf_response(triples, fmt: Format, prefixes: dict[str, str] | None = None,
                 headers: dict | None = None) -> Response:
    return Response(serialize(list(triples), fmt, prefixes), content_type=content_type(fmt),
                    headers={"Vary": "Accept", **(headers or {})})
