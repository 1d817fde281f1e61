"""``/ontology``: the ontology as documentation (HTML) and as RDF, by content negotiation.

Generated from the one hand-edited source, ``ontology/techties.ttl`` (read again when it
changes), split as pyLODE and Widoco split it, so that no page is very long:

- ``/ontology``: the metadata, a diagram of the classes and their relations (subclass edges,
  and object properties from domain to range; drawn in the browser with the vendored
  Cytoscape), the class hierarchy, and an index of every term with its definition. The
  terms' hash IRIs (``.../ontology#State``) land on their index entries, which link to
- ``/ontology/<Name>``: one term: definition, examples, super- and subclasses, disjoint
  classes, the properties whose domain or range it is, its instances (a class), domain and
  range (a property), a diagram of a class's neighbourhood, and beside it the SHACL shapes
  that constrain it (:mod:`server.web.shapedoc`), its superclasses' too;
- ``/ontology/shapes``: every shape, with its property shapes.

Turtle is the file itself; RDF/XML (the usual OWL exchange syntax), JSON-LD and N-Triples
are serialized from it.
"""

from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, render_template
from rdflib import OWL, RDF, RDFS, SKOS, Graph, URIRef
from rdflib.namespace import DCTERMS

from .. import namespaces as ns
from ..graph.curated import ONTOLOGY_FILE, read_text
from . import entity, errors, negotiation, shapedoc
from .negotiation import HTML, TRIPLE_FORMATS

bp = Blueprint("ontology", __name__)

OFFERS = [HTML, *TRIPLE_FORMATS]
_cache: dict = {}


@dataclass
class Term:
    iri: str
    name: str
    label: str
    kind: str
    definition: str = ""
    examples: list[str] = field(default_factory=list)
    comment: str = ""
    parents: list = field(default_factory=list)
    children: list = field(default_factory=list)
    disjoint: list = field(default_factory=list)
    domain: list = field(default_factory=list)
    range: list = field(default_factory=list)
    domain_of: list = field(default_factory=list)
    range_of: list = field(default_factory=list)


def _text(graph: Graph, node, prop) -> str:
    values = sorted(graph.objects(node, prop), key=lambda v: (getattr(v, "language", "") != "en"))
    return str(values[0]) if values else ""


def _ref(graph: Graph, node) -> dict:
    iri = str(node)
    local = iri.startswith(str(ns.TT))
    return {"iri": iri, "curie": entity.curie(iri), "label": _text(graph, node, RDFS.label),
            "href": f"/ontology/{iri[len(str(ns.TT)):]}" if local else iri}


def _unions(graph: Graph, node) -> list:
    """A class or a union of classes (owl:unionOf), as references."""
    members = graph.value(node, OWL.unionOf)
    if members is None:
        return [_ref(graph, node)] if isinstance(node, URIRef) else []
    from rdflib.collection import Collection

    return [_ref(graph, m) for m in Collection(graph, members) if isinstance(m, URIRef)]


def documentation() -> dict:
    """The ontology's documentation, read from the file (cached until it changes)."""
    stamp = ONTOLOGY_FILE.stat().st_mtime_ns
    if _cache.get("stamp") == stamp:
        return _cache["doc"]
    turtle = read_text(ONTOLOGY_FILE)
    graph = Graph().parse(data=turtle, format="turtle")
    kinds = {OWL.Class: "class", OWL.ObjectProperty: "object property",
             OWL.DatatypeProperty: "datatype property",
             OWL.AnnotationProperty: "annotation property"}
    terms: dict[str, Term] = {}
    for rdf_type, kind in kinds.items():
        for node in graph.subjects(RDF.type, rdf_type):
            if isinstance(node, URIRef) and str(node).startswith(str(ns.TT)):
                name = str(node)[len(str(ns.TT)):]
                terms[str(node)] = Term(
                    iri=str(node), name=name, label=_text(graph, node, RDFS.label) or name,
                    kind=kind, definition=_text(graph, node, SKOS.definition),
                    examples=[str(e) for e in graph.objects(node, SKOS.example)],
                    comment=_text(graph, node, RDFS.comment))
    for term in terms.values():
        node = URIRef(term.iri)
        parent_prop = RDFS.subClassOf if term.kind == "class" else RDFS.subPropertyOf
        term.parents = [_ref(graph, p) for p in graph.objects(node, parent_prop)
                        if isinstance(p, URIRef)]
        term.children = sorted((_ref(graph, c) for c in graph.subjects(parent_prop, node)),
                               key=lambda r: r["curie"])
        term.disjoint = sorted({_ref(graph, d)["curie"]: _ref(graph, d) for d in [
            *graph.objects(node, OWL.disjointWith), *graph.subjects(OWL.disjointWith, node)]
            if isinstance(d, URIRef)}.values(), key=lambda r: r["curie"])
        for d in graph.objects(node, RDFS.domain):
            term.domain += _unions(graph, d)
        for r in graph.objects(node, RDFS.range):
            term.range += _unions(graph, r)
    for term in terms.values():
        for ref in term.domain:
            if ref["iri"] in terms:
                terms[ref["iri"]].domain_of.append(_ref(graph, URIRef(term.iri)))
        for ref in term.range:
            if ref["iri"] in terms:
                terms[ref["iri"]].range_of.append(_ref(graph, URIRef(term.iri)))
    onto = URIRef(ns.ONTOLOGY_IRI)
    doc = {
        "iri": ns.ONTOLOGY_IRI, "namespace": str(ns.TT),
        "title": _text(graph, onto, DCTERMS.title) or "techties ontology",
        "description": _text(graph, onto, DCTERMS.description),
        "version": _text(graph, onto, OWL.versionInfo),
        "license": _text(graph, onto, DCTERMS.license),
        "classes": sorted((t for t in terms.values() if t.kind == "class"),
                          key=lambda t: t.name),
        "properties": sorted((t for t in terms.values() if t.kind != "class"),
                             key=lambda t: (t.kind, t.name)),
        "tree": _tree(graph),
        "diagram": _diagram(graph, terms),
        "turtle": turtle.encode("utf-8"),
    }
    doc["by_name"] = {t.name: t for t in terms.values()}
    _cache.update(stamp=stamp, doc=doc)
    return doc


def _tree(graph: Graph) -> list:
    """Every class the file declares, as (reference, children) trees: the tt: classes and the
    reused ones they hang from (a tt:Company is an org:Organization, which is a tt:Actor)."""
    classes = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    children: dict = {c: [] for c in classes}
    has_parent = set()
    for c in classes:
        for parent in graph.objects(c, RDFS.subClassOf):
            if parent in classes and parent != c:
                children[parent].append(c)
                has_parent.add(c)

    def grow(node, seen):
        kids = sorted((k for k in children[node] if k not in seen), key=lambda k: _ref(graph, k)
                      ["curie"])
        return (_ref(graph, node), [grow(k, seen | {k}) for k in kids])

    roots = sorted(classes - has_parent, key=lambda c: _ref(graph, c)["curie"])
    return [grow(r, {r}) for r in roots]


def _diagram(graph: Graph, terms: dict) -> dict:
    """The classes the file declares, as nodes, and as edges between them: ``sub`` (is a
    subclass of) and ``property`` (an object property whose domain and range they are)."""
    classes = sorted(str(c) for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef))
    nodes = [{"id": c, **{k: _ref(graph, URIRef(c))[k] for k in ("curie", "href")},
              "label": _text(graph, URIRef(c), RDFS.label) or entity.curie(c)} for c in classes]
    known = set(classes)
    edges = [{"source": c, "target": str(p), "kind": "sub", "label": ""}
             for c in classes for p in graph.objects(URIRef(c), RDFS.subClassOf)
             if str(p) in known and str(p) != c]
    for term in sorted(terms.values(), key=lambda t: t.name):
        if term.kind != "object property":
            continue
        for d in term.domain:
            for r in term.range:
                if d["iri"] in known and r["iri"] in known:
                    edges.append({"source": d["iri"], "target": r["iri"], "kind": "property",
                                  "label": f"tt:{term.name}"})
    return {"nodes": nodes, "edges": edges}


def neighbourhood(diagram: dict, iri: str) -> dict:
    """The part of the diagram around one class: it and the classes one edge away."""
    edges = [e for e in diagram["edges"] if iri in (e["source"], e["target"])]
    near = {iri} | {e["source"] for e in edges} | {e["target"] for e in edges}
    return {"nodes": [n for n in diagram["nodes"] if n["id"] in near], "edges": edges,
            "focus": iri}


def _lineage(doc: dict, term: Term) -> list[Term]:
    """The tt: classes above ``term``, nearest first."""
    seen, order, queue = {term.iri}, [], list(term.parents)
    while queue:
        ref = queue.pop(0)
        parent = doc["by_name"].get(ref["iri"][len(doc["namespace"]):])
        if parent is None or parent.iri in seen or not ref["iri"].startswith(doc["namespace"]):
            continue
        seen.add(parent.iri)
        order.append(parent)
        queue.extend(parent.parents)
    return order


@bp.get("/ontology/<name>")
def term(name: str):
    """One term's page: its documentation, the shapes that constrain it, and (a class) the
    diagram of its neighbourhood."""
    doc = documentation()
    found = doc["by_name"].get(name)
    if found is None:
        raise errors.not_found(f"tt:{name} is not a term of the techties ontology")
    shapes = shapedoc.documentation()
    own = shapes.for_term.get(found.iri, [])
    inherited = [(parent, shapes.for_term[parent.iri]) for parent in _lineage(doc, found)
                 if parent.iri in shapes.for_term]
    on_path = shapes.on_path.get(found.iri, [])
    around = neighbourhood(doc["diagram"], found.iri) if found.kind == "class" else None
    return render_template("ontology_term.html", doc=doc, t=found, own=own,
                           inherited=inherited, on_path=on_path, around=around)


@bp.get("/ontology/shapes")
def shapes():
    """Every shape that picks its own focus nodes, with its property shapes."""
    return render_template("ontology_shapes.html", doc=documentation(),
                           shapes=shapedoc.documentation().shapes)


@bp.get("/ontology")
def ontology():
    fmt = negotiation.choose(OFFERS)
    doc = documentation()
    headers = {"Content-Location": f"/ontology?format={fmt.name}", "Vary": "Accept"}
    if fmt is HTML:
        return Response(render_template("ontology.html", doc=doc, formats=TRIPLE_FORMATS),
                        mimetype="text/html", headers=headers)
    if fmt.name == "ttl":
        return Response(doc["turtle"], content_type=negotiation.content_type(fmt),
                        headers=headers)
    triples = [ox.Triple(q.subject, q.predicate, q.object)
               for q in ox.parse(doc["turtle"], ox.RdfFormat.TURTLE, base_iri=ns.ONTOLOGY_IRI)]
    return negotiation.rdf_response(triples, fmt, headers=headers)
