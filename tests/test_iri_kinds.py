"""The one table of IRI kinds (ontology/techties.ttl, "Where instances are named"), and each of
its readers: the shapes, the submission reports' prefixes, instances/README.md."""

import re
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from server import namespaces as ns
from server.graph import curated, shacl
from server.graph.report import Problem
from server.submission import names

ROOT = Path(__file__).resolve().parent.parent
SHAPE = "https://w3id.org/techties/shapes#InstanceIRIShape"
SCHEME_SHAPE = "https://w3id.org/techties/shapes#ConceptSchemeIRIShape"
SLUG_RULE = ("the slug its common English name in lowercase ASCII words joined by '-'; "
             "not a blank node, not another namespace or kind.")


def short(iri: str) -> str:
    """``iri`` with the ontology file's prefixes (``tt:State``)."""
    return _prefixes().normalizeUri(iri)


@cache
def _prefixes():
    return Graph().parse(ROOT / "ontology" / "techties.ttl").namespace_manager


def test_the_table_has_a_path_and_a_prefix_for_each_class_each_used_once():
    kinds = names.kinds()
    assert len(kinds) == 22
    assert {(k.path, k.prefix, short(k.cls)) for k in kinds} >= {
        ("quote", "qt", "tt:Evidence"), ("idea", "idea", "tt:Idea")}
    for attribute in ("cls", "path", "prefix"):
        values = [getattr(k, attribute) for k in kinds]
        assert len(values) == len(set(values)), f"a {attribute} is in the table twice"
    assert all(re.fullmatch(r"[a-z]+", k.path) and re.fullmatch(r"[a-z]+", k.prefix)
               for k in kinds)


def test_no_class_of_the_table_is_a_subclass_of_another():
    """An instance is named in the kind of every class of the table it belongs to: a class
    under another would ask for two paths at once."""
    onto = shacl.ontology_graph()
    classes = {URIRef(k.cls) for k in names.kinds()}
    for cls in classes:
        above = set(onto.transitive_objects(cls, RDFS.subClassOf)) - {cls}
        assert not above & classes, f"{cls} is under {above & classes}"


BLANK = {ns.TT.Citation, ns.TT.TimeSpan}
"""The classes whose nodes are blank, parts of another node's description: a citation (of an
evidence node), a time span (the value of a date)."""
INDIVIDUALS_OF = {ns.TT.DocumentPart, ns.TT.DisagreementKind, ns.TT.CitationIssue}
"""The classes whose instances are the ontology's own individuals (tt:Body,
tt:ValueDisagreement...), named in tt:."""


def test_every_class_of_instances_is_in_a_kind():
    """Every class of the ontology is in a kind (it or a class above it has a row), or is above
    one (tt:Actor), or is one whose nodes are blank, or whose instances the ontology names."""
    onto = shacl.ontology_graph()
    kinds = {URIRef(k.cls) for k in names.kinds()}
    above_kinds = {c for k in kinds for c in onto.transitive_objects(k, RDFS.subClassOf)}
    for cls in onto.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(str(ns.TT)) or cls in above_kinds | BLANK | INDIVIDUALS_OF:
            continue
        assert set(onto.transitive_objects(cls, RDFS.subClassOf)) & kinds, (
            f"{cls} is in no kind: give it, or a class above it, a row in the ontology's table")
    for cls in INDIVIDUALS_OF:
        assert all(str(i).startswith(str(ns.TT)) for i in onto.subjects(RDF.type, cls))
    curated_data = Graph()
    for graph_file in curated.read_instances():
        curated_data += graph_file.graph
    named = [str(n) for cls in BLANK for n in curated_data.subjects(RDF.type, cls)
             if not isinstance(n, BNode)]
    named += [str(n) for n in curated_data.objects(None, ns.TT.citation)
              if not isinstance(n, BNode)]
    assert named == []


def test_the_readme_table_is_the_ontologys():
    text = (ROOT / "instances" / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z]+)/` \| `([a-z]+):` \| `([a-z]+:[A-Za-z]+)` \|", text, re.M)
    assert sorted(rows) == sorted((k.path, k.prefix, short(k.cls)) for k in names.kinds())


def test_submission_reports_name_each_kind_by_its_prefix():
    shortened = names.Names(Graph())
    for kind in names.kinds():
        assert shortened.name(URIRef(f"{ns.ID}{kind.path}/example")) == f"{kind.prefix}:example"


def results_by_focus(data: Graph, inference: str) -> dict[str, list[Problem]]:
    found: dict[str, list[Problem]] = {}
    for result in shacl.validate(data, inference=inference).problems:
        if result.rule in (SHAPE, SCHEME_SHAPE):
            found.setdefault(result.focus, []).append(result)
    return found


def test_each_kind_is_checked_and_says_where_its_instances_are_named():
    """One instance of each class of the table named right, one named in a kind no class has:
    only the second is reported, with the class's namespace and prefix, with or without RDFS
    inference (submissions are checked without)."""
    data = Graph()
    for kind in names.kinds():
        for iri in (f"{ns.ID}{kind.path}/example-{kind.prefix}",
                    f"{ns.ID}nowhere/example-{kind.prefix}"):
            data.add((URIRef(iri), RDF.type, URIRef(kind.cls)))
            data.add((URIRef(iri), RDFS.label, Literal("example", lang="en")))
    for inference in ("none", "rdfs"):
        found = results_by_focus(data, inference)
        assert len(found) == len(names.kinds()), sorted(found)
        onto = shacl.ontology_graph()
        for kind in names.kinds():
            [result] = found[f"<{ns.ID}nowhere/example-{kind.prefix}>"]
            label = onto.value(URIRef(kind.cls), RDFS.label)
            assert result.message == (f"This {label} must be named {ns.ID}{kind.path}/<slug> "
                                      f"({kind.prefix}:<slug>), {SLUG_RULE}")


def test_a_subclass_is_named_in_the_kind_of_its_class_and_a_slug_is_checked():
    data = Graph().parse(format="turtle", data=f"""
        @prefix tt: <{ns.TT}> . @prefix rdfs: <{RDFS}> .
        <{ns.ID}organization/acme> a tt:Company ; rdfs:label "Acme"@en .
        <{ns.ID}state/acme-two> a tt:Company ; rdfs:label "Acme Two"@en .
        <{ns.ID}organization/Acme_Three> a tt:Company ; rdfs:label "Acme Three"@en .
        <{ns.ID}organization/acme--four> a tt:Company ; rdfs:label "Acme Four"@en .
        [] a tt:Company ; rdfs:label "Acme Five"@en .
    """)
    found = results_by_focus(data, "none")
    assert sorted(f for f in found if f.startswith("<")) == sorted(
        f"<{ns.ID}{path}>" for path in ("state/acme-two", "organization/Acme_Three",
                                         "organization/acme--four"))
    assert len(found) == 4  # and the blank node
    assert all(r.message.startswith(f"This organization must be named {ns.ID}organization/")
               for results in found.values() for r in results)


def test_a_concept_scheme_is_named_in_the_kind_of_a_class_of_concepts():
    data = Graph()
    for path in ("technology/scheme", "field/scheme", "unit/scheme", "state/scheme",
                 "technology/Scheme"):
        data.add((URIRef(f"{ns.ID}{path}"), RDF.type, SKOS.ConceptScheme))
        data.add((URIRef(f"{ns.ID}{path}"), RDFS.label, Literal(path, lang="en")))
    found = results_by_focus(data, "none")
    assert sorted(found) == [f"<{ns.ID}state/scheme>", f"<{ns.ID}technology/Scheme>"]
