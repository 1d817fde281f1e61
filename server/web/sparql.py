"""``/sparql``: the SPARQL 1.1 Protocol.

Queries by GET (``query=``), by POST form (``application/x-www-form-urlencoded``) and by POST
direct (``application/sparql-query``); updates by POST form (``update=``) and POST direct
(``application/sparql-update``), with the write token. ``default-graph-uri`` and
``named-graph-uri`` (queries), ``using-graph-uri`` and ``using-named-graph-uri`` (updates)
set the dataset. Without a query, GET answers the service description. CORS is open
(:mod:`server.web.cors`).
"""

from flask import Blueprint, Response, current_app, request

from ..query import guard
from . import auth, description, errors, evaluation, limits, negotiation
from .negotiation import TRIPLE_FORMATS

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


@bp.get("/sparql")
def get():
    if "update" in request.args:
        raise errors.bad_request("an update must be sent by POST (form field update=, or "
                                 f"Content-Type: {UPDATE_TYPE})")
    queries = request.args.getlist("query")
    if not queries:
        return service_description()
    if len(queries) > 1:
        raise _twice()
    return evaluation.query(queries[0], _dataset(request.args, "default-graph-uri",
                                                   "named-graph-uri"))


@bp.post("/sparql")
def post():
    if (request.content_length or 0) > evaluation.MAX_BYTES:
        raise errors.too_large(evaluation.MAX_BYTES)
    kind = request.mimetype
    if kind == FORM:
        form = request.form
        queries, updates = form.getlist("query"), form.getlist("update")
        if "query" in request.args or "update" in request.args:
            raise _twice()
        if len(queries) + len(updates) != 1:
            raise errors.bad_request("send exactly one query or one update field")
        params = _merged(request.args, form)
        if queries:
            return evaluation.query(queries[0], _dataset(params, "default-graph-uri",
                                                           "named-graph-uri"))
        return _update(updates[0], params)
    if kind in (QUERY_TYPE, UPDATE_TYPE):
        if "query" in request.args or "update" in request.args:
            raise _twice()
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise errors.unsupported_media_type(f"a {kind} body must be UTF-8")
        try:
            text = request.get_data(cache=False).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise errors.bad_request(f"the body is not UTF-8: {exc.reason} at byte "
                                     f"{exc.start}") from None
        if kind == QUERY_TYPE:
            return evaluation.query(text, _dataset(request.args, "default-graph-uri",
                                                     "named-graph-uri"))
        return _update(text, request.args)
    raise errors.unsupported_media_type(
        f"POST a query as {QUERY_TYPE} or {FORM} (query=), an update as {UPDATE_TYPE} or "
        f"{FORM} (update=)")


def _twice() -> errors.Problem:
    return errors.bad_request("the query is given twice: send it once, in the URL (GET), in "
                              "a form (query= or update=) or as the body (POST)")


def _merged(*sources) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for source in sources:
        for key in source:
            merged.setdefault(key, []).extend(source.getlist(key))
    return merged


def _values(params, name: str) -> list[str]:
    values = params.getlist(name) if hasattr(params, "getlist") else params.get(name, [])
    for value in values:
        if not guard.is_iri(value):
            raise errors.bad_request(f"{name} must be an absolute IRI, not {value!r}")
    return list(values)


def _dataset(params, default_name: str, named_name: str) -> tuple[list[str], list[str]] | None:
    default, named = _values(params, default_name), _values(params, named_name)
    return (default, named) if default or named else None


def _update(text: str, params):
    limits.check("writes")
    auth.require_write(current_app.config["TECHTIES_SETTINGS"])
    evaluation.update(text, _dataset(params, "using-graph-uri", "using-named-graph-uri"))
    return Response(status=204)


def service_description():
    settings = current_app.config["TECHTIES_SETTINGS"]
    offers = [*TRIPLE_FORMATS, negotiation.HTML]
    fmt = negotiation.choose(offers)
    if fmt is negotiation.HTML:
        return Response(status=303, headers={"Location": "/", "Vary": "Accept"})
    graphs = evaluation.dataset().cached("graphs", description.named_graphs)
    triples = description.service_description(request.base_url, settings.union_default_graph,
                                              graphs=graphs, void=request.host_url + "void")
    return negotiation.rdf_response(triples, fmt, description.PREFIXES)

