"""SHACL validation of instance data against ontology/shapes.ttl, with the ontology mixed in.

One entry point, :func:`validate`, returns a :class:`server.graph.report.Report`: one
:class:`server.graph.report.Problem` per result, worded for the person who has to fix it.
"""

import threading
from functools import cache

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from .. import namespaces as ns
from . import curated, sparql_shapes
from .report import ORDER, SEVERITIES, Problem, Report

_ONE_AT_A_TIME = threading.Lock()
"""pySHACL parses the shapes' SPARQL with rdflib's parser, which is not thread-safe: pyparsing
works out each parse action's arity on its first call, and two first validations at once
broke each other (a 500 per submission, when the server still validated in its request
threads; now its workers do, one job each, and this guards every other caller). The work
holds the GIL anyway, so one at a time costs no throughput."""


def shapes_graph() -> Graph:
    return _shapes(ns.BASE)


def ontology_graph() -> Graph:
    return _ontology(ns.BASE)


# Read once per namespace: the files are rebased into it as they are read.
@cache
def _shapes(base: str) -> Graph:
    return curated.read_shapes()


@cache
def _ontology(base: str) -> Graph:
    return curated.parse_turtle(curated.ONTOLOGY_FILE)


def _n3(graph: Graph, node) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef | Literal):
        return node.n3(graph.namespace_manager)
    return str(node)


def path_text(report: Graph, path, name) -> str | None:
    """A SHACL property path (SHACL section 2.3.1) in SPARQL's property path syntax, its
    IRIs written by ``name``: ``sh:alternativePath ( tt:technology tt:product )`` reads
    ``tt:technology|tt:product``."""
    if path is None or isinstance(path, URIRef):
        return None if path is None else name(path)

    def group(inner) -> str:
        text = path_text(report, inner, name)
        simple = isinstance(inner, URIRef) or (inner, SH.inversePath, None) in report
        return text if simple else f"({text})"

    if (path, RDF.first, None) in report:
        return "/".join(group(p) for p in Collection(report, path))
    alternatives = report.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(group(p) for p in Collection(report, alternatives))
    for predicate, form in ((SH.inversePath, "^{}"), (SH.zeroOrMorePath, "{}*"),
                            (SH.oneOrMorePath, "{}+"), (SH.zeroOrOnePath, "{}?")):
        inner = report.value(path, predicate)
        if inner is not None:
            return form.format(group(inner))
    return str(path)


def shape_iri(shape) -> str:
    """The shape's IRI; for a blank property shape, the IRI of the node shape that holds it."""
    shapes = shapes_graph()
    for _ in range(5):
        if not isinstance(shape, BNode):
            break
        shape = next(iter(shapes.subjects(SH.property, shape)), None) or next(
            iter(shapes.subjects(None, shape)), None)
    return str(shape) if isinstance(shape, URIRef) else str(SH.Shape)


def _problems(report: Graph, names: Graph) -> list[Problem]:
    problems = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(node, SH.resultSeverity)
        focus, path, value = (report.value(node, p)
                              for p in (SH.focusNode, SH.resultPath, SH.value))
        messages = [str(m) for m in report.objects(node, SH.resultMessage)]
        problems.append(Problem(
            severity=SEVERITIES.get(severity, str(severity)),
            focus=_n3(names, focus),
            path=path_text(report, path, lambda n: _n3(names, n)),
            value=_n3(names, value),
            message=" ".join(messages) or "constraint not met",
            fix=None,
            rule=shape_iri(report.value(node, SH.sourceShape)),
            focus_iri=str(focus), path_iri=str(path) if isinstance(path, URIRef) else None,
            value_term=value.n3() if isinstance(value, URIRef | Literal) else None,
        ))
    return sorted(problems, key=lambda p: (ORDER.get(p.severity, 3), p.focus, p.path or ""))


def validate(data: Graph, *, focus_nodes=None, inference: str = "none") -> Report:
    """Validate ``data`` with the whole ontology in the data graph (its class hierarchy for
    sh:class, and its own individuals: the document parts, the kinds of disagreement).

    No RDFS inference by default: ``rdfs:range`` would give an unknown node the type a
    shape asks for, and the statement-evidence shape would count inferred types as
    statements without evidence. Warnings do not make data non-conforming; only violations
    do (:attr:`server.graph.report.Report.conforms`). pySHACL's own verdict is not kept: with
    ``allow_warnings`` it says the same, save for a result nested (sh:detail) under a
    warning, which no shape has (sh:node is used under a violation only).
    """
    core, constraints, targets = _split(ns.BASE)
    whole = data + ontology_graph()
    with _ONE_AT_A_TIME:
        _, report, _ = pyshacl.validate(
            whole,
            shacl_graph=core,
            inference=inference,
            advanced=True,
            allow_warnings=True,
            focus_nodes=focus_nodes,
        )
    keep = None if focus_nodes is None else set(focus_nodes).__contains__
    sparql_shapes.evaluate(sparql_shapes.store_of(whole), constraints, targets, report, keep)
    return Report(_problems(report, data), raw=report)


@cache
def _split(base: str):
    """The shapes as pySHACL runs them, and the SPARQL constraints pyoxigraph runs
    (:mod:`server.graph.sparql_shapes`), once per namespace."""
    return sparql_shapes.split(shapes_graph())
