"""SHACL validation of instance data against ontology/shapes.ttl, with the ontology mixed in.

One entry point, :func:`validate`, returns a :class:`Report`: the verdict and one
:class:`Result` per problem, worded for the person who has to fix it.
"""

import threading
from dataclasses import dataclass
from functools import cache

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from .. import namespaces as ns
from . import curated, sparql_shapes

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Result:
    severity: str
    focus: str
    path: str | None
    value: str | None
    message: str
    shape: str

    def line(self) -> str:
        where = self.focus + (f" {self.path}" if self.path else "")
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{self.severity}: {where}{value}: {self.message}"


@dataclass
class Report:
    conforms: bool
    results: list[Result]
    graph: Graph

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    def text(self) -> str:
        if not self.results:
            return "Conforms: no problems found."
        lines = [r.line() for r in self.results]
        verdict = "Conforms, with warnings" if self.conforms else "Does not conform"
        return "\n".join([f"{verdict}: {len(self.results)} result(s)", *lines])


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


def _results(report: Graph, names: Graph) -> list[Result]:
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        severity = report.value(node, SH.resultSeverity)
        messages = [str(m) for m in report.objects(node, SH.resultMessage)]
        results.append(Result(
            severity=SEVERITIES.get(severity, str(severity)),
            focus=_n3(names, report.value(node, SH.focusNode)),
            path=path_text(report, report.value(node, SH.resultPath),
                           lambda n: _n3(names, n)),
            value=_n3(names, report.value(node, SH.value)),
            message=" ".join(messages) or "constraint not met",
            shape=_n3(names, report.value(node, SH.sourceShape)),
        ))
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    return sorted(results, key=lambda r: (order.get(r.severity, 3), r.focus, r.path or ""))


def validate(data: Graph, *, focus_nodes=None, inference: str = "none") -> Report:
    """Validate ``data`` with the whole ontology in the data graph (its class hierarchy for
    sh:class, and its own individuals: the document parts, the kinds of disagreement).

    No RDFS inference by default: ``rdfs:range`` would give an unknown node the type a
    shape asks for, and the statement-evidence shape would count inferred types as
    statements without evidence. Warnings do not make data non-conforming; only violations
    do.
    """
    core, constraints, targets = _split(ns.BASE)
    whole = data + ontology_graph()
    with _ONE_AT_A_TIME:
        conforms, report, _ = pyshacl.validate(
            whole,
            shacl_graph=core,
            inference=inference,
            advanced=True,
            allow_warnings=True,
            focus_nodes=focus_nodes,
        )
    keep = None if focus_nodes is None else set(focus_nodes).__contains__
    violations = sparql_shapes.evaluate(sparql_shapes.store_of(whole), constraints, targets,
                                        report, keep)
    return Report(conforms=bool(conforms) and not violations, results=_results(report, data),
                  graph=report)


@cache
def _split(base: str):
    """The shapes as pySHACL runs them, and the SPARQL constraints pyoxigraph runs
    (:mod:`server.graph.sparql_shapes`), once per namespace."""
    return sparql_shapes.split(shapes_graph())
