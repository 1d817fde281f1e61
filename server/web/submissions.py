"""``/submissions``: submit RDF, read records and reports, and (curators) decide.

- ``POST /submissions`` with Turtle, N-Triples, JSON-LD or RDF/XML (TriG and N-Quads too, so
  that a named graph is refused with its reason): 201 and Location (pending, or accepted
  under policy ``auto``); 422 and the report (recorded as rejected); 400 unparseable or
  empty; 413 too large; 415 another type; 401/403 if a contributor token is required or wrong.
- ``GET /submissions[?status=]``: the list (JSON, HTML).
- ``GET /submissions/<id>``: the record (JSON, HTML, or RDF: PROV-O and the
  sh:ValidationReport; TriG and N-Quads add the triples as a named graph).
- ``GET /submissions/<id>/data``: the submitted (skolemized) triples.
- ``POST /submissions/<id>/accept`` and ``/reject`` (``reason``), with the write token: 200;
  401 without it; 403 wrong, or none configured; 409 not pending; 422 no longer conforms.

A report (201, 422, 200) is an answer, negotiated as the records are; an error is a
:class:`server.web.errors.Problem`, JSON problem details by default (:func:`errors.json_first`)
with the extension members that say more: ``line`` and ``column`` of a parse error, the
``limit`` of a body too large, the ``accepted`` media types, the ``submission`` in conflict.
"""

import json

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, url_for
from rdflib import Graph

from .. import namespaces as ns
from .. import store
from ..formats import RDF_FORMATS
from ..graph.report import Report, sorted_quads
from ..query import workers
from ..submission import parse
from ..submission.offload import TooSlow
from ..submission.records import STATUSES, NotFound, Record
from ..submission.service import Conflict, NoLongerConforms, Submissions, provenance
from . import auth, errors, evaluation, limits, negotiation
from .negotiation import HTML, JSON

bp = errors.json_first(Blueprint("submissions", __name__, url_prefix="/submissions"))

ACCEPTED_TYPES = {f.media_type: f for f in RDF_FORMATS.values()}
"""What a submission may be sent as (TriG and N-Quads too, so that a named graph is refused
with the reason rather than as an unknown type)."""
RDF_OFFERS = list(RDF_FORMATS.values())
RECORD_OFFERS = [JSON, HTML, *RDF_OFFERS]
"""A record (with its report): JSON by default, a page for browsers, or RDF."""
DATA_OFFERS = [RDF_FORMATS["nt"], *(f for f in RDF_OFFERS if f.name != "nt")]
"""A submission's triples: N-Triples by default."""
EXTENSION = "techties.submissions"


def init_app(app, submissions: Submissions) -> None:
    """Attach the submissions service to ``app`` (:func:`server.app.create_app` does), having
    removed what a crash left half-written."""
    submissions.records.sweep()
    app.extensions[EXTENSION] = submissions


def service() -> Submissions:
    """The app's submissions service, any interrupted acceptance finished (so that no record
    is read before it agrees with the store)."""
    return current_app.extensions[EXTENSION].ready()


@bp.errorhandler(OSError)
def _store_unavailable(exc: OSError):
    """No store yet, or the store cannot be opened or written (a full disk): nothing was
    recorded. (The renderer takes the server's paths out of the message.)"""
    current_app.logger.error("submissions: the store is unavailable: %s", exc)
    if isinstance(exc, store.DiskFull):
        return errors.render(evaluation.problem(exc))
    return errors.render(errors.unavailable(f"the store is unavailable: {exc}"))


# --- responses ------------------------------------------------------------------------------

def _json(body: dict, status: int = 200, headers=None) -> Response:
    return Response(json.dumps(body, indent=2), status, mimetype=JSON.media_type,
                    headers={"Vary": "Accept", **(headers or {})})


def _page(template: str, code: int = 200, headers=None, /, **context) -> Response:
    """``template`` rendered with ``context`` (which may hold a ``status``: the records')."""
    return Response(render_template(template, **context), code, mimetype=HTML.media_type,
                    headers={"Vary": "Accept", **(headers or {})})


def _rdf(graph: Graph | None, fmt, status: int = 200, *,
         dataset: list[ox.Quad] | None = None, headers=None) -> Response:
    quads = dataset if dataset is not None else []
    if graph is not None:
        quads = [*sorted_quads(graph), *quads]
    if not fmt.dataset:
        quads = [q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)]
    body = ox.serialize(quads, format=fmt.oxigraph, prefixes=_PREFIXES)
    return Response(body, status, content_type=negotiation.content_type(fmt),
                    headers={"Vary": "Accept", **(headers or {})})


_PREFIXES = {"sh": "http://www.w3.org/ns/shacl#", "prov": "http://www.w3.org/ns/prov#",
             "dcterms": "http://purl.org/dc/terms/", "void": "http://rdfs.org/ns/void#",
             "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
             "xsd": "http://www.w3.org/2001/XMLSchema#",
             "tt": str(ns.TT)}


def _record_json(record: Record) -> dict:
    return {**record.as_json(), "url": url_for("submissions.show", sid=record.id),
            "data": url_for("submissions.data", sid=record.id)}


def _report_response(record: Record, report: Report, status: int, fmt,
                     headers=None) -> Response:
    """The record and its report in ``fmt``, chosen (from RECORD_OFFERS) before anything was
    written: an Accept nothing satisfies is a 406 that changes nothing."""
    if fmt is HTML:
        return _page("submission.html", status, headers, record=record, report=report)
    if fmt is JSON:
        return _json(_record_json(record), status, headers)
    return _rdf(report.graph(), fmt, status, headers=headers)


# --- views ----------------------------------------------------------------------------------

def _read_body(limit: int) -> bytes:
    if request.content_length is not None and request.content_length > limit:
        raise errors.too_large(limit, f"the submission is {request.content_length} bytes; the "
                                      f"limit is {limit} bytes")
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        raise errors.too_large(limit, f"the submission is larger than the limit of {limit} "
                                      "bytes")
    return data


CHECK_FAILURES = (TooSlow, workers.Busy, workers.Crashed)
"""How a check in a worker can fail, besides finding problems (see offload.InWorker)."""


def _check_failed(exc: Exception) -> errors.Problem:
    if isinstance(exc, workers.Crashed):
        current_app.logger.error("a submission's check crashed its worker (%s)", exc)
    return evaluation.problem(exc)


@bp.post("")
def submit():
    limits.check("submissions")
    svc = service()
    who = auth.contributor(svc.settings)
    media_type = request.mimetype
    if media_type not in ACCEPTED_TYPES:
        raise errors.unsupported_media_type(
            f"a submission is RDF: send it as one of {', '.join(ACCEPTED_TYPES)}",
            accepted=list(ACCEPTED_TYPES))
    fmt = negotiation.choose(RECORD_OFFERS)
    body = _read_body(svc.settings.submission_max_bytes)
    try:
        record = svc.submit(body, media_type, who)
    except parse.ParseError as exc:
        raise errors.bad_request(f"the submission cannot be read: {exc}", line=exc.line,
                                 column=exc.column, parser_message=exc.message) from None
    except CHECK_FAILURES as exc:
        raise _check_failed(exc) from None
    location = url_for("submissions.show", sid=record.id)
    headers = {"Location": location}
    report = Report.from_json(record.report)
    if record.status == "rejected":
        return _report_response(record, report, 422, fmt, headers)
    return _report_response(record, report, 201, fmt, headers)


@bp.get("")
def index():
    svc = service()
    status = request.args.get("status")
    if status is not None and status not in STATUSES:
        raise errors.bad_request(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    rows = svc.records.list(status)
    if negotiation.choose([JSON, HTML]) is HTML:
        return _page("submission_list.html", records=rows, status=status, statuses=STATUSES)
    return _json({"submissions": [_summary(r) for r in rows]})


def _summary(record: Record) -> dict:
    return {"id": record.id, "status": record.status, "received": record.received,
            "submitter": record.submitter, "triples": record.triples,
            "sha256": record.sha256, "url": url_for("submissions.show", sid=record.id)}


def _record(sid: str) -> Record:
    try:
        return service().records.get(sid)
    except NotFound as exc:
        raise errors.not_found(str(exc)) from None


@bp.get("/<sid>")
def show(sid: str):
    record = _record(sid)
    report = Report.from_json(record.report)
    fmt = negotiation.choose(RECORD_OFFERS)
    if fmt is HTML:
        # a rejected submission's data may hold U+0000 and the like (rule ill-typed): shown
        # as \u0000, never as the character itself
        data = parse.escaped(service().records.data(sid).decode("utf-8"))
        return _page("submission.html", record=record, report=report, data=data)
    if fmt is JSON:
        return _json(_record_json(record))
    described = provenance(record, record.decision, named=False)
    data = ox.parse(service().records.data(sid), ox.RdfFormat.N_TRIPLES)
    named = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(record.graph)) for q in data]
    return _rdf(report.graph(), fmt, dataset=[*described, *named])


@bp.get("/<sid>/data")
def data(sid: str):
    _record(sid)
    fmt = negotiation.choose(DATA_OFFERS)
    quads = list(ox.parse(service().records.data(sid), ox.RdfFormat.N_TRIPLES))
    return _rdf(None, fmt, dataset=quads)


def _reason() -> str | None:
    if request.mimetype == JSON.media_type:
        payload = request.get_json(silent=True) or {}
        return payload.get("reason") if isinstance(payload, dict) else None
    return request.values.get("reason")


@bp.post("/<sid>/accept")
def accept(sid: str):
    return _decide(sid, "accept")


@bp.post("/<sid>/reject")
def reject(sid: str):
    return _decide(sid, "reject")


def _decide(sid: str, decision: str):
    limits.check("writes")
    svc = service()
    auth.require_write(svc.settings, "curator decisions")
    who = "curator"
    record = _record(sid)
    fmt = negotiation.choose(RECORD_OFFERS)
    reason = _reason()
    try:
        if decision == "accept":
            record = svc.accept(sid, by=who, reason=reason)
        else:
            if not reason or not reason.strip():
                raise errors.bad_request("a rejection needs a reason (form field or JSON "
                                         "\"reason\")")
            record = svc.reject(sid, by=who, reason=reason)
    except Conflict as exc:
        raise errors.conflict(str(exc), submission=sid) from None
    except NoLongerConforms as exc:
        return _report_response(exc.record, exc.report, 422, fmt)
    except CHECK_FAILURES as exc:
        raise _check_failed(exc) from None
    return _report_response(record, Report.from_json(record.report), 200, fmt)
