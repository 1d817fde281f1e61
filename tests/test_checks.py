"""The checks of ``techties check`` that are not shapes, on the example files.

A check is a query of queries/checks/ (its rows are the faults), the facts-in-comments check
(server/checks.py) or the anchors check (every quote found in its document's text, in the
paragraph its IRI names: server/graph/anchors.py; here only for the documents whose text is
in the sources directory, which a new document, as a submission names one, is not). Each is
run as ``techties check`` runs it, on a store built as ``techties load`` builds one (the
ontology, the reference files of tests/test_shapes.py and the example file, each in its
graph, skolemized, with what the hierarchies add).

Each check has a failing example under tests/data/invalid/: a file that starts with
``# expect check: <name>``, passes the shapes (tests/test_shapes.py) and fails that check
alone, with exactly the rows below. The checks that a shape doubles (statements without
evidence, several dates without a disagreement, relationship nodes that combine documents,
evidence citing what is not a source document) fail on the shape's example with exactly the
rows below. The valid examples fail no check.
"""

from functools import cache
from pathlib import Path

import pytest
from helpers import shared_dir
from rdflib import Graph, URIRef
from test_shapes import REFERENCES, files

from server import checks, store
from server import namespaces as ns
from server.graph import anchors, curated, library, load, shacl

DATA = Path(__file__).parent / "data"
SOURCES = shared_dir() / "sources"
CHECK = "# expect check: "
ID = ns.ID
TT = str(ns.TT)
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"


def iri(value: str) -> str:
    return f"<{value}>"


def graph_file(path: Path) -> curated.GraphFile:
    return curated.GraphFile(ns.instances_graph(path.stem), path, curated.parse_turtle(path),
                             path.stem)


def built(path: Path):
    """The store ``techties load`` would build from the reference files and ``path``."""
    files = [graph_file(p) for p in [*REFERENCES, path]]
    return store.in_memory(load.curated_graphs(curated.read_ontology(), files))


def union(path: Path) -> Graph:
    graph = Graph()
    graph += shacl.ontology_graph()
    for p in [*REFERENCES, path]:
        graph += curated.parse_turtle(p)
    return graph


@cache
def query_checks() -> dict:
    return {check.name: check for check in library.checks()}


def failures(path: Path) -> dict[str, list]:
    """What every check finds in ``path`` with the reference files, by check name; only the
    checks that find something."""
    db = built(path)
    found = {name: checks.check_rows(db, check) for name, check in query_checks().items()}
    found["facts-in-comments"] = checks.facts_in_comments(union(path))
    graph = union(path)
    with_text = set(graph.subjects(ns.TT.textFile, None))
    _, missing = anchors.compute(graph, SOURCES)
    found["anchors"] = [m.line() for m in missing if not isinstance(m, anchors.Missing)
                        or URIRef(m.document) in with_text]
    return {name: sorted(normalized(name, rows)) for name, rows in found.items() if rows}


CONCATENATED = {"several-dates-without-disagreement": (2, ", "),
                "claims-combining-documents": (1, " ")}
"""The checks that GROUP_CONCAT a column, which SPARQL leaves unordered: the column, and the
separator."""


def normalized(name: str, rows: list) -> list:
    """The rows, each GROUP_CONCAT column's values in order."""
    if name not in CONCATENATED:
        return rows
    column, separator = CONCATENATED[name]
    out = []
    for row in rows:
        values = row[column].strip('"').split(separator)
        out.append((*row[:column], '"' + separator.join(sorted(values)) + '"',
                    *row[column + 1:]))
    return out


@cache
def baseline() -> dict[str, list]:
    """What the checks find in the reference files alone: nothing."""
    return failures(DATA / "reference.ttl")


def test_the_reference_files_fail_no_check():
    assert baseline() == {}


def test_every_query_check_and_the_python_checks_are_run_here():
    assert set(query_checks()) == {
        "broader-cycle", "claims-combining-documents", "dates-not-in-their-quotes",
        "duplicate-labels", "evidence-source-not-a-source-document", "labels-not-in-quotes",
        "several-dates-without-disagreement", "statements-without-evidence",
        "undefined-references"}


SUMMIT = iri(f"{ID}event/example-summit")
EXPECTED = {
    "date-not-in-its-quote": {"dates-not-in-their-quotes": [
        (SUMMIT, iri(TT + "dateOccurred"), f'"2020"^^<{XSD}gYear>')]},
    "label-not-in-its-quote": {"labels-not-in-quotes": [
        (SUMMIT, iri(RDFS + "label"), '"Putin–Xi summit"@en')]},
    "comment-states-a-number": {"facts-in-comments": [
        f"{ID}event/example-summit: the comment states '40', which no literal of the node "
        "holds"]},
    "comment-names-a-thing": {"facts-in-comments": [
        f"{ID}event/example-summit: the comment names 'Moscow' (<{ID}place/moscow>), which "
        "no triple of the node links to"]},
    "quote-not-in-its-document": {"anchors": [
        f"{ID}quote/example-summit: quote not found in {ID}source/kapoor-2021: "
        "'Putin and Xi held a summit meeting in 2019'"]},
    "evidence-numbered-for-another-paragraph": {"anchors": [
        f"{ID}quote/kapoor-2021-p05-z: its quote starts in paragraph 2"]},
    "duplicate-labels": {"duplicate-labels": [
        (SUMMIT, iri(f"{ID}event/example-summit-2019"), '"summit meeting"@en',
         iri(TT + "Summit"))]},
    "broader-cycle": {"broader-cycle": [
        (iri(f"{ID}technology/example-neural-chips"),),
        (iri(f"{ID}technology/example-neuromorphic-computing"),)]},
    "undefined-reference": {"undefined-references": [
        (iri(f"{ID}claim/example-concerns"), iri(OWL + "annotatedTarget"),
         iri(f"{ID}event/example-undefined")),
        (SUMMIT, iri(TT + "concerns"), iri(f"{ID}event/example-undefined"))]},
}


def check_files() -> list[Path]:
    return [p for p in files("invalid")
            if p.read_text(encoding="utf-8").startswith(CHECK)]


def test_every_check_has_a_failing_example():
    named = {p.read_text(encoding="utf-8").splitlines()[0].removeprefix(CHECK)
             for p in check_files()}
    doubled = {check for expected in SHAPE_EXAMPLES.values() for check in expected}
    assert named | doubled == set(query_checks()) | {"facts-in-comments", "anchors"}


def test_every_check_example_has_its_rows_here():
    assert sorted(p.stem for p in check_files()) == sorted(EXPECTED)


@pytest.mark.parametrize("path", check_files(), ids=lambda p: p.stem)
def test_a_check_example_fails_its_check_alone_with_exactly_its_rows(path):
    named = path.read_text(encoding="utf-8").splitlines()[0].removeprefix(CHECK)
    assert set(EXPECTED[path.stem]) == {named}
    assert failures(path) == EXPECTED[path.stem]


CLAIM_DATE = iri(TT + "dateOccurred")
SHAPE_EXAMPLES = {
    "statement-without-evidence": {"statements-without-evidence": [
        (SUMMIT, CLAIM_DATE, f'"2019"^^<{XSD}gYear>',
         iri(ns.instances_graph("statement-without-evidence")))]},
    "date-two-values-without-disagreement": {"several-dates-without-disagreement": [
        (SUMMIT, CLAIM_DATE, '"2019, 2020"')]},
    "relationship-node-combining-two-documents": {"claims-combining-documents": [
        (iri(f"{ID}cooperation/russia-china-military-cooperation"),
         f'"{ID}source/kapoor-2021 {ID}source/shakhanova-2026"')]},
    "evidence-source-not-document": {"evidence-source-not-a-source-document": [
        (iri(f"{ID}quote/example-evidence"), iri(f"{ID}organization/huawei"))]},
}


@pytest.mark.parametrize("name", sorted(SHAPE_EXAMPLES))
def test_a_check_that_a_shape_doubles_fails_on_the_shapes_example(name):
    found = failures(DATA / "invalid" / f"{name}.ttl")
    for check, rows in SHAPE_EXAMPLES[name].items():
        assert found.get(check) == rows


@pytest.mark.parametrize("path", files("valid"), ids=lambda p: p.stem)
def test_a_valid_example_fails_no_check(path):
    assert failures(path) == {}
