"""The one table of IRI kinds (ontology/techties.ttl, "Where instances are named"), and each of
its readers: the submission reports' prefixes, instances/README.md."""

import re
from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from server import namespaces as ns
from server.graph import shacl
from server.submission import names

ROOT = Path(__file__).resolve().parent.parent


def short(iri: str) -> str:
    """``iri`` with the ontology file's prefixes (``tt:State``)."""
    return _prefixes().normalizeUri(iri)


@cache
def _prefixes():
    return Graph().parse(ROOT / "ontology" / "techties.ttl").namespace_manager


def test_the_table_has_a_path_and_a_prefix_for_each_class_each_used_once():
    kinds = names.kinds()
    assert len(kinds) == 20
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


def test_every_class_of_instances_is_in_a_kind():
    """Every class of the ontology is in a kind (it or a class above it has a row), or is above
    one (tt:Actor), or is the evidence's, whose nodes are blank."""
    onto = shacl.ontology_graph()
    kinds = {URIRef(k.cls) for k in names.kinds()}
    above_kinds = {c for k in kinds for c in onto.transitive_objects(k, RDFS.subClassOf)}
    for cls in onto.subjects(RDF.type, OWL.Class):
        if not str(cls).startswith(str(ns.TT)) or cls in above_kinds | {ns.TT.Evidence}:
            continue
        assert set(onto.transitive_objects(cls, RDFS.subClassOf)) & kinds, (
            f"{cls} is in no kind: give it, or a class above it, a row in the ontology's table")


def test_the_readme_table_is_the_ontologys():
    text = (ROOT / "instances" / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z]+)/` \| `([a-z]+):` \| `([a-z]+:[A-Za-z]+)` \|", text, re.M)
    assert sorted(rows) == sorted((k.path, k.prefix, short(k.cls)) for k in names.kinds())


def test_submission_reports_name_each_kind_by_its_prefix():
    shortened = names.Names(Graph())
    for kind in names.kinds():
        assert shortened.name(URIRef(f"{ns.ID}{kind.path}/example")) == f"{kind.prefix}:example"
