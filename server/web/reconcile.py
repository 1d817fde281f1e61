"""``/reconcile``: the W3C Entity Reconciliation API (v0.2), as OpenRefine speaks it.

GET without ``queries`` answers the service manifest; ``queries`` (GET or POST form) is a
JSON batch ``{"q0": {"query": "Huawei", "type": "...", "limit": 3}}`` answered with
candidates for each: id (the path after ``<namespace>id/``, e.g. ``state/russia``), name,
types, score (0-100) and a match flag. ``/reconcile/preview?id=...`` is the preview card;
the view URL is the entity's page under ``/id/``. Names are compared as link discovery
compares them (:mod:`server.linking.matching`); a type narrows the candidates to that class,
inferred classes included (``Organization`` finds companies).

The API's answers are JSON (or JSONP); its errors are the site's (:mod:`server.web.errors`),
JSON problem details by default.
"""

import json
import re

from flask import Blueprint, Response, render_template_string, request

from .. import namespaces as ns
from ..linking.matching import Entity, class_iri, name_score
from . import errors, evaluation

bp = errors.json_first(Blueprint("reconcile", __name__, url_prefix="/reconcile"))

MATCH = 100
MIN_SCORE = 0.6
"""Candidates whose best name scores below this (0-1) are not offered."""
MAX_LIMIT = 50
CALLBACK = re.compile(r"[A-Za-z_$][\w$.]{0,63}")
DEFAULT_TYPES = ["State", "Organization", "Company", "IntergovernmentalOrganization",
                 "Technology", "Product", "Agreement", "Person"]
ENTITIES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?e ?label ?name ?type ?typeName ?inferred WHERE {
  ?e rdfs:label ?label .
  FILTER (STRSTARTS(STR(?e), "%s"))
  { ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name }
  OPTIONAL {
    GRAPH ?g { ?e a ?type }
    BIND (?g = <%s> AS ?inferred)
    OPTIONAL { ?type rdfs:label ?typeName FILTER (LANG(?typeName) = "en") }
  }
}"""
PREVIEW = """<!doctype html><meta charset="utf-8">
<div style="font:14px sans-serif;padding:4px">
<strong>{{ name }}</strong><br><small>{{ types }}</small><br>
<a href="{{ view }}" target="_blank">{{ iri }}</a></div>"""


class Index:
    """Our entities by IRI (names, types) and the English labels of their classes."""

    def __init__(self, rows):
        self.entities: dict[str, Entity] = {}
        self.type_names: dict[str, str] = {}
        self.asserted: dict[str, set[str]] = {}
        self.labels: dict[str, str] = {}
        for row in rows:
            iri = row["e"].value
            entity = self.entities.setdefault(iri, Entity(iri))
            entity.names.add(row["name"].value)
            if row["label"].language in (None, "en"):
                self.labels[iri] = row["label"].value
            if row["type"] is not None:
                entity.types.add(row["type"].value)
                if row["inferred"].value == "false":
                    self.asserted.setdefault(iri, set()).add(row["type"].value)
                if row["typeName"] is not None:
                    self.type_names[row["type"].value] = row["typeName"].value

    def name(self, iri: str) -> str:
        return self.labels.get(iri) or sorted(self.entities[iri].names)[0]

    def types(self, iri: str) -> list[dict]:
        own = sorted(self.asserted.get(iri, ()))
        return [{"id": t, "name": self.type_names.get(t, t)} for t in own]

    def search(self, text: str, type_iri: str | None, limit: int) -> list[dict]:
        found = []
        for iri, entity in self.entities.items():
            if type_iri and type_iri not in entity.types:
                continue
            score, _, _ = name_score([text], entity.names)
            if score >= MIN_SCORE:
                found.append((round(score * 100), self.name(iri), iri))
        found.sort(key=lambda f: (-f[0], f[1], f[2]))
        top = [f for f in found if f[0] == MATCH]
        return [{"id": iri.removeprefix(ns.ID), "name": name, "type": self.types(iri),
                 "score": score, "match": score == MATCH and len(top) == 1}
                for score, name, iri in found[:limit]]


def build_index(db) -> Index:
    return Index(db.query(ENTITIES % (ns.ID, ns.INFERRED_GRAPH), use_default_graph_as_union=True))


def _index() -> Index:
    """The index of our entities: built once per store generation by the app's dataset (from
    its newest read-only checkpoint)."""
    return evaluation.dataset().cached("reconcile.index", build_index)


def _type_iri(name) -> str | None:
    if not name:
        return None
    if isinstance(name, list):
        name = name[0] if name else None
        return _type_iri(name)
    if not isinstance(name, str):
        raise errors.bad_request("a query's type must be a string")
    return class_iri(name)


def _answer(body) -> Response:
    text = json.dumps(body, ensure_ascii=False)
    callback = request.values.get("callback")
    if callback:
        if not CALLBACK.fullmatch(callback):
            raise errors.bad_request("callback must be a JavaScript identifier")
        return Response(f"{callback}({text})", mimetype="application/javascript")
    return Response(text, mimetype="application/json")


def _one(query) -> dict:
    if isinstance(query, str):
        query = {"query": query}
    if not isinstance(query, dict) or not isinstance(query.get("query"), str):
        raise errors.bad_request('each query must be an object with a "query" string')
    limit = query.get("limit", 3)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 0 < limit <= MAX_LIMIT:
        raise errors.bad_request(f"limit must be an integer from 1 to {MAX_LIMIT}")
    return {"result": _index().search(query["query"], _type_iri(query.get("type")), limit)}


@bp.route("", methods=["GET", "POST"])
def service():
    if "queries" in request.values:
        try:
            batch = json.loads(request.values["queries"])
        except json.JSONDecodeError as exc:
            raise errors.bad_request(f"queries is not JSON: {exc}") from None
        if not isinstance(batch, dict):
            raise errors.bad_request('queries must be a JSON object: {"q0": {"query": "..."}}')
        return _answer({key: _one(q) for key, q in batch.items()})
    if "query" in request.values:
        raw = request.values["query"]
        try:
            query = json.loads(raw) if raw.lstrip().startswith("{") else raw
        except json.JSONDecodeError as exc:
            raise errors.bad_request(f"query is not JSON: {exc}") from None
        return _answer(_one(query))
    return _answer(manifest())


def manifest() -> dict:
    root = request.url_root
    return {
        "versions": ["0.2"],
        "name": "techties entities",
        "identifierSpace": ns.ID,
        "schemaSpace": str(ns.TT),
        "defaultTypes": [{"id": _type_iri(t), "name": t} for t in DEFAULT_TYPES],
        "view": {"url": root + "id/{{id}}"},
        "preview": {"url": root + "reconcile/preview?id={{id}}", "width": 400, "height": 90},
    }


@bp.route("/preview")
def preview():
    index = _index()
    iri = ns.ID + request.args.get("id", "")
    if iri not in index.entities:
        raise errors.not_found("no such entity")
    return render_template_string(
        PREVIEW, name=index.name(iri), iri=iri, view=request.url_root + "id/" + iri[len(ns.ID):],
        types=", ".join(t["name"] for t in index.types(iri)))
