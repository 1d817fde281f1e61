"""``/void`` (server/web/void.py) and the service description (``GET /sparql``): what they
state is what the store holds, counted the way VoID means it."""

import pyoxigraph as ox
import pytest
from helpers import check

from server.store import merged

NS = "https://w3id.org/techties/"
VOID = "http://rdfs.org/ns/void#"
SD = "http://www.w3.org/ns/sparql-service-description#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DATASET = NS + "dataset"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
LINKS = ("http://www.w3.org/2002/07/owl#sameAs", "http://www.w3.org/2004/02/skos/core#exactMatch",
         "http://www.w3.org/2004/02/skos/core#closeMatch")


def number(db, query: str) -> int:
    return int(next(iter(db.query(query, **merged.union(db))))["n"].value)


@pytest.fixture(scope="module")
def void(store_path):
    from helpers import make

    response = make(store_path).get("/void")
    check(response, 200, "text/turtle; charset=utf-8")
    return parsed(response.data)


def parsed(data: bytes) -> ox.Store:
    found = ox.Store()
    found.load(data, ox.RdfFormat.TURTLE)
    return found


def objects(void, subject, predicate) -> list:
    if isinstance(subject, str):
        subject = ox.NamedNode(subject)
    return [q.object for q in void.quads_for_pattern(subject, ox.NamedNode(predicate), None)]


def value(void, subject, predicate) -> str:
    found = objects(void, subject, predicate)
    assert len(found) == 1, (subject, predicate, found)
    return found[0].value


def test_totals(void, db):
    assert value(void, DATASET, VOID + "triples") == str(
        number(db, "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"))
    assert value(void, DATASET, VOID + "sparqlEndpoint") == "http://localhost/sparql"
    assert value(void, DATASET, VOID + "entities") == str(
        number(db, "SELECT (COUNT(DISTINCT ?e) AS ?n) { ?e a ?c }"))


def test_the_licence_is_the_ontologys(void, db):
    stated = [t.object.value for t in merged.quads_for_pattern(
        db, ox.NamedNode(NS + "ontology"), ox.NamedNode(DCTERMS + "license"), None)]
    assert stated == ["https://creativecommons.org/licenses/by/4.0/"]
    assert value(void, DATASET, DCTERMS + "license") == stated[0]


def test_every_dump_is_listed_and_downloads(void, client):
    dumps = {d.value: value(void, d, DCTERMS + "format")
             for d in objects(void, DATASET, VOID + "dataDump")}
    assert dumps == {
        "http://localhost/dumps/techties.nq": "application/n-quads",
        "http://localhost/dumps/techties.trig": "application/trig",
        "http://localhost/dumps/techties.ttl": "text/turtle",
        "http://localhost/dumps/techties.nt": "application/n-triples",
        "http://localhost/dumps/techties.jsonld": "application/ld+json",
        "http://localhost/dumps/techties.rdf": "application/rdf+xml",
    }
    for url, media_type in dumps.items():
        response = client.head(url.removeprefix("http://localhost"))
        check(response, 200)
        assert response.mimetype == media_type
        response.close()  # as a server does after a HEAD: the dump's worker is free again


def test_class_partitions(void, db):
    partitions = {value(void, p, VOID + "class"): int(value(void, p, VOID + "entities"))
                  for p in objects(void, DATASET, VOID + "classPartition")}
    for cls in ("State", "Agreement", "Company"):
        assert partitions[NS + "ontology#" + cls] == number(
            db, f"SELECT (COUNT(DISTINCT ?e) AS ?n) {{ ?e a <{NS}ontology#{cls}> }}")
    assert len(partitions) == int(value(void, DATASET, VOID + "classes"))


def test_property_partitions(void, db):
    partitions = {value(void, p, VOID + "property"): int(value(void, p, VOID + "triples"))
                  for p in objects(void, DATASET, VOID + "propertyPartition")}
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    assert partitions[label] == number(
        db, f"SELECT (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?o {{ ?s <{label}> ?o }} }}")
    assert sum(partitions.values()) == int(value(void, DATASET, VOID + "triples"))
    assert len(partitions) == int(value(void, DATASET, VOID + "properties"))


def test_a_graph_per_subset_and_linksets_count_their_links(void, db):
    subsets = {s.value for s in objects(void, DATASET, VOID + "subset")}
    assert subsets == {g.value for g in merged.named(db)}
    wikidata = NS + "graph/links/wikidata"
    assert value(void, wikidata, RDF_TYPE) == VOID + "Linkset"
    assert value(void, wikidata, VOID + "objectsTarget") == "http://www.wikidata.org/"
    links = sum(1 for q in db.quads_for_pattern(None, None, None, ox.NamedNode(wikidata))
                if q.predicate.value in LINKS)
    size = len(list(db.quads_for_pattern(None, None, None, ox.NamedNode(wikidata))))
    assert links < size  # the graph also says how each link was made
    assert value(void, wikidata, VOID + "triples") == str(links)
    # ... and the linkset file says the same of itself
    said = list(db.quads_for_pattern(ox.NamedNode(wikidata), ox.NamedNode(VOID + "triples"),
                                     None, ox.NamedNode(wikidata)))
    assert [q.object.value for q in said] == [str(links)]
    states = NS + "graph/instances/sources"
    assert value(void, states, RDF_TYPE) == VOID + "Dataset"
    assert value(void, states, VOID + "triples") == str(
        len(list(db.quads_for_pattern(None, None, None, ox.NamedNode(states)))))


def test_a_browser_gets_a_page(client, db):
    response = client.get("/void", headers={"Accept": BROWSER})
    page = check(response, 200, "text/html; charset=utf-8")
    assert "Content-Disposition" not in response.headers
    assert '<a href="https://creativecommons.org/licenses/by/4.0/">' in page
    for name in ("nq", "trig", "ttl", "nt", "jsonld", "rdf"):
        assert f'href="/dumps/techties.{name}"' in page
    assert '<a href="/class/State">tt:State</a>' in page
    assert '<a href="/store/links/wikidata">' in page
    assert 'href="/void?format=ttl"' in page
    home = check(client.get("/", headers={"Accept": BROWSER}), 200)
    assert '<a href="/void">VoID</a>' in home  # the site's link opens this page


@pytest.mark.parametrize("accept, media_type", [
    (None, "text/turtle"), ("application/ld+json", "application/ld+json"),
    ("application/rdf+xml", "application/rdf+xml"), ("application/n-triples",
                                                     "application/n-triples")])
def test_rdf_by_negotiation(client, accept, media_type):
    response = client.get("/void", headers={"Accept": accept} if accept else {})
    check(response, 200)
    assert response.mimetype == media_type


def test_the_service_description_lists_the_graphs_and_links_the_void(client, db):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    check(response, 200)
    sd = parsed(response.data)
    service = "http://localhost/sparql"
    dataset = objects(sd, service, SD + "defaultDataset")[0]
    assert value(sd, dataset, "http://www.w3.org/2000/01/rdf-schema#seeAlso") == \
        "http://localhost/void"
    named = {value(sd, n, SD + "name"): int(value(sd, objects(sd, n, SD + "graph")[0],
                                                   VOID + "triples"))
             for n in objects(sd, dataset, SD + "namedGraph")}
    assert named == {g.value: len(list(db.quads_for_pattern(None, None, None, g)))
                     for g in merged.named(db)}
