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
"""

import hmac
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, url_for
from rdflib import Graph

from .. import namespaces as ns
from ..config import Settings
from ..formats import RDF_FORMATS
from ..query import workers
from ..submission import offload, parse, workflow
from ..submission.records import STATUSES, NotFound, Record, Records
from ..submission.report import Report, sorted_quads

bp = Blueprint("submissions", __name__, url_prefix="/submissions")

ACCEPTED_TYPES = {f.media_type: f for f in RDF_FORMATS.values()}
"""What a submission may be sent as (TriG and N-Quads too, so that a named graph is refused
with the reason rather than as an unknown type)."""
JSON = "application/json"
HTML = "text/html"
RDF_TYPES = [f.media_type for f in RDF_FORMATS.values()]
EXTENSION = "techties.submissions"


@dataclass
class Service:
    """What the views need: the settings, the records, the store, whom to tell of a write, and
    how to check a submission."""

    settings: Settings
    records: Records
    open_store: Callable[[], ox.Store]
    on_write: Callable[[], None]
    validate: Callable
    """How a submission is checked (see workflow.submit): in a worker (offload.in_worker)."""
    _db: ox.Store | None = field(default=None, repr=False)
    _ready: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def db(self) -> ox.Store:
        """The store, opened on first use; what a crash interrupted is finished then."""
        if not self._ready:
            with self._lock:
                if not self._ready:
                    self._db = self._db or self.open_store()
                    workflow.recover(self.records, self._db)
                    self._ready = True
        return self._db

    def target(self) -> workflow.Against:
        return workflow.Against(self.db, "the store")


def init_app(app, settings: Settings, *, open_store: Callable[[], ox.Store],
             on_write: Callable[[], None], validate: Callable) -> Service:
    """Attach the submissions service to ``app`` (:func:`server.app.create_app` does)."""
    service = Service(
        settings=settings,
        records=Records.beside(settings.store_location, settings.submissions),
        open_store=open_store, on_write=on_write, validate=validate)
    service.records.sweep()
    app.extensions[EXTENSION] = service
    return service


def service() -> Service:
    """The app's submissions service, its store open and any interrupted acceptance finished
    (so that no record is read before it agrees with the store)."""
    svc = current_app.extensions[EXTENSION]
    svc.db  # noqa: B018 (opening is the point)
    return svc


@bp.errorhandler(OSError)
def _store_unavailable(exc: OSError):
    """No store yet, or the store cannot be opened: nothing was recorded."""
    current_app.logger.error("submissions: the store is unavailable: %s", exc)
    return error(503, f"the store is unavailable: {exc}")


# --- responses ------------------------------------------------------------------------------

def _negotiate(offers: list[str], default: str) -> str | None:
    """The media type to answer with: ``default`` without an Accept header, None if none fits."""
    if not request.accept_mimetypes:
        return default
    # Werkzeug's best_match: highest quality, then the most specific, then the first offered;
    # so the default goes first, and a bare */* (curl) gets it.
    return request.accept_mimetypes.best_match([default, *(o for o in offers if o != default)])


def error(status: int, message: str, **extra) -> Response:
    body = {"error": message, "status": status, **extra}
    if _negotiate([JSON, HTML], JSON) == HTML:
        return Response(render_template("submission_error.html", status=status,
                                        message=message, extra=extra), status, mimetype=HTML)
    return Response(json.dumps(body, indent=2), status, mimetype=JSON)


def _not_acceptable(offers: list[str]) -> Response:
    return Response(json.dumps({"error": "none of the media types in Accept can be served: "
                                         + ", ".join(offers), "status": 406}, indent=2),
                    406, mimetype=JSON)


def _rdf(graph: Graph | None, media_type: str, status: int = 200, *,
         dataset: list[ox.Quad] | None = None, headers=None) -> Response:
    fmt = ACCEPTED_TYPES[media_type]
    quads = dataset if dataset is not None else []
    if graph is not None:
        quads = [*sorted_quads(graph), *quads]
    if not fmt.dataset:
        quads = [q for q in quads if isinstance(q.graph_name, ox.DefaultGraph)]
    body = ox.serialize(quads, format=fmt.oxigraph, prefixes=_PREFIXES)
    return Response(body, status, mimetype=media_type, headers=headers)


_PREFIXES = {"sh": "http://www.w3.org/ns/shacl#", "prov": "http://www.w3.org/ns/prov#",
             "dcterms": "http://purl.org/dc/terms/", "void": "http://rdfs.org/ns/void#",
             "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
             "xsd": "http://www.w3.org/2001/XMLSchema#",
             "tt": str(ns.TT)}


def _record_json(record: Record) -> dict:
    return {**record.as_json(), "url": url_for("submissions.show", sid=record.id),
            "data": url_for("submissions.data", sid=record.id)}


def _report_response(record: Record, report: Report, status: int, headers=None) -> Response:
    offers = [JSON, HTML, *RDF_TYPES]
    chosen = _negotiate(offers, JSON)
    if chosen is None:
        return _not_acceptable(offers)
    if chosen == HTML:
        return Response(render_template("submission.html", record=record, report=report),
                        status, mimetype=HTML, headers=headers)
    if chosen == JSON:
        return Response(json.dumps(_record_json(record), indent=2), status, mimetype=JSON,
                        headers=headers)
    return _rdf(report.graph(), chosen, status, headers=headers)


# --- tokens ---------------------------------------------------------------------------------

def _bearer() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _unauthorized(message: str) -> Response:
    response = error(401, message)
    response.headers["WWW-Authenticate"] = 'Bearer realm="techties"'
    return response


def _submitter(settings: Settings) -> str | Response:
    token = _bearer()
    if token is None:
        if settings.require_contributor_token:
            return _unauthorized("submissions need a contributor token: send "
                                 "Authorization: Bearer <token>")
        return "anonymous"
    for pair in settings.contributor_tokens:
        name, _, secret = pair.partition(":")
        if hmac.compare_digest(token.encode(), secret.encode()):
            return name
    if settings.write_token and hmac.compare_digest(token.encode(), settings.write_token.encode()):
        return "curator"
    return error(403, "this token is not a contributor token")


def _curator(settings: Settings) -> str | Response:
    if not settings.write_token:
        return error(403, "curator decisions are refused: no write token is configured "
                          "(TECHTIES_WRITE_TOKEN)")
    token = _bearer()
    if token is None:
        return _unauthorized("curator decisions need the write token: send "
                             "Authorization: Bearer <token>")
    if not hmac.compare_digest(token.encode(), settings.write_token.encode()):
        return error(403, "wrong write token")
    return "curator"


# --- views ----------------------------------------------------------------------------------

def _read_body(limit: int) -> bytes | Response:
    if request.content_length is not None and request.content_length > limit:
        return error(413, f"the submission is {request.content_length} bytes; the limit is "
                          f"{limit} bytes", limit=limit)
    data = request.stream.read(limit + 1)
    if len(data) > limit:
        return error(413, f"the submission is larger than the limit of {limit} bytes",
                     limit=limit)
    return data


CHECK_FAILURES = (offload.TooSlow, workers.Busy, workers.Crashed)
"""How a check in a worker can fail, besides finding problems (see offload.in_worker)."""


def _check_failed(exc: Exception) -> Response:
    if isinstance(exc, offload.TooSlow):
        return error(503, str(exc))
    if isinstance(exc, workers.Busy):
        response = error(503, "every worker is busy; try again shortly")
        response.headers["Retry-After"] = "2"
        return response
    current_app.logger.error("a submission's check crashed its worker (%s)", exc)
    return error(500, "the check of this submission crashed its worker; the server is "
                      "unaffected")


@bp.post("")
def submit():
    svc = service()
    who = _submitter(svc.settings)
    if isinstance(who, Response):
        return who
    media_type = request.mimetype
    if media_type not in ACCEPTED_TYPES:
        return error(415, f"a submission is RDF: send it as one of {', '.join(ACCEPTED_TYPES)}"
                          f" (Content-Type: {media_type or 'none'})",
                     accepted=list(ACCEPTED_TYPES))
    body = _read_body(svc.settings.submission_max_bytes)
    if isinstance(body, Response):
        return body
    try:
        record = workflow.submit(body, media_type, records=svc.records, target=svc.target(),
                                 submitter=who, policy=svc.settings.submission_policy,
                                 db=svc.db, on_write=svc.on_write, validate=svc.validate)
    except parse.ParseError as exc:
        return error(400, f"the submission cannot be read: {exc}", line=exc.line,
                     column=exc.column, parser_message=exc.message)
    except CHECK_FAILURES as exc:
        return _check_failed(exc)
    location = url_for("submissions.show", sid=record.id)
    headers = {"Location": location}
    report = Report.from_json(record.report)
    if record.status == "rejected":
        return _report_response(record, report, 422, headers)
    return _report_response(record, report, 201, headers)


@bp.get("")
def index():
    svc = service()
    status = request.args.get("status")
    if status is not None and status not in STATUSES:
        return error(400, f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    rows = svc.records.list(status)
    chosen = _negotiate([JSON, HTML], JSON)
    if chosen is None:
        return _not_acceptable([JSON, HTML])
    if chosen == HTML:
        return render_template("submission_list.html", records=rows, status=status,
                               statuses=STATUSES)
    return Response(json.dumps({"submissions": [_summary(r) for r in rows]}, indent=2),
                    mimetype=JSON)


def _summary(record: Record) -> dict:
    return {"id": record.id, "status": record.status, "received": record.received,
            "submitter": record.submitter, "triples": record.triples,
            "sha256": record.sha256, "url": url_for("submissions.show", sid=record.id)}


def _record(sid: str) -> Record | Response:
    try:
        return service().records.get(sid)
    except NotFound as exc:
        return error(404, str(exc))


@bp.get("/<sid>")
def show(sid: str):
    record = _record(sid)
    if isinstance(record, Response):
        return record
    report = Report.from_json(record.report)
    offers = [JSON, HTML, *RDF_TYPES]
    chosen = _negotiate(offers, JSON)
    if chosen is None:
        return _not_acceptable(offers)
    if chosen == HTML:
        data = service().records.data(sid).decode("utf-8")
        return render_template("submission.html", record=record, report=report, data=data)
    if chosen == JSON:
        return Response(json.dumps(_record_json(record), indent=2), mimetype=JSON)
    described = workflow.provenance(record, record.decision, graph=None)
    data = ox.parse(service().records.data(sid), ox.RdfFormat.N_TRIPLES)
    named = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(record.graph)) for q in data]
    return _rdf(report.graph(), chosen, dataset=[*described, *named])


@bp.get("/<sid>/data")
def data(sid: str):
    record = _record(sid)
    if isinstance(record, Response):
        return record
    offers = [f.media_type for f in RDF_FORMATS.values()]
    chosen = _negotiate(offers, "application/n-triples")
    if chosen is None or chosen == HTML:
        return _not_acceptable(offers)
    quads = list(ox.parse(service().records.data(sid), ox.RdfFormat.N_TRIPLES))
    return _rdf(None, chosen, dataset=quads)


def _reason() -> str | None:
    if request.mimetype == JSON:
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
    svc = service()
    who = _curator(svc.settings)
    if isinstance(who, Response):
        return who
    record = _record(sid)
    if isinstance(record, Response):
        return record
    reason = _reason()
    try:
        if decision == "accept":
            record = workflow.accept(sid, records=svc.records, db=svc.db, by=who, reason=reason,
                                     on_write=svc.on_write, description="the store",
                                     validate=svc.validate)
        else:
            if not reason or not reason.strip():
                return error(400, "a rejection needs a reason (form field or JSON \"reason\")")
            record = workflow.reject(sid, records=svc.records, db=svc.db, by=who, reason=reason)
    except workflow.Conflict as exc:
        return error(409, str(exc), submission=sid)
    except workflow.NoLongerConforms as exc:
        return _report_response(exc.record, exc.report, 422)
    except CHECK_FAILURES as exc:
        return _check_failed(exc)
    return _report_response(record, Report.from_json(record.report), 200)
