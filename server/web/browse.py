"""Browsing: ``/id/`` (every kind of entity, with counts), ``/id/<kind>/`` (its entities, by
name, paged), ``/class/`` (every class of the ontology, with counts), read from the search
index; and an entity page's "Referred to by", grouped by relation and by the kind of what
refers (:func:`referrers`): one row per relation, one line per kind, its items shown inline
up to :data:`SHOWN` and folded beyond (Russia's section: 4,050 px of lists before).
"""

from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, render_template
from werkzeug.routing import BaseConverter

from .. import namespaces as ns
from ..search.index import inferred
from ..store import merged
from ..submission.names import kinds
from . import entity, errors, search

bp = Blueprint("browse", __name__)


class Segment(BaseConverter):
    """A path segment an IRI can hold: no markup, quote, brace, space or control character.
    ``/id/<b>`` is then no kind to redirect to ``/id/<b>/`` (a 308 where a 400 is due), but
    a path :func:`server.web.pages.resource` refuses as no IRI's."""

    regex = r'[^/<>"{}|\\^`\s\x00-\x1f\x7f]+'


bp.record_once(lambda state: state.app.url_map.converters.setdefault("segment", Segment))


PAGE = 200
SHOWN = 3
"""Items a group of "Referred to by" shows before the rest is folded."""
OWL_CLASS = "http://www.w3.org/2002/07/owl#Class"


@bp.get("/id/")
def ids():
    index = search.index()
    rows = [{"path": k.path, "prefix": k.prefix, "cls": k.cls,
             "name": index.labels([k.cls]).get(k.cls) or entity.curie(k.cls),
             "count": index.under(f"{ns.ID}{k.path}/", limit=0)[1]}
            for k in kinds()]
    return render_template("browse_ids.html", kinds=rows)


@bp.get("/id/<segment:kind>/")
def kind(kind: str):
    known = {k.path: k for k in kinds()}
    if kind not in known:
        raise errors.not_found(f"no kind of entity {kind} in techties")
    offset = search.number("offset", 0, 0, 1_000_000)
    index = search.index()
    items, total = index.under(f"{ns.ID}{kind}/", limit=PAGE, offset=offset)
    name = index.labels([known[kind].cls]).get(known[kind].cls) or kind
    return render_template("browse_kind.html", kind=kind, name=name, cls=known[kind].cls,
                           items=items, total=total, offset=offset, page=PAGE,
                           href=search.href,
                           type_names=lambda types: search.named_types(index, types))


@bp.get("/class/")
def classes():
    index = search.index()
    counts = index.type_counts(own=False)
    found, _ = index.of_type([OWL_CLASS], limit=100_000)
    rows = [{"name": h.label, "local": h.iri[len(str(ns.TT)):], "count": counts.get(h.iri, 0)}
            for h in found if h.iri.startswith(str(ns.TT))]
    return render_template("browse_classes.html", classes=rows)


# --- "Referred to by", grouped ---------------------------------------------------------------

@dataclass
class Group:
    relation: entity.Node
    kind: str
    items: list[entity.Node]


def _kind(db, term) -> str:
    """What ``term`` is, by its own types (not the inferred ones), most specific first."""
    if not isinstance(term, ox.NamedNode | ox.BlankNode):
        return "value"
    own = sorted({q.object.value for q in merged.quads_for_pattern(db,
        term, ox.NamedNode(entity.TYPE), None, None)
        if not inferred(getattr(q.graph_name, "value", ""))})
    if not own:
        return "other"
    return ", ".join(entity.label(db, ox.NamedNode(t)) for t in own)


def referrers(db, incoming) -> list[tuple[entity.Node, list[Group]]]:
    """``incoming`` ((relation, subjects) as :func:`server.web.entity.describe` gives them),
    each relation with one group per kind of subject, the largest first."""
    rows = []
    for relation, subjects in incoming:
        by_kind: dict[str, list] = {}
        for subject in subjects:
            by_kind.setdefault(_kind(db, subject.term), []).append(subject)
        rows.append((relation, [Group(relation, name, items) for name, items in
                                sorted(by_kind.items(), key=lambda kv: (-len(kv[1]), kv[0]))]))
    return rows
