"""``/documents/<slug>``: a source document's text, each quoted passage marked, so that an
entity page can link a quote to its place (``?passage=<evidence>#<evidence>`` highlights one).

The text is read from the sources directory (``TECHTIES_SOURCES``; the document names its
file with ``tt:textFile``); the passages are the evidence quotes' TextPositionSelectors
(``instances/anchors.ttl``). Without the text, the page lists the quoted passages in the
order they stand, from their TextQuoteSelectors. Only files the catalogue names are read:
the slug names a document in the store, never a path.
"""

from dataclasses import dataclass
from html import escape
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request

from .. import namespaces as ns
from ..graph import anchors
from ..store import merged
from . import entity, errors, evaluation

bp = Blueprint("documents", __name__)

OA = "http://www.w3.org/ns/oa#"
PASSAGES = """
PREFIX tt: <%(tt)s>
PREFIX oa: <http://www.w3.org/ns/oa#>
SELECT ?evidence ?quote ?start ?end ?exact WHERE {
  ?evidence oa:hasSource <%(doc)s> ; tt:quote ?quote .
  OPTIONAL { ?evidence oa:hasSelector ?p . ?p oa:start ?start ; oa:end ?end }
  OPTIONAL { ?evidence oa:hasSelector ?q . ?q oa:exact ?exact }
} ORDER BY ?start ?evidence
"""


@dataclass
class Passage:
    anchor: str
    evidence: object
    quote: str
    start: int | None
    end: int | None


def _passages(db, iri: str) -> list[Passage]:
    found = {}
    for row in db.query(PASSAGES % {"tt": str(ns.TT), "doc": iri}, **merged.union(db)):
        node = row["evidence"]
        start, end = row["start"], row["end"]
        found.setdefault(node.value, Passage(
            node.value.rsplit("/", 1)[-1], node, row["quote"].value,
            int(start.value) if start is not None else None,
            int(end.value) if end is not None else None))
    return sorted(found.values(), key=lambda p: (p.start is None, p.start or 0, p.anchor))


def marked(text: str, passages: list[Passage], current: str | None) -> str:
    """``text`` as HTML, each passage in a <mark> (overlaps split into pieces), an anchor at
    each passage's start, and the ``current`` passage marked as such."""
    placed = [p for p in passages if p.start is not None and p.end is not None
              and 0 <= p.start < p.end <= len(text)]
    cuts = sorted({0, len(text), *(p.start for p in placed), *(p.end for p in placed)})
    starts: dict[int, list[Passage]] = {}
    for p in placed:
        starts.setdefault(p.start, []).append(p)
    html = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        for p in starts.get(a, []):
            html.append(f'<span class="anchor" id="{escape(p.anchor)}"></span>')
        covering = [p for p in placed if p.start <= a and b <= p.end]
        piece = escape(text[a:b])
        if covering:
            classes = "current" if any(p.anchor == current for p in covering) else ""
            title = escape(", ".join(p.anchor for p in covering))
            html.append(f'<mark class="{classes}" title="{title}">{piece}</mark>')
        else:
            html.append(piece)
    return "".join(html)


def _text(db, iri: str) -> str | None:
    """The document's text, if the catalogue names its file and the file is there."""
    name = next((q.object.value for q in merged.quads_for_pattern(db,
        ox.NamedNode(iri), ox.NamedNode(str(ns.TT) + "textFile"), None, None)), None)
    if not name or Path(name).name != name:
        return None
    settings = current_app.config["TECHTIES_SETTINGS"]
    path = anchors.sources_dir(settings.sources) / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


@bp.get("/documents/<slug>")
def document(slug: str):
    iri = ns.ID + "source/" + slug
    with evaluation.dataset().reader() as db:
        if not any(merged.quads_for_pattern(db, ox.NamedNode(iri), ox.NamedNode(
                "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode(str(ns.TT) + "SourceDocument"), None)):
            raise errors.not_found(f"no source document {slug!r} in techties")
        title = entity.label(db, ox.NamedNode(iri))
        passages = _passages(db, iri)
        text = _text(db, iri)
        licence = [q.object.value for q in merged.quads_for_pattern(db,
            ox.NamedNode(iri), ox.NamedNode("http://purl.org/dc/terms/license"), None, None)]
    current = request.args.get("passage")
    body = render_template(
        "document.html", title=title, iri=iri, slug=slug, passages=passages,
        text=marked(text, passages, current) if text is not None else None,
        licence=licence[0] if licence else None, current=current)
    return Response(body, mimetype="text/html")
