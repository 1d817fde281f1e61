"""Linked Data: ``/id/...`` and ``/.well-known/genid/...`` dereferenced, and class pages.

The server maps its own paths to IRIs in the canonical namespace, whatever host it runs on:
``/id/state/russia`` is ``<namespace>id/state/russia``. One pattern for every resource:
**200 with Content-Location**. The IRI's URL answers HTML to browsers, or Turtle, JSON-LD,
RDF/XML or N-Triples by ``Accept`` (``Vary: Accept``), and says in ``Content-Location`` which
document it sent: ``/id/state/russia?format=ttl`` (a URL that always gives that format).
``/class/<Name>`` lists the instances of ``tt:<Name>``.
"""

import pyoxigraph as ox
from flask import Blueprint, Response, render_template
from jinja2 import pass_context

from .. import namespaces as ns
from ..store import merged
from . import browse, charts, entity, errors, evaluation, negotiation, partners, relations
from .negotiation import HTML, TRIPLE_FORMATS

bp = Blueprint("pages", __name__)

OFFERS = [HTML, *TRIPLE_FORMATS]


def href(term) -> str | None:
    """Where a term is shown: its page here for our IRIs, the IRI itself for others."""
    if not isinstance(term, ox.NamedNode):
        return None
    iri, base = term.value, ns.BASE
    if iri.startswith(base + "id/") or iri.startswith(base + ".well-known/genid/"):
        return "/" + iri[len(base):]
    if iri.startswith(base + "ontology#"):
        name = iri[len(base + "ontology#"):]
        return f"/class/{name}" if name[:1].isupper() else f"/ontology#{name}"
    if iri.startswith(base + "graph/"):
        return "/store/" + iri[len(base + "graph/"):]
    return iri


@bp.app_template_filter("href")
def _href_filter(term):
    return href(term)


@bp.app_template_filter("label")
@pass_context
def _label(context, term) -> str:
    """A term's label, as the page's entity read it (entity.names)."""
    names = getattr(context.get("e"), "names", {})
    return names.get(term) or entity.curie(getattr(term, "value", str(term)))


@bp.app_template_filter("docpage")
def _docpage(term) -> str:
    """The page of a source document's text, where each quote has its anchor."""
    iri = getattr(term, "value", "")
    return "/documents/" + iri.removeprefix(ns.ID + "source/")


@bp.app_template_filter("document_slug")
@pass_context
def _document_slug(context, iri: str) -> str | None:
    """The slug of a source document's page of text, if the page's entity is one."""
    e = context.get("e")
    is_document = any(getattr(t.term, "value", "") == str(ns.TT) + "SourceDocument"
                      for t in getattr(e, "types", []))
    return iri.removeprefix(ns.ID + "source/") if is_document else None


@bp.app_template_filter("inverse")
def _inverse(relation) -> str:
    """A relation read from its object's side: "headquarters of", not "based in of"."""
    return relations.inverse(relation.term.value, relation.label)


@bp.app_template_filter("literal")
def _literal(term) -> str:
    if isinstance(term, ox.Literal):
        if term.language:
            return f"{term.value} @{term.language}"
        datatype = term.datatype.value
        if datatype.endswith("#string") or datatype.endswith("#langString"):
            return term.value
        return f"{term.value} ({entity.curie(datatype)})"
    return str(term)


@bp.app_template_filter("curie")
def _curie(term) -> str:
    return entity.curie(term.value if hasattr(term, "value") else str(term))


def named(iri: str, path: str) -> ox.NamedNode:
    """The IRI a path of ours stands for; 400 if no IRI can be that (markup, spaces...)."""
    try:
        return ox.NamedNode(iri)
    except ValueError:
        raise errors.bad_request(f"{errors.shown(path)} is not the path of an IRI: an IRI "
                                 "holds no space, no control character and none of "
                                 '< > " { } | \\ ^ `') from None


def _page(iri: str, path: str):
    fmt = negotiation.choose(OFFERS)
    named(iri, path)
    with evaluation.dataset().reader() as db:
        found = entity.describe(db, iri)
        referrers = browse.referrers(db, found.incoming) if found else []
        net = partners.network(db, ox.NamedNode(iri)) if found else None
    if found is None:
        raise errors.not_found(f"<{iri}> is not in techties")
    headers = {"Content-Location": f"{path}?format={fmt.name}", "Vary": "Accept",
               "Link": f'<{iri}>; rel="canonical"'}
    if fmt is not HTML:
        return negotiation.rdf_response(found.triples, fmt, entity.prefixes(), headers)
    timeline = charts.timeline(found.timeline, href)
    figure_charts = charts.figures(found.figures, href)
    body = render_template("entity.html", e=found, timeline=timeline,
                           figure_charts=figure_charts, path=path, formats=TRIPLE_FORMATS,
                           referrers=referrers, shown=browse.SHOWN, net=net,
                           net_graph=net.graph(href))
    return Response(body, mimetype="text/html", headers=headers)


@bp.get("/id/<path:rest>")
def resource(rest: str):
    return _page(ns.BASE + "id/" + rest, "/id/" + rest)


@bp.get("/.well-known/genid/<path:rest>")
def genid(rest: str):
    return _page(ns.BASE + ".well-known/genid/" + rest, "/.well-known/genid/" + rest)


@bp.get("/class/<name>")
def klass(name: str):
    iri = ns.BASE + "ontology#" + name
    fmt = negotiation.choose(OFFERS)
    named(iri, f"/class/{name}")
    with evaluation.dataset().reader() as db:
        instances = entity.class_instances(db, iri)
        known = instances or list(merged.quads_for_pattern(db, ox.NamedNode(iri), None, None, None))
        title = entity.label(db, ox.NamedNode(iri))
        comment = [t.object.value for t in merged.quads_for_pattern(db,
            ox.NamedNode(iri), ox.NamedNode(entity.RDFS + "comment"), None, None)]
    if not known:
        raise errors.not_found(f"tt:{name} is not a class of techties")
    headers = {"Content-Location": f"/class/{name}?format={fmt.name}", "Vary": "Accept"}
    if fmt is not HTML:
        rdf_type = ox.NamedNode(entity.TYPE)
        triples = [ox.Triple(n.term, rdf_type, ox.NamedNode(iri)) for n in instances]
        triples += [ox.Triple(n.term, ox.NamedNode(entity.RDFS + "label"),
                              ox.Literal(n.label)) for n in instances]
        return negotiation.rdf_response(triples, fmt, entity.prefixes(), headers)
    body = render_template("class.html", name=name, iri=iri, title=title,
                           comment=comment[0] if comment else "", instances=instances,
                           path=f"/class/{name}", formats=TRIPLE_FORMATS)
    return Response(body, mimetype="text/html", headers=headers)
