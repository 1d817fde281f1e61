"""The SHACL shapes as documentation, to be shown beside the terms they constrain (as pyLODE
and Widoco show them): read from ``ontology/shapes.ttl`` (cached until it changes).

A node shape constrains a class (``sh:targetClass``), or the subjects or objects of a
property (``sh:targetSubjectsOf``, ``sh:targetObjectsOf``); each of its property shapes
constrains its ``sh:path``. :func:`documentation` gives every shape with its targets and
property shapes, and for each term the shapes that constrain it: a class, the shapes that
target it; a property, the shapes that target its subjects or objects and the property
shapes whose path it is (with the node shape they belong to).

>>> doc = documentation()
>>> [s.name for s in doc.for_term["https://w3id.org/techties/ontology#State"]][:1]
['LabelShape']
"""

from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.collection import Collection

from ..graph.curated import SHAPES_FILE, read_text
from . import entity

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = "https://w3id.org/techties/shapes#"
_cache: dict = {}


@dataclass
class Constraint:
    """A property shape: what it asks of the values of ``path``."""
    name: str
    label: str
    comment: str
    path: str
    severity: str
    message: str


@dataclass
class Shape:
    name: str
    label: str
    comment: str
    severity: str
    message: str
    targets: list[str] = field(default_factory=list)
    """How it picks its focus nodes, as text: "instances of tt:State", "subjects of tt:party"."""
    constraints: list[Constraint] = field(default_factory=list)
    sparql: bool = False


@dataclass
class ShapeDoc:
    shapes: list[Shape]
    for_term: dict[str, list[Shape]]
    """Term IRI: the node shapes that target it (a class, or a property's subjects/objects)."""
    on_path: dict[str, list[tuple[Shape, Constraint]]]
    """Property IRI: the property shapes whose path it is, with their node shape."""


def _text(graph: Graph, node, prop) -> str:
    values = sorted(graph.objects(node, prop), key=lambda v: getattr(v, "language", "") != "en")
    return str(values[0]) if values else ""


def _name(node) -> str:
    iri = str(node)
    return iri[len(SHAPES):] if iri.startswith(SHAPES) else entity.curie(iri)


def _severity(graph: Graph, node) -> str:
    value = graph.value(node, SH.severity)
    return str(value).rsplit("#", 1)[-1] if value is not None else "Violation"


def _path(graph: Graph, node) -> list[str]:
    """The IRIs a path names: one property, or the members of an alternative path."""
    path = graph.value(node, SH.path)
    if isinstance(path, URIRef):
        return [str(path)]
    alternatives = graph.value(path, SH.alternativePath) if path is not None else None
    if alternatives is not None:
        return [str(p) for p in Collection(graph, alternatives) if isinstance(p, URIRef)]
    return []


def documentation() -> ShapeDoc:
    stamp = SHAPES_FILE.stat().st_mtime_ns
    if _cache.get("stamp") == stamp:
        return _cache["doc"]
    graph = Graph().parse(data=read_text(SHAPES_FILE), format="turtle")
    shapes, for_term, on_path = [], {}, {}
    targeting = [(SH.targetClass, "instances of"), (SH.targetSubjectsOf, "subjects of"),
                 (SH.targetObjectsOf, "objects of")]
    for node in sorted(set(graph.subjects(RDF.type, SH.NodeShape)), key=str):
        targets = [(str(t), words) for prop, words in targeting
                   for t in graph.objects(node, prop) if isinstance(t, URIRef)]
        sparql_target = graph.value(node, SH.target) is not None
        if not targets and not sparql_target:
            continue  # a value shape, used inside another: documented with it
        shape = Shape(name=_name(node), label=_text(graph, node, RDFS.label),
                      comment=_text(graph, node, RDFS.comment), severity=_severity(graph, node),
                      message=_text(graph, node, SH.message),
                      targets=[f"{words} {entity.curie(t)}" for t, words in targets] +
                      (["the nodes a SPARQL target selects"] if sparql_target else []),
                      sparql=graph.value(node, SH.sparql) is not None)
        for prop in sorted(graph.objects(node, SH.property), key=str):
            for path in _path(graph, prop) or [""]:
                constraint = Constraint(
                    name=_name(prop), label=_text(graph, prop, RDFS.label),
                    comment=_text(graph, prop, RDFS.comment),
                    path=entity.curie(path) if path else "", severity=_severity(graph, prop),
                    message=_text(graph, prop, SH.message))
                shape.constraints.append(constraint)
                if path:
                    on_path.setdefault(path, []).append((shape, constraint))
        shapes.append(shape)
        for iri, _ in targets:
            for_term.setdefault(iri, []).append(shape)
    doc = ShapeDoc(shapes=shapes, for_term=for_term, on_path=on_path)
    _cache.update(stamp=stamp, doc=doc)
    return doc
