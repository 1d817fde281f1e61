"""Every analyst query in queries/ gives exactly the answer the source documents support.

The expected answers are files, one per library query, named after it, as Oxigraph keeps each
``.srx`` beside its ``.rq``: ``tests/data/answers/<query name>.tsv``, the rows as pyoxigraph
serializes TSV (the folder's README says the form exactly, and how to rewrite the files). Each
answer was derived from the documents in ../shared/sources/ and the curated files, and checked
against the documents' text. The test runs every query in queries/ over the loaded curated
store (parameters at their declared defaults) and compares its rows, in order, with its file,
exactly: terms, language tags, datatypes, row order; only the parts of a GROUP_CONCAT cell are
compared sorted, since SPARQL leaves their order to the engine. A query without its file
fails, and so does a file without its query.
"""

import difflib
import os
import re

import pyoxigraph as ox
import pytest
from helpers import DATA

from server import store
from server.config import Settings
from server.graph import library
from server.query import guard, run, workers
from server.store import imports
from server.store.dataset import reading

ANSWERS = DATA / "answers"
WRITE = os.environ.get("TECHTIES_WRITE_ANSWERS") == "1"
"""Set TECHTIES_WRITE_ANSWERS=1 to write each query's answer file instead of comparing."""
WIKIDATA = "https://query.wikidata.org/sparql"
SAMPLE = DATA / "links" / "wikidata-sample.ttl"
# The federated question, answered from the Wikidata-shaped sample (tests/data/links/): through
# SERVICE against a local copy of the endpoint, and from an import of the same data.
THROUGH_SERVICE = "states-iso-codes-and-capitals-from-wikidata"
AFTER_IMPORT = "states-iso-codes-and-capitals-from-imported-wikidata"
LITERAL = re.compile(r'"(?P<text>.*)"(?P<suffix>@[A-Za-z0-9-]+|\^\^<[^>]*>)?')


def concatenated(text: str) -> dict[str, str]:
    """The variables ``text`` binds with GROUP_CONCAT, each with its separator."""
    found = {}
    for match in re.finditer(r"GROUP_CONCAT\s*\(", text, re.I):
        depth, end = 1, match.end()
        while depth and end < len(text):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            end += 1
        separator = re.search(r";\s*separator\s*=\s*([\"'])(.*?)\1\s*\)$",
                              text[match.end():end], re.I | re.S)
        bound = re.match(r"\s*AS\s+\?(\w+)", text[end:], re.I)
        if bound:
            found[bound.group(1)] = separator.group(2) if separator else " "
    return found


def canonical(result, lists: dict[str, str]) -> str:
    """``result`` as pyoxigraph serializes TSV, with the parts of each cell of the ``lists``
    columns (GROUP_CONCAT's: name to separator) sorted."""
    lines = result.serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8").split("\n")
    columns = {i: lists[name[1:]] for i, name in enumerate(lines[0].split("\t"))
               if name[1:] in lists}
    for n, line in enumerate(lines[1:], start=1):
        cells = line.split("\t")
        for i, separator in columns.items():
            literal = LITERAL.fullmatch(cells[i]) if i < len(cells) else None
            if literal:
                parts = sorted(literal["text"].split(separator))
                cells[i] = f'"{separator.join(parts)}"{literal["suffix"] or ""}'
        lines[n] = "\t".join(cells)
    return "\n".join(lines)


def result(query: library.Query, db, request):
    """The query's result over the curated store; the federated one through SERVICE against the
    sample endpoint; the one over imported Wikidata data after importing the sample."""
    if query.name == THROUGH_SERVICE:
        endpoint = request.getfixturevalue("sample_endpoint")
        store_path = request.getfixturevalue("store_path")
        settings = Settings(store=str(store_path), service_allowlist=(endpoint,))
        pool = workers.Pool(1)
        try:
            data = run.run(query.bind().replace(WIKIDATA, endpoint), pool=pool,
                           dataset=reading(store_path), settings=settings).read()
        finally:
            pool.close()
        return ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
    assert not guard.endpoints(query.text), (
        f"{query.name} calls SERVICE: give it a local endpoint here, as {THROUGH_SERVICE} has")
    if query.name == AFTER_IMPORT:
        target = request.getfixturevalue("store_copy")
        imports.import_file(target, SAMPLE, "https://w3id.org/techties/graph/external/wikidata")
        db = store.open_store(target, read_only=True)
    return db.query(query.bind(), use_default_graph_as_union=True)


@pytest.mark.parametrize("query", [
    pytest.param(q, id=q.name, marks=[pytest.mark.servers] if q.name == THROUGH_SERVICE else [])
    for q in library.queries()])
def test_exact_answer(query, db, request):
    got = canonical(result(query, db, request), concatenated(query.text))
    expected = ANSWERS / f"{query.name}.tsv"
    if WRITE:
        expected.write_text(got, encoding="utf-8")
        return
    assert expected.exists(), (f"{query.name} has no expected answer: write {expected} "
                               "(tests/data/answers/README.md says how)")
    want = expected.read_text(encoding="utf-8")
    if got != want:
        diff = difflib.unified_diff(want.splitlines(keepends=True), got.splitlines(keepends=True),
                                    f"{expected.name} (expected)", f"{query.name}.rq (got)")
        pytest.fail("the answer differs:\n" + "".join(diff), pytrace=False)


def test_the_answers_are_one_file_per_library_query():
    names = [q.name for q in library.queries()]
    assert len(names) >= 30
    assert sorted(p.name for p in ANSWERS.iterdir()) == sorted(
        [f"{name}.tsv" for name in names] + ["README.md"])


def test_the_imported_question_has_no_answer_before_the_import(db):
    query = library.parse(library.QUERIES_DIR / f"{AFTER_IMPORT}.rq")
    assert list(db.query(query.bind(), use_default_graph_as_union=True)) == []


def test_group_concat_columns_are_read_from_the_real_queries():
    lists = {q.name: concatenated(q.text) for q in library.queries()}
    assert lists["claims-backed-by-several-sources"] == {"which": "; "}
    assert lists["cooperation-by-technology"] == {"partners": "; ", "domains": "; "}
    assert sum(len(found) for found in lists.values()) >= 10


@pytest.mark.parametrize("text, found", [
    ('SELECT (GROUP_CONCAT(DISTINCT STR(?x); separator="; ") AS ?xs) {}', {"xs": "; "}),
    ("SELECT (GROUP_CONCAT(?y) AS ?ys) (group_concat(?z ; SEPARATOR=',') as ?zs) {}",
     {"ys": " ", "zs": ","}),
    ("SELECT (COUNT(?x) AS ?n) {}", {}),
])
def test_group_concat_columns(text, found):
    assert concatenated(text) == found
