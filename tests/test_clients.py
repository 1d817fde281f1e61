"""The client code README.md shows ("Using it from code"), run as it is written against a live
``techties serve`` on loopback (only its URL changed to the server's): SPARQLWrapper and
pandas, rdflib's SPARQLStore, requests with content negotiation."""

import contextlib
import io
import os
import re
import shutil

import pyoxigraph as ox
import pytest
from helpers import ROOT, serve

pytestmark = [pytest.mark.servers, pytest.mark.slow]

SECTION = "## Using it from code"
README_URL = "http://127.0.0.1:5000"


def examples() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index(SECTION):]
    section = section[:section.index("\n## ", len(SECTION))]
    return re.findall(r"```python\n(.*?)```", section, re.S)


@pytest.fixture(scope="module")
def server(store_path, tmp_path_factory):
    where = tmp_path_factory.mktemp("clients")
    shutil.copytree(store_path, where / "store")
    proc, base = serve(where / "store", where, dict(os.environ))
    yield base
    proc.terminate()
    proc.wait(15)


def run_example(index: int, base: str) -> dict:
    code = examples()[index]
    assert README_URL in code
    names: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code.replace(README_URL, base), f"README example {index + 1}", "exec"),
             names)
    return names


def test_the_readme_has_the_three_examples():
    assert len(examples()) == 3


def test_sparqlwrapper_and_pandas(server, db):
    agreements = run_example(0, server)["agreements"]
    assert list(agreements.columns) == ["agreement", "label", "date"]
    expected = db.query(  # the example's rows: an agreement with two dates has two
        "SELECT (COUNT(*) AS ?n) { ?a a <https://w3id.org/techties/ontology#Agreement> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER (lang(?l) = 'en') "
        "OPTIONAL { ?a <https://w3id.org/techties/ontology#date> ?d } }",
        use_default_graph_as_union=True)
    assert len(agreements) == int(next(iter(expected))["n"].value) > 5
    assert agreements["agreement"].str.startswith("https://w3id.org/techties/id/").all()


def test_rdflib_sparqlstore(server, db):
    names = run_example(1, server)
    assert names["labels"] == {"en": "Russia", "ru": "Россия", "zh": "俄罗斯"}
    partners = {str(row.partner) for row in names["partners"]}
    assert "https://w3id.org/techties/id/state/china" in partners


def test_requests_with_content_negotiation(server, db):
    names = run_example(2, server)
    turtle, jsonld = names["turtle"], names["jsonld"]
    assert turtle.status_code == jsonld.status_code == 200
    assert turtle.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert turtle.headers["Content-Location"] == "/id/state/russia?format=ttl"
    assert jsonld.headers["Content-Type"] == "application/ld+json"
    as_turtle = set(ox.parse(turtle.content, ox.RdfFormat.TURTLE))
    assert as_turtle == set(ox.parse(jsonld.content, ox.RdfFormat.JSON_LD))
    assert names["count"] == int(next(iter(db.query(
        "SELECT (COUNT(*) AS ?n) { ?s a ?type }", use_default_graph_as_union=True)))["n"].value)
    import requests

    asked = requests.utils.default_headers()["Accept-Encoding"]  # "gzip, deflate[, br, zstd]"
    assert turtle.headers["Content-Encoding"] in asked.split(", ")  # and requests decoded it
