"""``/search``: every spelling of every named thing, with types (HTML and JSON), and what the
query UI's autocompletion asks for (``/search/prefixes``, ``/search/terms``), all answered
from the search index (:mod:`server.search.index`), never from an outside service.

``/search?q=huawei&type=tt:Company&limit=20&offset=0``: the matches, best first, with the
spelling that matched, their own types, and a count per type (the facets, before the type
filter). ``type`` may repeat (any of them), and takes an IRI, a prefixed name or a class of
the ontology by its name (``Company``); inferred types count (``org:Organization`` finds
companies).
"""

from flask import Blueprint, Response, current_app, jsonify, render_template, request

from .. import namespaces as ns
from ..linking.matching import class_iri
from ..search.index import SearchIndex
from ..submission.names import defaults as project_prefixes
from . import entity, errors, negotiation
from .negotiation import HTML, JSON

bp = Blueprint("search", __name__)

MAX_QUERY = 200
MAX_LIMIT = 100
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
KINDS = {
    "class": (OWL + "Class", RDFS + "Class"),
    "property": (RDF + "Property", OWL + "ObjectProperty", OWL + "DatatypeProperty",
                 OWL + "AnnotationProperty"),
    "entity": (),
}
"""What the query UI completes, by the types of the terms it offers (an entity: any node
under ``<namespace>id/``)."""


def index() -> SearchIndex:
    """The app's search index, up to date with its store."""
    return current_app.extensions["techties.search"].current()


def prefixes() -> dict[str, str]:
    """The prefixes the project writes: the vocabularies' and one per kind of instance."""
    return {**entity.prefixes(), **project_prefixes()}


def expand(name: str) -> str:
    """A type as given (an IRI, ``prefix:Local``, or a class of the ontology by its local
    name) as an IRI."""
    if name.startswith(("http://", "https://")):
        return name
    prefix, _, local = name.rpartition(":")
    if prefix:
        known = prefixes()
        if prefix not in known:
            raise errors.bad_request(f"unknown prefix {prefix}: in type {name!r}")
        return known[prefix] + local
    return class_iri(name)


def number(name: str, default: int, least: int, most: int) -> int:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise errors.bad_request(f"{name} must be an integer") from None
    if not least <= value <= most:
        raise errors.bad_request(f"{name} must be from {least} to {most}")
    return value


def href(iri: str) -> str:
    if iri.startswith(ns.BASE + "id/") or iri.startswith(ns.GENID):
        return "/" + iri[len(ns.BASE):]
    if iri.startswith(str(ns.TT)):
        local = iri[len(str(ns.TT)):]
        return f"/class/{local}" if local[:1].isupper() else f"/ontology#{local}"
    return iri


def named_types(ix: SearchIndex, types) -> list[dict]:
    names = ix.labels(types)
    return [{"id": t, "name": names.get(t) or entity.curie(t)} for t in types]


@bp.get("/search")
def search():
    fmt = negotiation.choose([HTML, JSON])
    query = request.args.get("q", "").strip()
    if len(query) > MAX_QUERY:
        raise errors.bad_request(f"q is longer than {MAX_QUERY} characters")
    types = [expand(t) for t in request.args.getlist("type") if t.strip()]
    limit = number("limit", 20, 1, MAX_LIMIT)
    offset = number("offset", 0, 0, 10_000)
    ix = index()
    results = ix.search(query, types=types, limit=limit, offset=offset) if query else None
    hits = results.hits if results else []
    facet_names = ix.labels(results.facets) if results else {}
    answer = {
        "query": query, "types": types, "total": results.total if results else 0,
        "offset": offset, "limit": limit,
        "results": [{"id": h.iri, "name": h.label, "matched": h.matched, "score": h.score,
                     "types": named_types(ix, h.types), "page": href(h.iri)} for h in hits],
        "facets": [{"id": t, "name": facet_names.get(t) or entity.curie(t), "count": n}
                   for t, n in (results.facets.items() if results else [])],
    }
    if fmt is JSON:
        response = jsonify(answer)
    else:
        response = Response(render_template("search.html", **answer, curie=entity.curie),
                            mimetype="text/html")
    response.vary.add("Accept")
    return response


@bp.get("/search/prefixes")
def prefix_table():
    """The prefixes, as the query UI's prefix completion reads them (``{prefix: IRI}``)."""
    return jsonify(dict(sorted(prefixes().items())))


def _split(text: str) -> tuple[str, str]:
    """An IRI or its start, as its namespace and the local part being typed."""
    cut = max(text.rfind("#"), text.rfind("/"))
    return (text[:cut + 1], text[cut + 1:]) if cut >= 0 else ("", text)


@bp.get("/search/terms")
def terms():
    """Terms of the store for the query UI: ``kind`` (``class``, ``property``, ``entity``)
    and ``q``, the IRI (or its start) or a name being typed; the IRIs, best first."""
    kind = request.args.get("kind", "entity")
    if kind not in KINDS:
        raise errors.bad_request("kind must be one of " + ", ".join(KINDS))
    text = request.args.get("q", "").strip()[:MAX_QUERY]
    limit = number("limit", 50, 1, MAX_LIMIT)
    namespace, local = _split(text) if "://" in text else ("", text)
    if kind == "entity" and not namespace:
        namespace = ns.ID
    found = index().complete(namespace, local, KINDS[kind], limit=limit)
    return jsonify({"results": [{"id": h.iri, "name": h.label} for h in found]})
