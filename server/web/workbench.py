"""The curators' and contributors' workbench in the browser, over the submissions service
(:mod:`server.web.submissions` does the work; these pages only call it):

- ``/submissions/new``: paste or upload RDF; the page POSTs it to ``/submissions`` and shows
  the record and report that the API answers (the same page a browser gets from it).
- ``/submissions/review``: the queue of pending submissions, each with its report and its
  :func:`diff` against the store, and accept and reject buttons with a reason. The write
  token is typed into the page, kept in the tab's ``sessionStorage`` and sent by its script
  as ``Authorization: Bearer``: never in a URL, never in a cookie, never in the page.
- ``/submissions/curator``: 204 with the write token (401/403 without it, as a decision
  would be): how the page tells a curator that the token typed is the right one.
- ``/submissions/<id>/diff``: the diff as JSON.
"""

import json
import re
from dataclasses import asdict, dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, render_template

from ..graph.report import Report
from ..store import merged
from ..submission import names
from ..submission.records import NotFound
from . import auth, errors, evaluation, negotiation, submissions
from .negotiation import JSON

bp = errors.json_first(Blueprint("workbench", __name__, url_prefix="/submissions"))

MAX_DIFF = 500
"""Triples of a submission compared with the store, at most (the rest are counted)."""
MAX_BESIDE = 5
"""Values the store holds beside a submitted one, shown per subject and property, at most."""


@dataclass
class Diff:
    """A submission's triples against the store: ``new`` ones, ones ``already`` there, and
    for a new value of a subject and property the store has values for, those values
    (``beside``: [submitted triple, [the store's]]). Triples as short N-Triples-like lines."""
    new: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    beside: list[tuple[str, list[str]]] = field(default_factory=list)
    unchecked: int = 0


def _curie(iri: str) -> str:
    for prefix, space in names.defaults().items():
        if iri.startswith(space) and re.fullmatch(r"[\w.-]+", iri[len(space):]):
            return f"{prefix}:{iri[len(space):]}"
    return f"<{iri}>"


def _term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return _curie(term.value)
    if isinstance(term, ox.Literal):
        text = '"' + term.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if term.language:
            return f"{text}@{term.language}"
        datatype = term.datatype.value
        return text if datatype.endswith("#string") else f"{text}^^{_curie(datatype)}"
    return str(term)


def _line(triple) -> str:
    return f"{_term(triple.subject)} {_term(triple.predicate)} {_term(triple.object)} ."


def diff(db, data: bytes) -> Diff:
    """The submission's N-Triples ``data`` against ``db`` (any graph of the store)."""
    triples = list(ox.parse(data, ox.RdfFormat.N_TRIPLES))
    found = Diff(unchecked=max(0, len(triples) - MAX_DIFF))
    submitted = {(t.subject, t.predicate, t.object) for t in triples}
    for t in triples[:MAX_DIFF]:
        if next(iter(merged.quads_for_pattern(db, t.subject, t.predicate, t.object, None)), None):
            found.already.append(_line(t))
            continue
        found.new.append(_line(t))
        others = []
        for q in merged.quads_for_pattern(db, t.subject, t.predicate, None, None):
            if (q.subject, q.predicate, q.object) not in submitted:
                line = _line(q)
                if line not in others:
                    others.append(line)
            if len(others) >= MAX_BESIDE:
                break
        if others:
            found.beside.append((_line(t), others))
    return found


def _diff(sid: str) -> Diff:
    data = submissions.service().records.data(sid)
    with evaluation.dataset().reader() as db:
        return diff(db, data)


@bp.get("/new")
def new():
    return render_template("workbench_submit.html")


@bp.get("/review")
def review():
    svc = submissions.service()
    queue = [(r, Report.from_json(r.report), _diff(r.id)) for r in svc.records.list("pending")]
    return render_template("workbench_review.html", queue=queue,
                           token_configured=bool(svc.settings.write_token))


@bp.get("/curator")
def curator():
    auth.require_write(submissions.service().settings, "curator decisions")
    return Response(status=204)


@bp.get("/<sid>/diff")
def show_diff(sid: str):
    try:
        submissions.service().records.get(sid)
    except NotFound as exc:
        raise errors.not_found(str(exc)) from None
    negotiation.choose([JSON])
    body = json.dumps({"submission": sid, **asdict(_diff(sid))}, indent=2, ensure_ascii=False)
    return Response(body + "\n", mimetype=JSON.media_type, headers={"Vary": "Accept"})
