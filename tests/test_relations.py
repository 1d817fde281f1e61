"""Entity pages' relations: inverse relations named as relations (server/web/relations.py),
and an actor's partner network (server/web/partners.py), read from the loaded store."""

import pyoxigraph as ox
import pytest
from rdflib import OWL, RDF, RDFS, Graph

from server.config import ROOT
from server.web import partners, relations

ID = "https://w3id.org/techties/id/"


def object_properties() -> list[tuple[str, str]]:
    graph = Graph().parse(ROOT / "ontology" / "techties.ttl")
    return sorted((str(p), str(label)) for p in graph.subjects(RDF.type, OWL.ObjectProperty)
                  for label in graph.objects(p, RDFS.label)
                  if getattr(label, "language", None) == "en")


@pytest.mark.parametrize("iri, label", object_properties())
def test_every_relation_reads_backwards(iri, label):
    words = relations.inverse(iri, label)
    if relations.needs_a_name(label):
        assert words != f"{label} of", f"{iri} ({label}) needs a name read backwards"
    assert not words.endswith(" of of")


@pytest.mark.parametrize("iri, expected", [
    ("https://w3id.org/techties/ontology#basedIn", "headquarters of"),
    ("https://w3id.org/techties/ontology#party", "party to"),
    ("https://w3id.org/techties/ontology#cites", "cited by"),
    ("http://www.w3.org/2004/02/skos/core#broader", "has narrower"),
    ("https://w3id.org/techties/ontology#target", "target of"),
])
def test_inverse_names(iri, expected):
    assert relations.inverse(iri, iri.rsplit("#", 1)[-1]) == expected


def test_the_partner_network_of_russia(db):
    net = partners.network(db, ox.NamedNode(ID + "state/russia"))
    assert net.label == "Russia"
    by_name = {p.label: p for p in net.partners}
    assert net.partners[0].label == "China"  # the most ties first
    china = by_name["China"]
    assert "cooperates with" in {link.tie.words for link in china.links}
    assert all(link.evidence for link in china.links if link.tie.kind == "cooperation")
    assert {link.tie.words for link in by_name["Huawei"].links} == {"depends on"}
    passage = by_name["Huawei"].links[0].evidence[0]
    assert passage.quote and passage.document is not None
    assert "Russia" not in by_name  # never its own partner
    graph = net.graph(lambda term: "/x")
    assert graph["nodes"][0] == {"id": "actor", "label": "Russia", "href": "/x", "focus": True}
    assert {e["target"] for e in graph["edges"]} == {n["id"] for n in graph["nodes"][1:]}


def test_an_actor_without_partners(db):
    net = partners.network(db, ox.NamedNode(ID + "technology/artificial-intelligence"))
    assert net.partners == [] and net.graph(str)["edges"] == []


def test_the_entity_page_shows_partners_and_names_relations_backwards(client):
    html = client.get("/id/state/russia", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert '<h2 id="partners">Partners</h2>' in html
    assert '<script type="application/json" id="partner-data">' in html
    china = html[html.index('<li id="partner-0">'):]
    china = china[:china.index('<li id="partner-1">')]
    assert '<a href="/id/state/china">China</a>:' in china
    assert '<span class="tie">cooperates with</span>' in china
    assert "<blockquote>“" in china  # the passages, one click away
    assert ">headquarters of</span>" in html and "based in of" not in html
    plain = client.get("/id/technology/artificial-intelligence",
                       headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'id="partners"' not in plain
