"""``/reconcile``: the W3C Reconciliation Service API v0.2, as OpenRefine speaks it.

- ``GET /reconcile``: the manifest (identifier and schema spaces, default types, view,
  preview, suggest and extend services);
- ``queries`` (GET or POST form): a JSON batch ``{"q0": {"query": "Huawei", "type": "...",
  "limit": 3, "properties": [{"pid": "tt:basedIn", "v": "China"}]}}``, answered with
  candidates for each: ``id`` (the path after ``<namespace>id/``, ``state/russia``),
  ``name``, ``type`` (their own types, and the one asked for), ``score`` (0-100),
  ``features`` and ``match`` (scoring: :mod:`server.search.reconcile`);
- ``extend`` (GET or POST form): ``{"ids": [...], "properties": [{"id": "...",
  "settings": {"limit": 0}}]}``, answered with each entity's values;
- ``/reconcile/suggest/entity|type|property?prefix=...``, ``/reconcile/flyout/entity?id=``,
  ``/reconcile/extend/propose?type=...``, ``/reconcile/preview?id=...``.

Types and properties are named by IRI in answers, with the English label the ontology gives
them, in the manifest as in every answer; a request may also name them ``tt:Company`` or
``Company``. Answers are JSON (or JSONP with ``callback``), open to every origin (CORS, as
every read endpoint is: :mod:`server.web.cors`); errors are the site's
(:mod:`server.web.errors`), JSON problem details by default.
"""

import json
import re

from flask import Blueprint, Response, render_template_string, request

from .. import namespaces as ns
from ..search import reconcile
from ..search.index import SearchIndex
from . import entity, errors, evaluation, search

bp = errors.json_first(Blueprint("reconcile", __name__, url_prefix="/reconcile"))

MAX_LIMIT = 50
MAX_BATCH = 100
CALLBACK = re.compile(r"[A-Za-z_$][\w$.]{0,63}")
DEFAULT_TYPES = ["tt:State", "org:Organization", "tt:Company", "tt:IntergovernmentalOrganization",
                 "tt:Technology", "tt:Product", "tt:Agreement", "foaf:Person"]
PROPERTY_SETTINGS = [{"name": "limit", "label": "Limit", "type": "number", "default": 0,
                      "help_text": "Most values to return per entity (0: all)"}]
PREVIEW = """<!doctype html><meta charset="utf-8">
<div style="font:14px sans-serif;padding:4px">
<strong>{{ name }}</strong><br><small>{{ types }}</small>
{% if names %}<br><small>also: {{ names }}</small>{% endif %}<br>
<a href="{{ view }}" target="_blank">{{ iri }}</a></div>"""


def _index() -> SearchIndex:
    return search.index()


def _answer(body) -> Response:
    text = json.dumps(body, ensure_ascii=False)
    callback = request.values.get("callback")
    if callback:
        if not CALLBACK.fullmatch(callback):
            raise errors.bad_request("callback must be a JavaScript identifier")
        return Response(f"{callback}({text})", mimetype="application/javascript")
    return Response(text, mimetype="application/json")


def _json(name: str):
    try:
        return json.loads(request.values[name])
    except json.JSONDecodeError as exc:
        raise errors.bad_request(f"{name} is not JSON: {exc}") from None


def _type_iri(value) -> str | None:
    if isinstance(value, list):
        return _type_iri(value[0]) if value else None
    if isinstance(value, dict):
        value = value.get("id")
    if not value:
        return None
    if not isinstance(value, str):
        raise errors.bad_request("a query's type must be a string")
    return search.expand(value)


def _named(iris) -> list[dict]:
    return search.named_types(_index(), iris)


# --- reconciliation -----------------------------------------------------------------------

def _properties(query: dict) -> list[tuple[str, list]]:
    found = []
    for item in query.get("properties") or []:
        if not isinstance(item, dict) or not isinstance(item.get("pid"), str):
            raise errors.bad_request('each property must be an object with a "pid" string')
        values = item.get("v")
        values = values if isinstance(values, list) else [values]
        found.append((search.expand(item["pid"]), [v for v in values if v not in (None, "")]))
    return [(pid, values) for pid, values in found if values]


def _one(query, reconciler: reconcile.Reconciler) -> dict:
    if isinstance(query, str):
        query = {"query": query}
    if not isinstance(query, dict) or not isinstance(query.get("query"), str):
        raise errors.bad_request('each query must be an object with a "query" string')
    limit = query.get("limit", 3)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 0 < limit <= MAX_LIMIT:
        raise errors.bad_request(f"limit must be an integer from 1 to {MAX_LIMIT}")
    wanted = _type_iri(query.get("type"))
    if query.get("type_strict") not in (None, "any", "all", "should"):
        raise errors.bad_request('type_strict must be "any", "all" or "should"')
    found = reconciler.candidates(query["query"], types=[wanted] if wanted else [],
                                  properties=_properties(query), limit=limit)
    return {"result": [
        {"id": reconcile.relative(c.iri), "name": c.name, "type": _named(c.types),
         "score": c.score, "match": c.match,
         "features": [{"id": k, "value": v} for k, v in c.features.items()]}
        for c in found]}


def _reconcile(batch) -> dict:
    if not isinstance(batch, dict):
        raise errors.bad_request('queries must be a JSON object: {"q0": {"query": "..."}}')
    if len(batch) > MAX_BATCH:
        raise errors.bad_request(f"a batch holds at most {MAX_BATCH} queries")
    index = _index()
    with evaluation.dataset().reader() as db:
        reconciler = reconcile.Reconciler(index, db)
        return {key: _one(q, reconciler) for key, q in batch.items()}


# --- data extension -----------------------------------------------------------------------

def _extend(request_body) -> dict:
    if not isinstance(request_body, dict) or not isinstance(request_body.get("ids"), list) \
            or not isinstance(request_body.get("properties"), list):
        raise errors.bad_request('extend must be {"ids": [...], "properties": [{"id": ...}]}')
    ids = [i for i in request_body["ids"] if isinstance(i, str)]
    props = []
    for item in request_body["properties"]:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise errors.bad_request('each property must be an object with an "id" string')
        limit = (item.get("settings") or {}).get("limit", 0)
        try:
            limit = int(limit or 0)
        except (TypeError, ValueError):
            raise errors.bad_request("a property's limit must be a number") from None
        props.append((item["id"], search.expand(item["id"]), max(limit, 0)))
    index = _index()
    names = index.labels([iri for _, iri, _ in props])
    meta = [{"id": given, "name": names.get(iri) or entity.curie(iri)} for given, iri, _ in props]
    rows = {}
    with evaluation.dataset().reader() as db:
        reconciler = reconcile.Reconciler(index, db)
        for entity_id in ids:
            iri = reconcile.absolute(entity_id)
            row = {}
            for given, prop, limit in props:
                values = [reconciler.extend_value(v) for v in reconciler.values(iri, prop)]
                values.sort(key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
                row[given] = values[:limit] if limit else values
            rows[entity_id] = row
    return {"meta": meta, "rows": rows}


PROPOSE = """
SELECT ?p (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a <%s> ; ?p ?o } GROUP BY ?p ORDER BY DESC(?n) ?p
"""


@bp.get("/extend/propose")
def propose():
    """The properties the entities of ``type`` have, the most used first."""
    wanted = _type_iri(request.args.get("type"))
    if not wanted:
        raise errors.bad_request("type is required")
    limit = search.number("limit", 20, 1, 500)

    def used(db):
        return [row["p"].value for row in db.query(PROPOSE % wanted,
                                                   use_default_graph_as_union=True)]
    found = evaluation.dataset().cached(f"reconcile.propose {wanted}", used)[:limit]
    names = _index().labels(found)
    return _answer({"type": wanted, "limit": limit, "properties": [
        {"id": p, "name": names.get(p) or entity.curie(p)} for p in found]})


# --- the service ----------------------------------------------------------------------------

@bp.route("", methods=["GET", "POST"])
def service():
    if "queries" in request.values:
        return _answer(_reconcile(_json("queries")))
    if "extend" in request.values:
        return _answer(_extend(_json("extend")))
    if "query" in request.values:
        raw = request.values["query"]
        query = _json("query") if raw.lstrip().startswith("{") else raw
        return _answer(_reconcile({"q": query})["q"])
    return _answer(manifest())


def manifest() -> dict:
    root = request.url_root.rstrip("/")
    default_types = [search.expand(t) for t in DEFAULT_TYPES]
    return {
        "versions": ["0.2"],
        "name": "techties",
        "identifierSpace": ns.ID,
        "schemaSpace": str(ns.TT),
        "defaultTypes": _named(default_types),
        "view": {"url": root + "/id/{{id}}"},
        "preview": {"url": root + "/reconcile/preview?id={{id}}", "width": 400, "height": 110},
        "suggest": {
            "entity": {"service_url": root, "service_path": "/reconcile/suggest/entity",
                       "flyout_service_path": "/reconcile/flyout/entity?id=${id}"},
            "type": {"service_url": root, "service_path": "/reconcile/suggest/type"},
            "property": {"service_url": root, "service_path": "/reconcile/suggest/property"},
        },
        "extend": {
            "propose_properties": {"service_url": root,
                                   "service_path": "/reconcile/extend/propose"},
            "property_settings": PROPERTY_SETTINGS,
        },
        "batchSize": 20,
    }


# --- suggest, flyout, preview ----------------------------------------------------------------

def _suggest(kinds, relative_ids: bool) -> Response:
    prefix = request.args.get("prefix", "").strip()[:search.MAX_QUERY]
    cursor = search.number("cursor", 0, 0, 10_000)
    wanted = _type_iri(request.args.get("type"))
    types = [wanted] if wanted else list(kinds)
    index = _index()
    hits = index.search(prefix, types=types, limit=40, offset=cursor).hits if prefix else []
    result = []
    for hit in hits:
        if relative_ids and not hit.iri.startswith(ns.ID):
            continue
        kinds_named = _named(hit.types)
        result.append({"id": reconcile.relative(hit.iri) if relative_ids else hit.iri,
                       "name": hit.label,
                       "description": ", ".join(t["name"] for t in kinds_named),
                       **({"notable": kinds_named} if relative_ids else {})})
    return _answer({"result": result[:10]})


@bp.get("/suggest/entity")
def suggest_entity():
    return _suggest((), relative_ids=True)


@bp.get("/suggest/type")
def suggest_type():
    return _suggest(search.KINDS["class"], relative_ids=False)


@bp.get("/suggest/property")
def suggest_property():
    return _suggest(search.KINDS["property"], relative_ids=False)


def _entity(entity_id: str):
    node = _index().node(reconcile.absolute(entity_id))
    if node is None:
        raise errors.not_found("no such entity")
    own = sorted(t for t, is_own in node.types.items() if is_own)
    others = sorted({n.text for n in node.names} - {node.label})
    return node, ", ".join(t["name"] for t in _named(own)), ", ".join(others)


@bp.get("/flyout/entity")
def flyout():
    entity_id = request.args.get("id", "")
    node, types, names = _entity(entity_id)
    html = render_template_string(
        "<p><strong>{{ name }}</strong><br><small>{{ types }}</small>"
        "{% if names %}<br><small>also: {{ names }}</small>{% endif %}</p>",
        name=node.label, types=types, names=names)
    return _answer({"id": entity_id, "html": html})


@bp.get("/preview")
def preview():
    entity_id = request.args.get("id", "")
    node, types, names = _entity(entity_id)
    iri = node.iri
    return render_template_string(
        PREVIEW, name=node.label, iri=iri, types=types, names=names,
        view=request.url_root + "id/" + reconcile.relative(iri))
