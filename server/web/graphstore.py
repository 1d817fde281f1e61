"""``/store``: the SPARQL 1.1 Graph Store HTTP Protocol.

Indirect identification: ``/store?default``, ``/store?graph=IRI``; ``/store`` alone is the
whole dataset (GET: N-Quads or TriG) and, for POST, a request to create a new graph (201 and
its IRI in ``Location``). Direct identification: ``/store/<path>`` names the graph
``<namespace>graph/<path>`` (so ``/store/ontology`` is the ontology's graph), host-independent
as ``/id/`` paths are. GET and HEAD are open; PUT, POST and DELETE need the write token. A
body is Turtle, N-Triples, JSON-LD or RDF/XML, or ``multipart/form-data`` whose parts are;
each write is one update, all or nothing.
"""

import uuid

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, request

from .. import namespaces as ns
from ..formats import RDF_FORMATS
from ..query import guard
from ..submission import parse
from . import auth, errors, evaluation, limits, negotiation, pages
from .negotiation import DATASET_FORMATS, TRIPLE_FORMATS

bp = Blueprint("graphstore", __name__)

MAX_BYTES = 64 * 1024 * 1024
"""Largest body a Graph Store write takes (413 beyond)."""
BODY_TYPES = {f.media_type: f for f in TRIPLE_FORMATS}
METHODS = ["GET", "HEAD", "PUT", "POST", "DELETE"]


def _target(rest: str | None):
    """The graph a request names: an IRI, "default", or None (the whole store)."""
    if rest is not None:
        if request.args:
            raise errors.bad_request("a graph named by its path takes no default or graph "
                                     "parameter")
        return pages.named(f"{ns.GRAPH}{rest}", f"/store/{rest}").value
    has_default, graphs = "default" in request.args, request.args.getlist("graph")
    if has_default and graphs or len(graphs) > 1:
        raise errors.bad_request("name one graph: ?default or ?graph=IRI")
    if has_default:
        return "default"
    if graphs:
        if not guard.is_iri(graphs[0]):
            raise errors.bad_request(f"graph must be an absolute IRI, not {graphs[0]!r}")
        return graphs[0]
    return None


@bp.route("/store", methods=METHODS, defaults={"rest": None})
@bp.route("/store/<path:rest>", methods=METHODS)
def graph_store(rest):
    target = _target(rest)
    if request.method in ("GET", "HEAD"):
        return _read(target)
    limits.check("writes")
    auth.require_write(current_app.config["TECHTIES_SETTINGS"])
    if request.method == "DELETE":
        return _delete(target)
    if target is None and request.method == "PUT":
        raise errors.bad_request("PUT needs ?default or ?graph=IRI")
    quads = _body()
    if target is None:  # POST to the store: a new graph
        target = f"{ns.GRAPH}posted/{uuid.uuid4()}"
        _write(target, quads, replace=True)
        return Response(status=201, headers={"Location": target})
    existed = _exists(target)
    _write(target, quads, replace=request.method == "PUT")
    return Response(status=204 if existed else 201)


def _exists(target: str) -> bool:
    if target == "default":
        return True
    with evaluation.dataset().reader() as db:
        return db.contains_named_graph(ox.NamedNode(target))


def _read(target):
    offers = DATASET_FORMATS if target is None else TRIPLE_FORMATS
    fmt = negotiation.choose(offers)
    # HEAD is a GET without the body (Werkzeug drops it), so that its headers, Content-Length
    # included, are the GET's.
    return evaluation.dump(target, fmt, {"Vary": "Accept"})


def _body() -> list[ox.Quad]:
    if (request.content_length or 0) > MAX_BYTES:
        raise errors.too_large(MAX_BYTES)
    if request.mimetype == "multipart/form-data":
        quads = []
        for part in request.files.values():
            fmt = BODY_TYPES.get(part.mimetype) or RDF_FORMATS.get(
                (part.filename or "").rpartition(".")[2])
            if fmt is None or fmt.dataset:
                raise errors.unsupported_media_type(
                    f"send each part of the form as one of {', '.join(BODY_TYPES)} (part "
                    f"{errors.shown(part.name or '')!r})", received=part.mimetype)
            quads += _parse(part.read(), fmt, part.name)
        return quads
    fmt = BODY_TYPES.get(request.mimetype)
    if fmt is None:
        raise errors.unsupported_media_type(
            f"send the graph as one of {', '.join(BODY_TYPES)} or multipart/form-data")
    return _parse(request.get_data(cache=False), fmt, "the body")


def _parse(data: bytes, fmt, where: str) -> list[ox.Quad]:
    try:
        if fmt.name == "rdfxml":  # pyoxigraph expands entities: 9 GB for a billion laughs
            parse.screen_xml(data)
        quads = list(ox.parse(data, fmt.oxigraph, base_iri=request.base_url,
                              rename_blank_nodes=True, without_named_graphs=True))
    except (SyntaxError, parse.ParseError) as exc:
        error = exc if isinstance(exc, parse.ParseError) else parse.located(exc)
        raise errors.bad_request(f"{where} is not valid {fmt.name}: {error}", line=error.line,
                                 column=error.column) from None
    for quad in quads:
        if isinstance(quad.object, ox.Literal) and (character := parse.not_xml(quad.object.value)):
            raise errors.bad_request(
                f"{where} holds the literal {parse.shown_literal(quad.object)}, with {character}: "
                "a character no string may hold, which XML (RDF/XML, SPARQL results in XML) "
                "cannot carry; remove it")
    return quads


def _graph_clause(target: str, body: str) -> str:
    return body if target == "default" else f"GRAPH <{target}> {{ {body} }}"


def _write(target: str, quads: list[ox.Quad], *, replace: bool) -> None:
    data = ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in quads],
                        format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    steps = []
    if replace:
        steps.append("DROP SILENT DEFAULT" if target == "default"
                     else f"DROP SILENT GRAPH <{target}> ; CREATE SILENT GRAPH <{target}>")
    elif target != "default":
        steps.append(f"CREATE SILENT GRAPH <{target}>")
    if data:
        steps.append("INSERT DATA { " + _graph_clause(target, data) + " }")
    evaluation.apply(" ;\n".join(steps))


def _delete(target):
    if target is None:
        raise errors.bad_request("DELETE needs ?default or ?graph=IRI")
    if not _exists(target):
        raise errors.not_found(f"no graph <{target}> in the store")
    evaluation.apply("DROP DEFAULT" if target == "default" else f"DROP GRAPH <{target}>")
    return Response(status=204)
