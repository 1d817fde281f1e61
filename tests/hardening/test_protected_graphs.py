"""The write token does not bypass validation (issue 11): no SPARQL Update and no Graph Store
write changes the ontology, the curated graphs, the records or accepted submissions (403,
naming the graph, the store unchanged); what a write adds to any other graph is validated as
a submission is (422 with the report) unless TECHTIES_WRITE_VALIDATION=off.

The protection matrix shares one app over one store (a refused write changes nothing, and
each case checks that against the store as it was before them all)."""

import doctest
import importlib
import shutil
import urllib.parse

import pyoxigraph as ox
import pytest
from helpers import BEARER, DATA, check, detail, make_app, readme_note, valid_submission_size

from server import namespaces as ns
from server.config import load_settings
from server.graph import curated
from server.store import imports

UPDATE = {"Content-Type": "application/sparql-update", **BEARER}
PROBLEM = {"Accept": "application/problem+json"}
IMPORTED = "http://example.org/imported-data-set"
"""An import into a graph outside the techties namespace: protected by its record alone."""
NOTES = "https://w3id.org/techties/graph/notes"
RUSSIA = "https://w3id.org/techties/id/state/russia"
TRIPLE = f'<{RUSSIA}> <http://www.w3.org/2000/01/rdf-schema#label> "Rossiya"@en'


@pytest.fixture(scope="module")
def protected_app(store_path, tmp_path_factory):
    """An app over a store with an import and an accepted submission; ``.graphs``: one graph
    of each protected kind, with what the refusal says it is and what changes it."""
    path = tmp_path_factory.mktemp("protected") / "store"
    shutil.copytree(store_path, path)
    imports.import_file(path, DATA / "links" / "wikidata-sample.ttl", IMPORTED)
    app = make_app(path)
    client = app.test_client()
    submitted = client.post("/submissions", data=(DATA / "submissions" / "valid.ttl")
                            .read_bytes(), headers={"Content-Type": "text/turtle"})
    sid = check(submitted, 201) and submitted.get_json()["id"]
    check(client.post(f"/submissions/{sid}/accept", headers=BEARER), 200)
    load, decision = "`techties load`", "a curator's decision on /submissions"
    app.graphs = {
        "ontology": (ns.ONTOLOGY_GRAPH, "the ontology", load),
        "instances": (ns.instances_graph(curated.instance_files()[0].stem), "curated data",
                      load),
        "links": (ns.links_graph(curated.link_files()[0].stem), "a linkset", load),
        "inferred": (ns.INFERRED_GRAPH, "what the ontology infers from the curated data",
                     load),
        "load record": (ns.LOAD_GRAPH, "the record of the last load", load),
        "imports record": (ns.IMPORTS_GRAPH, "the record of the imports",
                           "`techties import`"),
        "imported": (IMPORTED, "an imported data set", "`techties import`"),
        "submissions": (ns.SUBMISSIONS_GRAPH, "the provenance of accepted submissions",
                        decision),
        "submission": (ns.submission_graph(sid), "an accepted submission", decision),
        "submission inferred": (ns.submission_graph(sid) + "/inferred",
                                "an accepted submission", decision),
    }
    app.before = contents(app)
    yield app
    app.extensions["techties.dataset"].close()


def contents(app) -> set[ox.Quad]:
    """Every quad of the live store (not a checkpoint)."""
    return set(app.extensions["techties.dataset"].writable()
               .quads_for_pattern(None, None, None, None))


def refusal(graph: str, what: str, how: str) -> str:
    return (f"this write would change <{graph}>, {what}, a protected graph that changes only "
            f"through {how}; nothing was written")


UPDATES = {
    "INSERT DATA": "INSERT DATA {{ GRAPH <{g}> {{ {t} }} }}",
    "DELETE DATA": "DELETE DATA {{ GRAPH <{g}> {{ {t} }} }}",
    "DELETE WHERE": "DELETE WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}",
    "DELETE/INSERT": "DELETE {{ GRAPH <{g}> {{ ?s ?p ?o }} }} INSERT {{ GRAPH <{n}> {{ ?s ?p ?o }} "
                     "}} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}",
    "INSERT WHERE": "INSERT {{ GRAPH <{g}> {{ ?s ?p 1 }} }} WHERE {{ GRAPH <{n}> {{ ?s ?p ?o }} }}",
    "WITH": "WITH <{g}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    "prefixed": "PREFIX g: <{g}> INSERT DATA {{ GRAPH g: {{ {t} }} }}",
    "second of two": "INSERT DATA {{ GRAPH <{n}> {{ {t} }} }} ; DELETE WHERE {{ GRAPH <{g}> "
                     "{{ ?s ?p ?o }} }}",
    "DROP": "DROP GRAPH <{g}>",
    "DROP SILENT": "DROP SILENT GRAPH <{g}>",
    "CLEAR": "CLEAR GRAPH <{g}>",
    "CREATE": "CREATE SILENT GRAPH <{g}>",
    "LOAD": "LOAD SILENT <https://query.wikidata.org/sparql> INTO GRAPH <{g}>",
    "COPY to": "COPY <{n}> TO <{g}>",
    "MOVE to": "MOVE SILENT <{n}> TO <{g}>",
    "MOVE from": "MOVE <{g}> TO <{n}>",
    "ADD to": "ADD <{n}> TO GRAPH <{g}>",
}
"""Each way an update names a graph it writes; {g}: the protected graph, {n}: another."""


@pytest.mark.parametrize("form", UPDATES)
@pytest.mark.parametrize("kind", ["ontology", "instances", "links", "inferred", "load record",
                                  "imports record", "imported", "submissions", "submission",
                                  "submission inferred"])
def test_an_update_never_changes_a_protected_graph(protected_app, form, kind):
    graph, what, how = protected_app.graphs[kind]
    text = UPDATES[form].format(g=graph, n=NOTES, t=TRIPLE)
    response = protected_app.test_client().post("/sparql", data=text.encode(),
                                                headers={**UPDATE, **PROBLEM})
    check(response, 403)
    assert detail(response) == refusal(graph, what, how)
    assert contents(protected_app) == protected_app.before


@pytest.mark.parametrize("text", [
    f"BASE <{ns.GRAPH}x/> INSERT DATA {{ GRAPH <../ontology> {{ {TRIPLE} }} }}",
    f"INSERT DATA {{ GRAPH <{ns.GRAPH}\\u006Fntology> {{ {TRIPLE} }} }}",
    f"prefix g: <{ns.GRAPH}> insert data {{ graph # a comment\n g:ontology {{ {TRIPLE} }} }}",
    f"INSERT DATA {{ GRAPH <{NOTES}> {{ <a> <b> \"GRAPH <x> {{\" }} }} ; "
    f"INSERT DATA {{ GRAPH <{ns.ONTOLOGY_GRAPH}> {{ {TRIPLE} }} }}",
])
def test_the_graph_is_found_however_it_is_spelled(protected_app, text):
    response = protected_app.test_client().post("/sparql", data=text.encode(),
                                                headers={**UPDATE, **PROBLEM})
    check(response, 403)
    assert detail(response) == refusal(ns.ONTOLOGY_GRAPH, "the ontology", "`techties load`")
    assert contents(protected_app) == protected_app.before


@pytest.mark.parametrize("text, message", [
    ("DROP ALL", "DROP ALL would change every named graph: "),
    ("CLEAR SILENT NAMED", "CLEAR NAMED would change every named graph: "),
    ("DROP NAMED", "DROP NAMED would change every named graph: "),
    ("CLEAR ALL", "CLEAR ALL would change every named graph: "),
])
def test_clearing_every_graph_is_refused_while_there_is_a_protected_one(protected_app, text,
                                                                        message):
    response = protected_app.test_client().post("/sparql", data=text.encode(),
                                                headers={**UPDATE, **PROBLEM})
    check(response, 403)
    first = sorted(g for g, _, _ in protected_app.graphs.values())[0]
    held = [g.value for g in protected_app.extensions["techties.dataset"].writable()
            .named_graphs() if g.value in {g for g, _, _ in protected_app.graphs.values()}
            or g.value.startswith(ns.repository_graphs())]
    assert detail(response).startswith(message + f"this write would change <{first}>, ")
    assert detail(response).endswith(f" (and {len(held) - 1} other protected graph(s)); "
                                     "nothing was written")
    assert contents(protected_app) == protected_app.before


@pytest.mark.parametrize("text", [
    "INSERT { GRAPH ?g { ?s ?p 1 } } WHERE { GRAPH ?g { ?s ?p ?o } }",
    "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }",
    "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { BIND(<https://w3id.org/techties/graph/ontology> "
    "AS ?g) GRAPH ?g { ?s ?p ?o } }",
])
def test_a_template_that_names_its_graph_with_a_variable_is_refused(protected_app, text):
    response = protected_app.test_client().post("/sparql", data=text.encode(),
                                                headers={**UPDATE, **PROBLEM})
    check(response, 403)
    assert detail(response).endswith(" names the graph it writes with a variable (GRAPH ?g), "
                                     "so it could change a protected graph: name the graph; "
                                     "nothing was written")
    assert contents(protected_app) == protected_app.before


def store_url(graph: str, direct: bool) -> str:
    if direct and graph.startswith(ns.GRAPH):
        return "/store/" + graph[len(ns.GRAPH):]
    return "/store?" + urllib.parse.urlencode({"graph": graph})


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
@pytest.mark.parametrize("direct", [False, True], ids=["graph=", "path"])
@pytest.mark.parametrize("kind", ["ontology", "instances", "links", "inferred", "load record",
                                  "imports record", "imported", "submissions", "submission",
                                  "submission inferred"])
def test_a_graph_store_write_never_changes_a_protected_graph(protected_app, method, direct,
                                                             kind):
    graph, what, how = protected_app.graphs[kind]
    if direct and not graph.startswith(ns.GRAPH):
        pytest.skip("a graph outside the namespace has no /store/<path>")
    response = protected_app.test_client().open(
        store_url(graph, direct), method=method, data=f"{TRIPLE} .".encode(),
        headers={"Content-Type": "text/turtle", **BEARER, **PROBLEM})
    if method == "DELETE" and not any(q.graph_name.value == graph
                                      for q in protected_app.before
                                      if isinstance(q.graph_name, ox.NamedNode)):
        check(response, 404)  # the load record is kept only in a remote store
        assert detail(response) == f"no graph <{graph}> in the store"
    else:
        check(response, 403)
        assert detail(response) == refusal(graph, what, how)
    assert contents(protected_app) == protected_app.before


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_the_issues_own_cases_are_refused_with_validation_off(store_copy, method):
    """A PUT of <a> <b> <c> into the ontology (it left no owl:Class); a label for Russia in
    a curated graph. Protection does not depend on validation."""
    app = make_app(store_copy, write_validation="off")
    client = app.test_client()
    before = contents(app)
    response = client.open("/store", method=method, query_string={"graph": ns.ONTOLOGY_GRAPH},
                           data=b"<http://e/a> <http://e/b> <http://e/c> .",
                           headers={"Content-Type": "application/n-triples", **BEARER})
    assert check(response, 403) == refusal(ns.ONTOLOGY_GRAPH, "the ontology",
                                           "`techties load`") + "\n"
    graph = ns.instances_graph(curated.instance_files()[0].stem)
    response = client.post("/sparql", headers=UPDATE, data=UPDATES["INSERT DATA"].format(
        g=graph, t=TRIPLE).encode())
    check(response, 403)
    assert contents(app) == before
    db = app.extensions["techties.dataset"].writable()
    assert db.query("ASK { GRAPH ?g { ?c a <http://www.w3.org/2002/07/owl#Class> } }")
    app.extensions["techties.dataset"].close()


# --- validation of what a write adds -----------------------------------------------------------

VALID = (DATA / "submissions" / "valid.ttl").read_bytes()
INVALID = (DATA / "submissions" / "invalid.ttl").read_bytes()
CONTRIBUTED = "https://w3id.org/techties/graph/contributed"
MEMO = "https://w3id.org/techties/id/instrument/example-memorandum-on-ai"


def as_insert_data(turtle: bytes, graph: str) -> bytes:
    """The Turtle file as one INSERT DATA into ``graph`` (prefixes kept, comments dropped)."""
    lines = [line for line in turtle.decode().splitlines() if not line.startswith("#")]
    prefixes = [line.replace("@prefix", "PREFIX").rstrip(" .") for line in lines
                if line.startswith("@prefix")]
    body = "\n".join(line for line in lines if not line.startswith("@prefix"))
    return ("\n".join(prefixes) + f"\nINSERT DATA {{ GRAPH <{graph}> {{\n{body}\n}} }}").encode()


def graph_size(app, graph: str) -> int:
    db = app.extensions["techties.dataset"].writable()
    return len(list(db.quads_for_pattern(None, None, None, ox.NamedNode(graph))))


@pytest.fixture
def validating(store_copy):
    app = make_app(store_copy)  # TECHTIES_WRITE_VALIDATION: validate, the default
    yield app
    app.extensions["techties.dataset"].close()


def test_validation_is_the_default():
    assert load_settings({}).write_validation == "validate"


@pytest.mark.parametrize("write", ["update", "put", "post"])
def test_valid_data_is_written(validating, write):
    client = validating.test_client()
    if write == "update":
        response = client.post("/sparql", data=as_insert_data(VALID, CONTRIBUTED), headers=UPDATE)
        check(response, 204)
    else:
        response = client.open("/store", method=write.upper(),
                               query_string={"graph": CONTRIBUTED}, data=VALID,
                               headers={"Content-Type": "text/turtle", **BEARER})
        check(response, 201)
    assert graph_size(validating, CONTRIBUTED) == valid_submission_size()
    ask = client.get("/sparql", query_string={"query": f"ASK {{ <{MEMO}> ?p ?o }}"})
    assert ask.get_json()["boolean"] is True


@pytest.mark.parametrize("write", ["update", "put", "post"])
def test_invalid_data_is_refused_with_the_report_and_nothing_is_written(validating, write):
    client = validating.test_client()
    before = contents(validating)
    if write == "update":
        response = client.post("/sparql", data=as_insert_data(INVALID, CONTRIBUTED),
                               headers={**UPDATE, **PROBLEM})
    else:
        response = client.open("/store", method=write.upper(),
                               query_string={"graph": CONTRIBUTED}, data=INVALID,
                               headers={"Content-Type": "text/turtle", **BEARER, **PROBLEM})
    check(response, 422)
    problem = response.get_json()
    assert problem["detail"].startswith("the data this write adds does not conform, as a "
                                        "submission's would not (2 violation(s)); nothing was "
                                        "written:\nViolation: ")
    results = problem["report"]["results"]
    assert problem["report"]["conforms"] is False
    assert {(r["path"], r["value"]) for r in results if r["severity"] == "Violation"} == {
        ("tt:party", "st:atlantis"), ("tt:party", "tech:artificial-intelligence")}
    assert contents(validating) == before


def test_the_readme_note_is_written_under_validation_and_an_unclaimed_name_is_not(store_copy):
    """A comment on Russia explains and claims nothing: written under validation. A name for
    Russia with no claim and evidence is what a submission may not add: written only with
    validation off."""
    name = readme_note().replace("<http://www.w3.org/2000/01/rdf-schema#comment> \"checked\"",
                                 "<http://www.w3.org/2004/02/skos/core#altLabel> \"checked\"@en")
    assert name != readme_note()
    app = make_app(store_copy)
    client = app.test_client()
    check(client.post("/sparql", data=readme_note().encode(), headers=UPDATE), 204)
    response = client.post("/sparql", data=name.encode(), headers={**UPDATE, **PROBLEM})
    check(response, 422)
    assert [r["rule"].rsplit("#", 1)[1] for r in response.get_json()["report"]["results"]] == [
        "StatementEvidenceShape"]
    assert graph_size(app, NOTES) == 1
    app.extensions["techties.dataset"].close()
    app = make_app(store_copy, write_validation="off")
    check(app.test_client().post("/sparql", data=name.encode(), headers=UPDATE), 204)
    assert graph_size(app, NOTES) == 2
    app.extensions["techties.dataset"].close()


def as_insert_where(turtle: bytes, graph: str) -> bytes:
    """The Turtle file as the template of an INSERT ... WHERE {}."""
    text = as_insert_data(turtle, graph).decode()
    return (text.replace("INSERT DATA {", "INSERT {", 1) + " WHERE {}").encode()


def test_what_an_insert_template_computes_is_validated(validating):
    client = validating.test_client()
    check(client.post("/sparql", data=as_insert_where(VALID, CONTRIBUTED), headers=UPDATE), 204)
    assert graph_size(validating, CONTRIBUTED) == valid_submission_size()
    before = contents(validating)
    # a name for every state, with no claim and no evidence for it
    name = (f"INSERT {{ GRAPH <{NOTES}> {{ ?s <http://www.w3.org/2004/02/skos/core#altLabel> "
            '"seen"@en } } WHERE { GRAPH ?g { ?s a <https://w3id.org/techties/ontology#State> } }')
    for text in (name, as_insert_where(INVALID, CONTRIBUTED).decode()):
        response = client.post("/sparql", data=text.encode(), headers={**UPDATE, **PROBLEM})
        check(response, 422)
    assert contents(validating) == before


def test_copying_the_ontology_into_a_graph_of_ones_own_is_refused(validating):
    client = validating.test_client()
    before = contents(validating)
    response = client.post("/sparql", data=f"COPY <{ns.ONTOLOGY_GRAPH}> TO <{NOTES}>".encode(),
                           headers={**UPDATE, **PROBLEM})
    check(response, 422)
    rules = {r["rule"].rsplit("/", 1)[1] for r in response.get_json()["report"]["results"]}
    assert "ontology-term" in rules
    assert contents(validating) == before


@pytest.mark.parametrize("text, message", [
    (f"INSERT DATA {{ GRAPH <{NOTES}> {{ {TRIPLE} }} }} ; INSERT {{ GRAPH <{NOTES}> {{ ?s ?p ?o "
     f"}} }} WHERE {{ GRAPH <{CONTRIBUTED}> {{ ?s ?p ?o }} }}",
     "under TECHTIES_WRITE_VALIDATION=validate the data MODIFY adds is computed and checked "
     "before the update runs, from the store as it is: put it first in its request, or in a "
     "request of its own (an operation before it could change what it reads); nothing was "
     "written"),
    (f"LOAD <https://query.wikidata.org/sparql> INTO GRAPH <{NOTES}>",
     "LOAD is refused under TECHTIES_WRITE_VALIDATION=validate: the data it would add is "
     "known only once fetched, too late to check it. Send the data as INSERT DATA or a Graph "
     "Store PUT or POST; nothing was written"),
])
def test_data_that_cannot_be_checked_first_is_refused(validating, text, message):
    response = validating.test_client().post("/sparql", data=text.encode(),
                                             headers={**UPDATE, **PROBLEM})
    check(response, 403)
    assert detail(response) == message


def test_removing_data_from_a_graph_of_ones_own_needs_no_check(validating):
    client = validating.test_client()
    check(client.put("/store", query_string={"graph": CONTRIBUTED}, data=VALID,
                     headers={"Content-Type": "text/turtle", **BEARER}), 201)
    check(client.post("/sparql", data=f"CLEAR GRAPH <{CONTRIBUTED}>".encode(), headers=UPDATE),
          204)
    assert graph_size(validating, CONTRIBUTED) == 0
    check(client.delete("/store", query_string={"graph": CONTRIBUTED}, headers=BEARER), 204)


def test_with_validation_off_anything_outside_the_protected_graphs_is_written(store_copy):
    app = make_app(store_copy, write_validation="off")
    client = app.test_client()
    check(client.put("/store", query_string={"graph": CONTRIBUTED}, data=INVALID,
                     headers={"Content-Type": "text/turtle", **BEARER}), 201)
    assert graph_size(app, CONTRIBUTED) == len(set(ox.parse(INVALID, ox.RdfFormat.TURTLE)))
    app.extensions["techties.dataset"].close()


def test_the_setting_takes_validate_or_off():
    with pytest.raises(ValueError) as refused:
        load_settings({"TECHTIES_WRITE_VALIDATION": "maybe"})
    assert str(refused.value) == "TECHTIES_WRITE_VALIDATION must be validate or off, not 'maybe'"


@pytest.mark.parametrize("module", ["server.query.updates", "server.namespaces"])
def test_docstring_examples(module):
    assert doctest.testmod(importlib.import_module(module)).failed == 0
