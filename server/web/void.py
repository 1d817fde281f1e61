"""``/void``: the VoID description of the dataset, as RDF (Turtle by default) or as a page for
browsers (so the site's "VoID" link opens a page instead of downloading a file).

Both say the same, built once from the store's counts per store generation
(:meth:`server.store.dataset.Dataset.cached`): the totals, the licence, every dump, one
partition per class and per property, each named graph, and the linksets with their links.
"""

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from .. import namespaces as ns
from ..formats import RDF_FORMATS
from . import description, evaluation, negotiation, pages
from .entity import curie
from .negotiation import HTML, TRIPLE_FORMATS

bp = Blueprint("void", __name__)

OFFERS = [*TRIPLE_FORMATS, HTML]
"""Turtle without an Accept header; HTML for a browser."""


def counts() -> dict:
    return evaluation.dataset().cached("void", lambda db: description.void_counts(
        db, ns.GRAPH + "links/", ns.ONTOLOGY_IRI))


@bp.get("/void")
def void():
    fmt = negotiation.choose(OFFERS)
    found = counts()
    headers = {"Content-Location": f"/void?format={fmt.name}"}
    if fmt is not HTML:
        triples = description.void(found, namespace=ns.BASE, base_url=request.host_url)
        return negotiation.rdf_response(triples, fmt, description.PREFIXES, headers)
    dumps = [(f"/dumps/techties.{RDF_FORMATS[n].extension}", RDF_FORMATS[n])
             for n in description.DUMPS]
    body = render_template(
        "void.html", c=found, dumps=dumps, formats=TRIPLE_FORMATS, dataset=ns.BASE + "dataset",
        classes=[(_link(iri), n) for iri, n in found["class_partitions"]],
        properties=[(_link(iri), *numbers) for iri, *numbers in found["property_partitions"]],
        graphs=[(_link(g), size, title, found["links"].get(g))
                for g, size, title in found["graphs"]])
    return Response(body, mimetype="text/html", headers={**headers, "Vary": "Accept"})


def _link(iri: str) -> tuple[str, str]:
    """(where it is shown, its short name)."""
    return pages.href(ox.NamedNode(iri)), curie(iri)
