"""The SHACL shapes (ontology/shapes.ttl) against small files that each break one rule.

Each file of tests/data/invalid/ starts with ``# expect: <shape> <focus> <path>``: validated
together with instances/sources.ttl and instances/common.ttl (for the states, sources, units
and concepts it refers to), it must add exactly that one result (shape local name, focus node,
result path, severity: a Warning when the file name starts with ``warning-``, else a
Violation) and nothing else. ``[]`` as focus stands for a blank node, ``-`` as path for none,
``a|b`` for an alternative path. Each file of tests/data/valid/ must add no result at all.

sources.ttl and common.ttl do not conform by themselves, and are not meant to: the evidence
for the shared entities they define (Putin, the S-400, the 2001 treaty...) lives in the source
files. So "adds" means: the results of the merged graph minus those of the two reference files
alone (the baseline).
"""

from functools import cache
from pathlib import Path
from typing import NamedTuple

import pyshacl
import pytest
from rdflib import BNode, Graph
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH

from server.graph import shacl

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
INSTANCES = ROOT / "instances"
REFERENCES = [INSTANCES / "sources.ttl", INSTANCES / "common.ttl"]
TTS = "https://w3id.org/techties/shapes#"
SHACL_SHACL = Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl"


class Result(NamedTuple):
    shape: str
    focus: str
    path: str
    severity: str


@cache
def shapes() -> Graph:
    return Graph().parse(ROOT / "ontology" / "shapes.ttl")


@cache
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "techties.ttl")


@cache
def references() -> Graph:
    graph = Graph()
    for path in REFERENCES:
        graph.parse(path)
    return graph


def validate(data: Graph) -> tuple[bool, Graph]:
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes(), ont_graph=ontology(), inference="rdfs",
        advanced=True, allow_warnings=True)
    return conforms, report


def path_text(report: Graph, path) -> str:
    if path is None:
        return "-"
    alternatives = report.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(str(p) for p in Collection(report, alternatives))
    return str(path)


def results(report: Graph) -> list[tuple[Result, str]]:
    """Each top-level result, with a key (focus and value, blank nodes by identity) that tells
    apart results differing only in their value and matches a baseline result to itself."""
    found = []
    for node in report.objects(None, SH.result):
        focus = report.value(node, SH.focusNode)
        value = report.value(node, SH.value)
        found.append((Result(
            shape=str(report.value(node, SH.sourceShape)).removeprefix(TTS),
            focus="[]" if isinstance(focus, BNode) else str(focus),
            path=path_text(report, report.value(node, SH.resultPath)),
            severity=str(report.value(node, SH.resultSeverity)).removeprefix(str(SH)),
        ), f"{focus!r} {value!r}"))
    return found


@cache
def baseline() -> frozenset:
    return frozenset(results(validate(references())[1]))


def added_results(path: Path) -> list[Result]:
    """The results that the file adds to those of the reference files."""
    data = Graph()
    data += references()
    data.parse(path)
    return sorted(r for r, key in set(results(validate(data)[1])) - baseline())


def expected(path: Path) -> Result:
    """The result the file's '# expect:' line names, its prefixed names expanded."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
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


@pytest.mark.parametrize("path", files("invalid"), ids=lambda p: p.stem)
def test_invalid_file_fails_for_its_one_reason(path):
    assert added_results(path) == [expected(path)]


@pytest.mark.parametrize("path", files("valid"), ids=lambda p: p.stem)
def test_valid_file_adds_no_result(path):
    assert added_results(path) == []


def test_there_are_enough_example_files():
    assert len(files("invalid")) >= 20
    assert len(files("valid")) >= 6


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


@pytest.mark.slow
def test_curated_data_has_no_violation():
    """Every instances/*.ttl merged. Fails while the curated data breaks a rule."""
    data = Graph()
    for path in sorted(INSTANCES.glob("*.ttl")):
        data.parse(path)
    conforms, report = validate(data)
    violations = sorted({r for r, _ in results(report) if r.severity == "Violation"})
    assert conforms and not violations, "\n".join(" ".join(r) for r in violations)


def test_a_report_writes_an_alternative_path_as_sparql_does():
    data = Graph()
    data += references()
    data.parse(DATA / "invalid" / "warning-dependency-without-technology-or-product.ttl")
    report = shacl.validate(data)
    paths = {r.path for r in report.results if "technology-or-product" in r.shape}
    assert paths == {"tt:technology|tt:product"}
