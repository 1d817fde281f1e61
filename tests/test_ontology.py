"""Every term the ontology declares (ontology/techties.ttl, the tt: namespace) has one English
label and one English definition (skos:definition), read from the real file: adding a term
adds its test."""

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from server.graph import curated

VANN = "http://purl.org/vocab/vann/"
KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
ONTOLOGY = Graph().parse(curated.ONTOLOGY_FILE)
(NAMESPACE,) = {str(o) for o in ONTOLOGY.objects(None, URIRef(VANN + "preferredNamespaceUri"))}
CLASSES = {s for s in ONTOLOGY.subjects(RDF.type, OWL.Class) if str(s).startswith(NAMESPACE)}
INDIVIDUALS = {s for cls in CLASSES for s in ONTOLOGY.subjects(RDF.type, cls)
               if str(s).startswith(NAMESPACE)}
"""The ontology's own individuals: the parts of a document (tt:Body), the kinds of
disagreement (tt:ValueDisagreement), the citation issues (tt:CitedWorkPredatesClaim)."""
TERMS = sorted({s for kind in KINDS for s in ONTOLOGY.subjects(RDF.type, kind)
                if str(s).startswith(NAMESPACE)} | INDIVIDUALS)


def short(term: URIRef) -> str:
    return "tt:" + term.removeprefix(NAMESPACE)


def test_the_terms_are_read_from_the_file():
    assert NAMESPACE == "https://w3id.org/techties/ontology#"
    kinds = {kind: sum(1 for t in TERMS if (t, RDF.type, kind) in ONTOLOGY) for kind in KINDS}
    assert kinds[OWL.Class] >= 50 and kinds[OWL.ObjectProperty] >= 30, kinds
    assert {short(i) for i in INDIVIDUALS} >= {"tt:Body", "tt:ValueDisagreement",
                                                "tt:CitedWorkPredatesClaim"}


def test_every_tt_term_the_file_uses_is_declared():
    used = {t for triple in ONTOLOGY for t in triple
            if isinstance(t, URIRef) and t.startswith(NAMESPACE)}
    assert sorted(map(short, used - set(TERMS))) == []


@pytest.mark.parametrize("term", TERMS, ids=short)
def test_label_and_definition(term):
    labels = [str(o) for o in ONTOLOGY.objects(term, RDFS.label) if o.language == "en"]
    definitions = [str(o) for o in ONTOLOGY.objects(term, SKOS.definition)
                   if o.language == "en"]
    assert len(labels) == 1 and labels[0].strip(), f"{short(term)}: English labels {labels}"
    assert len(definitions) == 1, f"{short(term)}: English definitions {definitions}"
    (definition,) = definitions
    assert definition[0].isupper() and definition.endswith("."), (
        f"{short(term)}: the definition is not a sentence: {definition!r}")
    assert definition.rstrip(".").lower() != labels[0].lower(), (
        f"{short(term)}: the definition only repeats the label")
