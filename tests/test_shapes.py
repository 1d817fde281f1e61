"""The SHACL shapes (ontology/shapes.ttl) against small files that each break one rule.

The files are validated as ``techties load`` and ``techties check`` validate the curated data
(:func:`server.graph.shacl.validate`: pySHACL runs the Core shapes, pyoxigraph the SPARQL
constraints), together with the reference files: instances/sources.ttl (the source documents,
the units), instances/concepts.ttl (the concept schemes) and tests/data/reference.ttl (the
states, organizations and people the examples refer to, with their claims).

Each file of tests/data/invalid/ starts with ``# expect: <shape> <focus> <path>``: it must add
exactly that one result to those of the reference files (shape local name, focus node, result
path, severity: a Warning when the file name starts with ``warning-``, else a Violation) and
nothing else. For a SPARQL constraint with a name of its own (``tts:ClaimAssertedConstraint``)
the name is the constraint's, as its shape may have other constraints. ``[]`` as focus stands
for a blank node, ``-`` as path for none, ``a|b`` for an alternative path. A file that starts
with ``# expect check: <name>`` fails one of the checks of ``techties check`` that are not
shapes (tests/test_checks.py): it must add no result here. Each file of tests/data/valid/ must
add no result at all.
"""

from functools import cache
from pathlib import Path
from typing import NamedTuple

import pyshacl
import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH

from server.graph import shacl
from server.graph.report import Report

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
INSTANCES = ROOT / "instances"
REFERENCES = [INSTANCES / "sources.ttl", INSTANCES / "concepts.ttl", DATA / "reference.ttl"]
TTS = "https://w3id.org/techties/shapes#"
SHACL_SHACL = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"
CHECK = "# expect check: "


class Result(NamedTuple):
    shape: str
    focus: str
    path: str
    severity: str


@cache
def shapes() -> Graph:
    return Graph().parse(ROOT / "ontology" / "shapes.ttl")


@cache
def references() -> Graph:
    graph = Graph()
    for path in REFERENCES:
        graph.parse(path)
    return graph


def validate(data: Graph) -> Report:
    return shacl.validate(data)


def path_text(report: Graph, path) -> str:
    if path is None:
        return "-"
    return shacl.path_text(report, path, str)


def results(report: Graph) -> list[tuple[Result, str]]:
    """Each top-level result, with a key (focus and value, blank nodes by identity) that tells
    apart results differing only in their value and matches a baseline result to itself."""
    found = []
    for node in report.objects(None, SH.result):
        focus = report.value(node, SH.focusNode)
        value = report.value(node, SH.value)
        constraint = report.value(node, SH.sourceConstraint)
        named = constraint if isinstance(constraint, URIRef) and str(constraint).startswith(
            TTS) else report.value(node, SH.sourceShape)
        found.append((Result(
            shape=str(named).removeprefix(TTS),
            focus="[]" if isinstance(focus, BNode) else str(focus),
            path=path_text(report, report.value(node, SH.resultPath)),
            severity=str(report.value(node, SH.resultSeverity)).removeprefix(str(SH)),
        ), f"{focus!r} {value!r}"))
    return found


@cache
def baseline() -> frozenset:
    return frozenset(results(validate(references()).raw))


def with_references(path: Path) -> Graph:
    data = Graph()
    data += references()
    data.parse(path)
    return data


def added_results(path: Path) -> list[Result]:
    """The results that the file adds to those of the reference files."""
    return sorted(r for r, key in set(results(validate(with_references(path)).raw))
                  - baseline())


def first_line(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0]


def expected(path: Path) -> Result:
    """The result the file's '# expect:' line names, its prefixed names expanded."""
    first = first_line(path)
    assert first.startswith("# expect: "), f"{path.name} must begin with '# expect: '"
    shape, focus, result_path = first.removeprefix("# expect: ").split()
    names = Graph().parse(path).namespace_manager

    def iri(token: str) -> str:
        if token.startswith("<") and token.endswith(">"):
            return token[1:-1]
        return str(names.expand_curie(token))

    return Result(
        shape=shape,
        focus=focus if focus == "[]" else iri(focus),
        path=result_path if result_path == "-" else "|".join(
            iri(p) for p in result_path.split("|")),
        severity="Warning" if path.name.startswith("warning-") else "Violation")


def files(kind: str) -> list[Path]:
    return sorted((DATA / kind).glob("*.ttl"))


def shape_files() -> list[Path]:
    return [p for p in files("invalid") if not first_line(p).startswith(CHECK)]


def check_files() -> list[Path]:
    return [p for p in files("invalid") if first_line(p).startswith(CHECK)]


def test_the_reference_files_conform_by_themselves():
    """So that an example's results are its own: the reference files add none."""
    report = validate(references())
    assert report.problems == [], report.text()


@pytest.mark.parametrize("path", shape_files(), ids=lambda p: p.stem)
def test_invalid_file_fails_for_its_one_reason(path):
    assert added_results(path) == [expected(path)]


@pytest.mark.parametrize("path", check_files(), ids=lambda p: p.stem)
def test_a_file_that_fails_a_check_passes_the_shapes(path):
    assert added_results(path) == []


@pytest.mark.parametrize("path", files("valid"), ids=lambda p: p.stem)
def test_valid_file_adds_no_result(path):
    assert added_results(path) == []


def test_there_are_enough_example_files():
    assert len(shape_files()) >= 60
    assert len(files("valid")) >= 10


TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
NODE_CONSTRAINTS = (SH["or"], SH["and"], SH["not"], SH.xone, SH.node, SH["class"], SH.datatype,
                    SH.nodeKind, SH["in"], SH.pattern, SH.hasValue, SH.closed)


def reporting_names(graph: Graph) -> set[str]:
    """The names a result can carry (as :func:`results` names them): each property shape of a
    targeted node shape, the node shape itself if it has constraints of its own, and each of
    its SPARQL constraints (by its name, or the shape's if it has none)."""
    names = set()
    for shape in set(graph.subjects(RDF.type, SH.NodeShape)):
        if not any((shape, t, None) in graph for t in TARGETS):
            continue
        names |= {str(p).removeprefix(TTS) for p in graph.objects(shape, SH.property)}
        if any((shape, c, None) in graph for c in NODE_CONSTRAINTS):
            names.add(str(shape).removeprefix(TTS))
        for constraint in graph.objects(shape, SH.sparql):
            named = constraint if isinstance(constraint, URIRef) else shape
            names.add(str(named).removeprefix(TTS))
    return names


def test_every_shape_and_constraint_has_a_failing_example():
    """Each way a result can be reported has an invalid file that fails for it alone."""
    named = {expected(p).shape for p in shape_files()}
    assert sorted(reporting_names(shapes()) - named) == []
    assert sorted(named - reporting_names(shapes())) == []


def test_shapes_pass_shacl_shacl():
    conforms, _, text = pyshacl.validate(shapes(), shacl_graph=Graph().parse(SHACL_SHACL))
    assert conforms, text


def test_every_shape_is_named_labelled_and_explained():
    graph = shapes()
    nodes = set(graph.objects(None, SH.property))
    for kind in (SH.NodeShape, SH.PropertyShape):
        nodes |= set(graph.subjects(RDF.type, kind))
    required = (SH.message, SH.severity, RDFS.label, RDFS.comment)
    missing = [str(n) for n in nodes if not str(n).startswith(TTS)
               or any(graph.value(n, p) is None for p in required)]
    assert not missing, missing
    constraints = set(graph.objects(None, SH.sparql))
    unexplained = [str(c) for c in constraints if graph.value(c, SH.message) is None
                   or isinstance(c, URIRef) and (graph.value(c, RDFS.label) is None
                                                 or graph.value(c, RDFS.comment) is None)]
    assert not unexplained, unexplained


@pytest.mark.slow
def test_curated_data_has_no_violation():
    """Every instances/*.ttl merged, as ``techties load`` validates them."""
    data = Graph()
    for path in sorted(INSTANCES.glob("*.ttl")):
        data.parse(path)
    report = validate(data)
    violations = sorted({r for r, _ in results(report.raw) if r.severity == "Violation"})
    assert report.conforms and not violations, "\n".join(" ".join(r) for r in violations)


def test_a_report_writes_an_alternative_path_as_sparql_does():
    report = validate(with_references(
        DATA / "invalid" / "warning-dependency-without-technology-or-product.ttl"))
    paths = {r.path for r in report.problems if "technology-or-product" in r.rule}
    assert paths == {"tt:technology|tt:product"}


def test_a_sparql_constraint_fills_its_message_with_what_it_found():
    """The value as the claim must repeat it: with its datatype."""
    report = validate(with_references(DATA / "invalid" / "statement-without-evidence.ttl"))
    (result,) = report.problems
    assert (result.rule, result.focus, result.path, result.value) == (
        f"{TTS}StatementEvidenceShape", "ev:example-summit", "tt:dateOccurred",
        '"2019"^^xsd:gYear')
    assert result.message == (
        "The statement <https://w3id.org/techties/ontology#dateOccurred> "
        '"2019"^^<http://www.w3.org/2001/XMLSchema#gYear> of this node has no evidence: add a '
        "claim [ a owl:Axiom ; owl:annotatedSource <this node> ; owl:annotatedProperty "
        "<https://w3id.org/techties/ontology#dateOccurred> ; owl:annotatedTarget "
        '"2019"^^<http://www.w3.org/2001/XMLSchema#gYear> ; tt:evidence <evidence> ] whose '
        "evidence quotes the passage that states it.")


SPARQL_EXAMPLES = ["statement-without-evidence", "claim-triple-not-asserted",
                   "relationship-node-combining-two-documents",
                   "date-two-values-without-disagreement", "iri-wrong-kind", "blank-node-party",
                   "concept-scheme-outside-its-kind", "warning-evidence-not-used"]


@pytest.mark.slow
@pytest.mark.parametrize("name", SPARQL_EXAMPLES)
def test_pyoxigraph_finds_what_pyshacl_finds(name):
    """The SPARQL constraints evaluated in pyoxigraph, all focus nodes at once
    (server/graph/sparql_shapes.py), give the results pySHACL gives running each per focus
    node, SHACL-SPARQL as the specification defines it."""
    data = with_references(DATA / "invalid" / f"{name}.ttl")
    _, report, _ = pyshacl.validate(data + shacl.ontology_graph(), shacl_graph=shapes(),
                                    inference="none", advanced=True, allow_warnings=True)
    by_pyshacl = {(r.shape, r.focus, r.path, r.severity) for r, _ in results(report)
                  if r.focus != "[]"}
    ours = {(r.shape, r.focus, r.path, r.severity) for r, _ in
            results(validate(data).raw) if r.focus != "[]"}
    assert ours == by_pyshacl
