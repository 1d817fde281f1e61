"""Submissions, as a library: safe parsing, the rules, reference-aware validation, reports."""

import doctest
import importlib
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import billion_laughs
from rdflib.namespace import RDF

from server import namespaces as ns
from server import store
from server.config import Settings
from server.graph.report import rule_namespace
from server.store import merged
from server.store.dataset import open_dataset
from server.submission import check as checking
from server.submission import parse
from server.submission.check import Against, InProcess, check_body, check_statements
from server.submission.records import Record, Records
from server.submission.service import Conflict, NoLongerConforms, Submissions, provenance

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data" / "submissions"
SHAPES = "https://w3id.org/techties/shapes#"
PREFIXES = """
@prefix tt: <https://w3id.org/techties/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix st: <https://w3id.org/techties/id/state/> .
@prefix og: <https://w3id.org/techties/id/organization/> .
@prefix in: <https://w3id.org/techties/id/instrument/> .
@prefix ev: <https://w3id.org/techties/id/event/> .
@prefix coop: <https://w3id.org/techties/id/cooperation/> .
@prefix tech: <https://w3id.org/techties/id/technology/> .
@prefix src: <https://w3id.org/techties/id/source/> .
@prefix qt: <https://w3id.org/techties/id/quote/> .
@prefix cl: <https://w3id.org/techties/id/claim/> .
@prefix dis: <https://w3id.org/techties/id/disagreement/> .
"""
KNOWN_EVIDENCE = "qt:kapoor-2021-p03-e"
"""A passage techties has (Kapoor 2021, paragraph 3), that the claims of the submissions here
cite when what they test is not the evidence."""


def claims(subject: str, *pairs, evidence: str = KNOWN_EVIDENCE) -> str:
    """A claim (a blank owl:Axiom) of ``subject`` for each (property, value), with ``evidence``."""
    return "".join(f"[ a owl:Axiom ; owl:annotatedSource {subject} ; owl:annotatedProperty {p} "
                   f"; owl:annotatedTarget {o} ; tt:evidence {evidence} ] .\n"
                   for p, o in pairs)


@pytest.fixture(scope="module")
def target(store_path):
    return Against(store.open_store(store_path, read_only=True), "the test store")


def check(target, text: str, fmt="ttl"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return check_body(data, fmt, target)[1]


def found(report):
    """(rule or shape's last segment, focus, path, value) for each problem."""
    return {(p.rule.rsplit("/", 1)[-1], p.focus, p.path, p.value) for p in report.problems}


def rules_of(report):
    return {p.rule.removeprefix(str(rule_namespace())) for p in report.problems
            if p.rule.startswith(rule_namespace())}


@pytest.mark.parametrize("module", ["submission.parse", "submission.context", "submission.names",
                                    "submission.records", "graph.report"])
def test_docstring_examples(module):
    assert doctest.testmod(importlib.import_module(f"server.{module}")).failed == 0


# --- reading safely -------------------------------------------------------------------------

@pytest.mark.parametrize("data, fmt, line, column", [
    (b"@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:a ex:b\n", "ttl", 4, 1),
    (b"<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n", "nt", 2, 23),
    (b'{"@id": "http://a",\n "http://b": }', "jsonld", 2, 14),
    (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<oops>\n</rdf:RDF>',
     "rdfxml", 3, 3),
])
def test_syntax_errors_say_line_and_column(data, fmt, line, column):
    with pytest.raises(parse.ParseError) as err:
        parse.parse(data, fmt)
    assert (err.value.line, err.value.column) == (line, column)
    assert str(err.value).startswith(f"line {line}, column {column}: ")


def test_deeply_nested_json_is_a_parse_error():
    with pytest.raises(parse.ParseError, match="nested too deeply"):
        parse.parse(b"[" * 100_000 + b"]" * 100_000, "jsonld")


@pytest.mark.parametrize("data", [b"", b"  \n\t ", b"# only a comment\n"])
def test_empty_submission(data):
    with pytest.raises(parse.EmptySubmission, match="empty"):
        parse.parse(data, "ttl")


def test_billion_laughs_is_refused_before_any_expansion(monkeypatch):
    """Expanded, this document would be 3 GB (10^9 'lol's). It is refused at its first entity
    declaration (line 3), and pyoxigraph, which would expand it, never reads it."""

    def expand(*args, **kwargs):
        raise AssertionError("pyoxigraph was given the document")

    monkeypatch.setattr(parse.ox, "parse", expand)
    with pytest.raises(parse.ParseError, match=r"declares entities \(<!ENTITY lol0") as err:
        parse.parse(billion_laughs(), "rdfxml")
    assert err.value.line == 3


RDF_XML_HEAD = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" ' \
               'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">'


@pytest.mark.parametrize("kind", ["file", "http", "dtd"])
def test_external_entities_are_refused_and_never_fetched(kind, listener):
    url, hits = listener.base, listener.hits
    doctype = {
        "file": '<!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>',
        "http": f'<!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM "{url}/xxe"> ]>',
        "dtd": f'<!DOCTYPE rdf:RDF SYSTEM "{url}/evil.dtd">',
    }[kind]
    body = "&xxe;" if kind != "dtd" else "x"
    data = (f'<?xml version="1.0"?>\n{doctype}\n{RDF_XML_HEAD}<rdf:Description '
            f'rdf:about="https://w3id.org/techties/id/state/x"><rdfs:label>{body}</rdfs:label>'
            "</rdf:Description></rdf:RDF>").encode()
    message = "refers to an external DTD" if kind == "dtd" else "declares entities"
    with pytest.raises(parse.ParseError, match=message):
        parse.parse(data, "rdfxml")
    time.sleep(0.3)
    assert hits == []


def test_remote_jsonld_context_is_refused_and_never_fetched(listener):
    url, hits = listener.base, listener.hits
    data = f'{{"@context": "{url}/context.jsonld", "@id": "http://a", "name": "x"}}'.encode()
    with pytest.raises(parse.ParseError) as err:
        parse.parse(data, "jsonld")
    assert str(err.value).startswith(f"the remote JSON-LD context {url}/context.jsonld is "
                                     "refused: techties never fetches a URL")
    for doc in (f'{{"@context": [{{"@import": "{url}/i"}}], "@id": "http://a"}}',
                f'{{"@context": {{"p": {{"@id": "http://p", "@context": "{url}/s"}}}}, '
                '"@id": "http://a", "p": {"q": 1}}'):
        with pytest.raises(parse.ParseError, match="is refused"):
            parse.parse(doc.encode(), "jsonld")
    time.sleep(0.3)
    assert hits == []


@pytest.mark.parametrize("context", ["https://schema.org/", "http://schema.org",
                                     "https://schema.org/docs/jsonldcontext.jsonld"])
def test_schema_org_context_comes_from_the_local_copy(context):
    data = (f'{{"@context": "{context}", "@id": "https://w3id.org/techties/id/state/x", '
            '"@type": "Country", "name": "X", "sameAs": "http://www.wikidata.org/entity/Q1"}'
            ).encode()
    quads = parse.parse(data, "jsonld").quads
    assert {(q.predicate.value, q.object.value) for q in quads} == {
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://schema.org/Country"),
        ("http://schema.org/name", "X"),
        ("http://schema.org/sameAs", "http://www.wikidata.org/entity/Q1"),
    }


def test_blank_nodes_become_skolem_iris_of_the_submission(target):
    text = (PREFIXES + 'in:example-memo a tt:Memorandum ; rdfs:label "m"@en ; '
            "tt:party st:russia , st:china .\n" + claims(
                "in:example-memo", ("rdf:type", "tt:Memorandum"), ("rdfs:label", '"m"@en'),
                ("tt:party", "st:russia"), ("tt:party", "st:china")))
    parsed = parse.parse(text.encode(), "ttl")
    graph, report = check_statements(parsed.quads, "20260101-000000-0000abcd", target.db,
                                     prefixes=parsed.prefixes)
    claimed = {str(s) for s in graph.subjects() if str(s).startswith(ns.GENID)}
    assert claimed == {f"{ns.GENID}submission-20260101-000000-0000abcd-{n}" for n in range(1, 5)}
    assert report.conforms, report.text()


# --- what a submission may not do -----------------------------------------------------------

REFUSED = [
    ("named-graph", "trig", PREFIXES + "<https://w3id.org/techties/graph/ontology> { "
     'in:x a tt:Memorandum ; rdfs:label "x"@en . }',
     "<https://w3id.org/techties/graph/ontology>", None),
    ("ontology-term", "ttl", PREFIXES + 'tt:State rdfs:label "country"@en .', "tt:State", None),
    ("ontology-term", "ttl", PREFIXES + "<https://w3id.org/techties/ontology> "
     'rdfs:comment "mine" .', "<https://w3id.org/techties/ontology>", None),
    ("vocabulary-term", "ttl", PREFIXES + 'foaf:Person rdfs:label "human"@en .',
     "foaf:Person", None),
    ("not-an-instance", "ttl", PREFIXES + "<https://w3id.org/techties/graph/instances/common> "
     'rdfs:label "x" .', "<https://w3id.org/techties/graph/instances/common>", None),
    ("not-an-instance", "ttl", PREFIXES + f"<{ns.GENID}kapoor-2021-x> tt:quote \"changed\" .",
     f"<{ns.GENID}kapoor-2021-x>", None),
    ("foreign-subject", "ttl", PREFIXES + "<http://www.wikidata.org/entity/Q159> "
     'rdfs:label "Russia"@en .', "wd:Q159", None),  # wd: is one of the project's prefixes
    ("defines-terms", "ttl", PREFIXES + "og:example a tt:Company , owl:Class ; "
     'rdfs:label "e"@en .', "og:example", "rdf:type"),
    ("defines-terms", "ttl", PREFIXES + "og:example a tt:Company ; rdfs:subClassOf tt:State ; "
     'rdfs:label "e"@en .', "og:example", "rdfs:subClassOf"),
    ("unknown-term", "ttl", PREFIXES + 'og:example a tt:Company ; rdfs:label "e"@en ; '
     "tt:basedInn st:russia .", "og:example", "tt:basedInn"),
    ("unknown-term", "ttl", PREFIXES + 'og:example a tt:Compnay ; rdfs:label "e"@en .',
     "og:example", "rdf:type"),
    ("same-as-local", "ttl", PREFIXES + 'og:example a tt:Company ; rdfs:label "e"@en ; '
     "owl:sameAs og:huawei .", "og:example", "owl:sameAs"),
    ("untyped", "ttl", PREFIXES + 'og:example rdfs:label "e"@en .', "og:example", "rdf:type"),
    ("type-change", "ttl", PREFIXES + "st:russia a tt:Company .", "st:russia", "rdf:type"),
    ("unknown-entity", "ttl", PREFIXES + 'og:example a tt:Company ; rdfs:label "e"@en ; '
     "tt:basedIn st:atlantis .", "og:example", "tt:basedIn"),
    ("range", "ttl", PREFIXES + 'og:example a tt:Company ; rdfs:label "e"@en ; '
     "tt:basedIn og:huawei .", "og:example", "tt:basedIn"),
    ("range", "ttl", PREFIXES + 'og:example a tt:Company ; rdfs:label "e"@en ; '
     'tt:basedIn "China" .', "og:example", "tt:basedIn"),
    ("domain", "ttl", PREFIXES + 'og:example a tt:Company ; rdfs:label "e"@en ; '
     "tt:party st:russia .", "og:example", "tt:party"),
]


@pytest.mark.parametrize("rule, fmt, text, focus, path", REFUSED,
                         ids=[f"{r[0]}-{i}" for i, r in enumerate(REFUSED)])
def test_refused(target, rule, fmt, text, focus, path):
    report = check(target, text, fmt)
    assert not report.conforms
    mine = [p for p in report.problems if p.rule == str(rule_namespace()[rule])]
    assert [(p.focus, p.path) for p in mine] == [(focus, path)], report.text()
    assert mine[0].fix


def test_unknown_term_suggests_the_right_one(target):
    report = check(target, REFUSED[9][2])
    (problem,) = [p for p in report.problems if p.rule == str(rule_namespace()["unknown-term"])]
    assert problem.fix.startswith("did you mean tt:basedIn?")


HUAWEI_NAME = PREFIXES + 'og:huawei skos:altLabel "Huawei Technologies"@en .\n'


def test_new_facts_about_an_existing_entity_pass_with_their_claims(target):
    report = check(target, HUAWEI_NAME + claims(
        "og:huawei", ("skos:altLabel", '"Huawei Technologies"@en')))
    assert report.conforms, report.text()


def test_a_new_fact_about_an_existing_entity_without_its_claim_is_reported_with_the_claim_to_add(
        target):
    """Only the new statement: the entity's statements in the store have their claims there."""
    report = check(target, HUAWEI_NAME)
    assert [(p.rule, p.focus, p.path, p.value) for p in report.problems] == [
        (f"{SHAPES}StatementEvidenceShape", "og:huawei", "skos:altLabel",
         '"Huawei Technologies"@en')]
    (problem,) = report.problems
    assert problem.message == (
        'The statement skos:altLabel "Huawei Technologies"@en of this node has no evidence: add '
        "a claim [ a owl:Axiom ; owl:annotatedSource <this node> ; owl:annotatedProperty "
        'skos:altLabel ; owl:annotatedTarget "Huawei Technologies"@en ; tt:evidence <evidence> ]'
        " whose evidence quotes the passage that states it.")
    assert problem.fix == (
        "add a claim [ a owl:Axiom ; owl:annotatedSource og:huawei ; owl:annotatedProperty "
        'skos:altLabel ; owl:annotatedTarget "Huawei Technologies"@en ; tt:evidence <evidence> ]'
        " whose evidence quotes the passage that states it.")


CONTRACT = "in:rosneft-transneft-cnpc-oil-supply-contract-2009"
"""A curated agreement (Shakhanova 2026): its parties Rosneft, Transneft, CNPC, its date, its
label, its domain, each with a claim in the store."""
ADDED_PARTY = (PREFIXES + f"{CONTRACT} tt:party og:huawei .\n"
               + claims(CONTRACT, ("tt:party", "og:huawei"), evidence="qt:shakhanova-2026-p29-b"))


def test_a_party_added_to_an_existing_agreement_passes_with_its_claim(target):
    report = check(target, ADDED_PARTY)
    assert report.conforms, report.text()


def test_the_store_gives_the_claims_about_the_nodes_a_submission_describes(target):
    from rdflib import Graph, URIRef
    from rdflib.namespace import OWL

    from server.submission import context

    submission = Graph().parse(data=ADDED_PARTY, format="turtle")
    known = context.from_store(target.db, submission)
    contract = URIRef(f"{ns.ID}instrument/rosneft-transneft-cnpc-oil-supply-contract-2009")
    named = {(known.triples.value(c, OWL.annotatedProperty), known.triples.value(
        c, OWL.annotatedTarget)) for c in known.triples.subjects(OWL.annotatedSource, contract)}
    assert {(p, o) for _, p, o in known.triples.triples((contract, None, None))} == named
    assert len(named) == 8
    evidence = URIRef(f"{ns.ID}quote/shakhanova-2026-p29-b")
    assert known.triples.value(evidence, URIRef("http://www.w3.org/ns/oa#hasSource")) == URIRef(
        f"{ns.ID}source/shakhanova-2026")
    assert (URIRef(f"{ns.ID}source/shakhanova-2026"), RDF.type, ns.TT.SourceDocument) in \
        known.triples


def test_without_the_stores_claims_its_statements_would_be_reported_unevidenced(
        target, monkeypatch):
    """What the store's claims are pulled for: the agreement's eight statements in the store."""
    from server.submission import context

    monkeypatch.setattr(context, "_claims_about", lambda db, node: set())
    report = check(target, ADDED_PARTY)
    unevidenced = {(p.path, p.value) for p in report.problems
                   if p.rule == f"{SHAPES}StatementEvidenceShape"}
    assert ("tt:party", "og:rosneft") in unevidenced
    assert len(unevidenced) == 8


def test_a_claim_from_another_document_on_a_relationship_node_is_refused(target):
    """A cooperation is one document's: a new domain from another document is another node."""
    coop = "coop:kapoor-2021-russia-china-military-technical-cooperation"
    report = check(target, PREFIXES + f"{coop} tt:domain tech:artificial-intelligence .\n"
                   + claims(coop, ("tt:domain", "tech:artificial-intelligence"),
                            evidence="qt:shakhanova-2026-p29-b"))
    assert [(p.rule, p.focus, p.path) for p in report.problems] == [
        (f"{SHAPES}SingleDocumentShape", coop, None)]
    assert report.problems[0].fix == (
        "it combines what different documents say. Make one node per document, each with its "
        "own claims (and a tt:Disagreement if they differ).")


CRISIS = "ev:ukrainian-crisis-2014"
SECOND_DATE = (PREFIXES + f'{CRISIS} tt:dateOccurred "2013"^^xsd:gYear .\n'
               f"cl:example-crisis-2013 a owl:Axiom ; owl:annotatedSource {CRISIS} ; "
               'owl:annotatedProperty tt:dateOccurred ; owl:annotatedTarget "2013"^^xsd:gYear ; '
               "tt:evidence qt:shakhanova-2026-p29-b .\n")


def test_a_second_date_of_an_existing_event_needs_a_disagreement(target):
    report = check(target, SECOND_DATE)
    assert [(p.rule, p.focus, p.path) for p in report.problems] == [
        (f"{SHAPES}DisputedDateShape", CRISIS, "tt:dateOccurred")]
    assert report.problems[0].fix.startswith(
        "if one source gives two values, or two sources differ, record a tt:Disagreement whose "
        "tt:side are the claims of each value")


def test_a_disagreement_may_set_a_claim_of_the_store_against_a_new_one(target):
    """The store's claim of the crisis's year (cl:kapoor-2021-ukrainian-crisis-2014-date) is
    pulled with its evidence, so that it counts as a side."""
    report = check(target, SECOND_DATE + (
        'dis:example-crisis-year a tt:Disagreement ; rdfs:label "The year of the crisis"@en ; '
        f"tt:disagreementKind tt:ValueDisagreement ; tt:about {CRISIS} ; "
        "tt:side cl:kapoor-2021-ukrainian-crisis-2014-date , cl:example-crisis-2013 .\n"))
    assert report.conforms, report.text()


EVIDENCE_OF = (PREFIXES + 'og:huawei skos:altLabel "Huawei Technologies"@en .\n'
               + claims("og:huawei", ("skos:altLabel", '"Huawei Technologies"@en'),
                        evidence="qt:example-evidence")
               + "qt:example-evidence a tt:Evidence ; tt:part tt:Body ; "
                 'tt:quote "Huawei Technologies" ')


@pytest.mark.parametrize("source, rule, path, value, fix", [
    ("; oa:hasSource src:kapoor-2021 .", None, None, None, None),
    (".", f"{SHAPES}EvidenceShape-source", "oa:hasSource", None,
     "give it at least 1 oa:hasSource value(s)."),
    ("; oa:hasSource src:law-and-politics .", f"{SHAPES}EvidenceShape-source-kind",
     "oa:hasSource", "src:law-and-politics",
     "src:law-and-politics is a tt:CitedWork, not a tt:SourceDocument: use a "
     "tt:SourceDocument here."),
    ("; oa:hasSource src:example-unknown .", str(rule_namespace()["unknown-entity"]),
     "oa:hasSource", "src:example-unknown",
     "use the IRI of an existing entity (search the entity pages or SPARQL), or describe it in "
     "the submission, with its rdf:type and rdfs:label."),
])
def test_the_evidence_cites_a_source_document(target, source, rule, path, value, fix):
    report = check(target, EVIDENCE_OF + source)
    found = [(p.rule, p.focus, p.path, p.value, p.fix) for p in report.problems]
    expected = [] if rule is None else [(rule, "qt:example-evidence", path, value, fix)]
    assert found == expected, report.text()


def test_a_new_source_document_is_described_with_its_own_claims(target):
    """As valid.ttl names one (and README.md says): without its date of issue, the shapes ask
    for it; without the claims of its creator's statements, for them."""
    text = (DATA / "valid.ttl").read_text(encoding="utf-8")
    report = check(target, text.replace('    dcterms:issued "2021-06-01"^^xsd:date ;\n', ""))
    assert {(p.rule, p.focus, p.path) for p in report.problems} == {
        (f"{SHAPES}SourceDocumentShape-issued", "src:example-bulletin-2021", "dcterms:issued"),
        (f"{SHAPES}ClaimShape", "[] (the claim src:example-bulletin-2021 dcterms:issued "
         '"2021-06-01"^^xsd:date)', None)}, report.text()
    creator_claims = [line for line in text.splitlines()
                      if "owl:annotatedSource og:example-press" in line]
    report = check(target, "\n".join(line for line in text.splitlines()
                                     if line not in creator_claims))
    assert {(p.rule, p.focus, p.path) for p in report.problems} == {
        (f"{SHAPES}StatementEvidenceShape", "og:example-press", "rdf:type"),
        (f"{SHAPES}StatementEvidenceShape", "og:example-press", "rdfs:label")}


def test_restating_an_existing_type_is_no_type_change(target):
    report = check(target, PREFIXES + "st:russia a tt:State .")
    assert report.conforms, report.text()


def test_sameas_to_another_data_set_is_fine(target):
    report = check(target, PREFIXES + 'og:example a tt:Company ; rdfs:label "e"@en ; '
                   "owl:sameAs <http://www.wikidata.org/entity/Q0> .")
    assert "same-as-local" not in rules_of(report)


# --- reference-aware validation -------------------------------------------------------------

def test_valid_submission_conforms(target):
    report = check(target, (DATA / "valid.ttl").read_bytes())
    assert report.conforms, report.text()
    assert report.problems == []


def test_existing_state_as_party_passes_unknown_and_technology_fail(target):
    report = check(target, (DATA / "invalid.ttl").read_bytes())
    assert not report.conforms
    party = {(p.focus, p.path, p.value) for p in report.problems if p.severity == "Violation"}
    assert party == {
        ("in:example-bad-memorandum", "tt:party", "st:atlantis"),
        ("in:example-bad-memorandum", "tt:party", "tech:artificial-intelligence"),
    }, report.text()
    by_value = {p.value: p for p in report.problems}
    assert by_value["st:atlantis"].message == "st:atlantis is not known to techties."
    assert by_value["tech:artificial-intelligence"].message == (
        "tech:artificial-intelligence is a skos:Concept, tt:Technology, not a tt:Actor.")


def test_a_new_company_passes_where_an_actor_is_required(target):
    report = check(target, (DATA / "company-party.jsonld").read_bytes(), "jsonld")
    assert report.conforms, report.text()


def test_rdfxml_submission(target):
    report = check(target, (DATA / "valid.rdf").read_bytes(), "rdfxml")
    assert report.conforms, report.text()


def test_report_in_the_submitters_terms(target):
    text = (DATA / "invalid.ttl").read_text().replace(
        "@prefix in:      <https://w3id.org/techties/id/instrument/> .",
        "@prefix mine:    <https://w3id.org/techties/id/instrument/> .").replace(
        "in:example-bad-memorandum", "mine:example-bad-memorandum")
    report = check(target, text)
    assert {p.focus for p in report.problems} == {"mine:example-bad-memorandum"}
    line = report.text().splitlines()[1]
    assert line.startswith("Violation: mine:example-bad-memorandum tt:party (value: ")
    assert " Fix: " in line


def test_report_as_rdf_is_a_shacl_validation_report(target):
    from rdflib import URIRef
    from rdflib.namespace import RDF, SH

    report = check(target, (DATA / "invalid.ttl").read_bytes())
    graph = report.graph()
    (node,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(node, SH.conforms).toPython() is False
    focus = {graph.value(r, SH.focusNode) for r in graph.objects(node, SH.result)}
    assert focus == {URIRef("https://w3id.org/techties/id/instrument/example-bad-memorandum")}


@pytest.mark.slow
def test_without_a_store_validation_uses_the_curated_files(tmp_path):
    with checking.against(tmp_path / "nothing-here") as against:
        assert against.description.startswith("the curated files")
        report = check(against, (DATA / "valid.ttl").read_bytes())
        assert report.conforms, report.text()
        report = check(against, (DATA / "invalid.ttl").read_bytes())
    assert {p.value for p in report.problems} == {"st:atlantis", "tech:artificial-intelligence"}


# --- records and decisions ------------------------------------------------------------------

@pytest.fixture
def service(store_copy):
    """The submissions service over a store of its own (a copy of the curated one), checking
    in this process."""
    dataset = open_dataset(store_copy)
    return Submissions(dataset, Records.beside(store_copy), Settings(store=str(store_copy)),
                       InProcess(dataset, "test"))


def submit(service, text, media_type="text/turtle", submitter="alice"):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    return service.submit(data, media_type, submitter)


def query(service, text: str):
    with service.dataset.reader() as db:
        return db.query(text, **merged.union(db))


def graph_count(db, graph: str) -> int:
    return int(next(iter(db.query(
        f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")))["n"].value)


def count(service, graph: str) -> int:
    with service.dataset.reader() as db:
        return graph_count(db, graph)


COMPANY = (PREFIXES + 'og:example-lab a tt:{kind} ; rdfs:label "Example Lab"@en .\n'
           + claims("og:example-lab", ("rdf:type", "tt:{kind}"),
                    ("rdfs:label", '"Example Lab"@en')))


def test_accept_writes_graph_and_provenance_in_one_go(service):
    record = submit(service, (DATA / "valid.ttl").read_bytes())
    assert record.status == "pending"
    assert count(service, record.graph) == 0
    accepted = service.accept(record.id, by="carol", reason="fine")
    assert accepted.status == "accepted"
    assert count(service, record.graph) == record.triples == 92
    rows = list(query(service, f"""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT ?who ?curator ?why {{
          <{record.graph}> prov:wasAttributedTo [ rdfs:label ?who ] .
          ?acceptance prov:used <{record.graph}> ;
                      prov:wasAssociatedWith [ rdfs:label ?curator ] ; rdfs:comment ?why }}"""))
    assert [(r["who"].value, r["curator"].value, r["why"].value) for r in rows] == [
        ("alice", "carol", "fine")]
    with pytest.raises(Conflict):
        service.accept(record.id, by="carol")


def test_an_interrupted_accept_is_finished_from_the_store(service):
    """The store has the graph but the record still says pending (a kill -9 in between)."""
    record = submit(service, (DATA / "valid.ttl").read_bytes())
    saved = service.records.get(record.id)
    service.accept(record.id, by="carol", reason="fine")
    service.records.update(saved)  # as if the record update never happened
    assert service.records.get(record.id).status == "pending"
    assert service.recover() == [record.id]
    finished = service.records.get(record.id)
    assert (finished.status, finished.decision["by"], finished.decision["reason"]) == (
        "accepted", "carol", "fine")
    assert count(service, record.graph) == record.triples


def test_accept_revalidates_against_the_store_as_it_is_now(service):
    first = submit(service, COMPANY.format(kind="Company"))
    second = submit(service, COMPANY.format(kind="ResearchInstitution"))
    assert (first.status, second.status) == ("pending", "pending")
    service.accept(first.id, by="carol")
    with pytest.raises(NoLongerConforms) as err:
        service.accept(second.id, by="carol")
    assert rules_of(err.value.report) == {"type-change"}
    assert service.records.get(second.id).status == "pending"
    assert service.records.get(second.id).report["conforms"] is False
    assert count(service, second.graph) == 0


def test_accept_checks_again_when_a_write_came_in_while_it_checked(service):
    record = submit(service, COMPANY.format(kind="ResearchInstitution"))
    checked, calls = service.check, []

    def check_while_another_write_lands(body, fmt, sid):
        calls.append(sid)
        result = checked(body, fmt, sid)
        if len(calls) == 1:  # an update through the same dataset, between check and write
            with service.dataset.write() as db:
                db.update(f"INSERT DATA {{ GRAPH <{ns.GRAPH}notes> {{ <{ns.ID}organization/"
                          f"example-lab> a <{ns.TT}Company> }} }}")
        return result

    service.check = check_while_another_write_lands
    with pytest.raises(NoLongerConforms) as err:
        service.accept(record.id, by="carol")
    assert calls == [record.id, record.id]
    assert "type-change" in rules_of(err.value.report)
    assert count(service, record.graph) == 0


def test_reject_keeps_the_record_and_writes_nothing(service):
    record = submit(service, (DATA / "valid.ttl").read_bytes())
    with pytest.raises(ValueError, match="needs a reason"):
        service.reject(record.id, by="carol", reason=" ")
    rejected = service.reject(record.id, by="carol", reason="duplicate")
    assert (rejected.status, rejected.decision["reason"]) == ("rejected", "duplicate")
    assert count(service, record.graph) == 0
    assert service.records.data(record.id).count(b"\n") == record.triples


@pytest.mark.slow
def test_load_keeps_accepted_submissions(service):
    import gc

    from server.graph import load

    record = submit(service, (DATA / "valid.ttl").read_bytes())
    service.accept(record.id, by="carol")
    path = service.dataset.path
    service.dataset.close()  # a server holding the store would make load refuse
    gc.collect()
    load.load(path)
    db = store.open_store(path, read_only=True)
    assert graph_count(db, record.graph) == record.triples
    assert graph_count(db, record.graph + "/inferred") > 0


def test_provenance_goes_into_the_submissions_graph_of_the_namespace_configured_now():
    record = Record(id="20260101-000000-0000abcd", status="pending",
                    received="2026-01-01T00:00:00Z", submitter="alice", sha256="sha256:0",
                    media_type="text/turtle", triples=1, graph="https://example.org/kg/graph/x")
    ns.configure("https://example.org/kg/")
    try:
        assert {q.graph_name.value for q in provenance(record)} == {
            "https://example.org/kg/graph/submissions"}
    finally:
        ns.configure(ns.AUTHORED)


CONCURRENT = """
import sys, threading
from pathlib import Path
from server import store
from server.submission import check

target = check.Against(store.open_store(sys.argv[1], read_only=True), "the store")
head, memo = Path(sys.argv[2]).read_text().split("\\nin:", 1)
body = (head + "".join(f"\\nin:{memo}".replace("example-memorandum-on-ai", f"memo-{i}")
                       for i in range(4))).encode()
outcomes = []

def validate():
    for _ in range(5):
        try:
            outcomes.append(str(check.check_body(body, "ttl", target)[1].conforms))
        except Exception as exc:
            outcomes.append(type(exc).__name__)

threads = [threading.Thread(target=validate) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(" ".join(sorted(set(outcomes))), len(outcomes))
"""


@pytest.mark.slow
@pytest.mark.servers
def test_submissions_validated_at_once_in_several_threads_all_get_their_report(store_path):
    # As waitress's request threads do, in a new process: pyparsing (rdflib's SPARQL parser,
    # which pySHACL uses for the SPARQL shapes) works out its parse actions' arity on first
    # use, and two first validations at once broke each other (a 500 for each).
    result = subprocess.run([sys.executable, "-c", CONCURRENT, str(store_path),
                             str(DATA / "valid.ttl")], capture_output=True, text=True,
                            timeout=300, cwd=ROOT)
    assert result.stdout.split() == ["True", "20"], result.stderr[-2000:]
