"""The server describing itself: the SPARQL Service Description and the VoID description.

Both are built as pyoxigraph triples and answered in the negotiated RDF format. The VoID
counts are computed once per store generation (see :meth:`server.store.dataset.Dataset.cached`).
"""

import pyoxigraph as ox

from ..formats import RDF_FORMATS, RESULT_FORMATS

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS = "http://purl.org/dc/terms/"
FORMATS = "http://www.w3.org/ns/formats/"
FORMAT_IRIS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML",
               "csv": "SPARQL_Results_CSV", "tsv": "SPARQL_Results_TSV", "ttl": "Turtle",
               "nt": "N-Triples", "jsonld": "JSON-LD", "rdfxml": "RDF_XML", "nq": "N-Quads",
               "trig": "TriG"}
PREFIXES = {"sd": SD, "void": VOID, "dcterms": DCTERMS, "formats": FORMATS,
            "xsd": "http://www.w3.org/2001/XMLSchema#"}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _count(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n("http://www.w3.org/2001/XMLSchema#integer"))


def service_description(endpoint: str, union: bool) -> list[ox.Triple]:
    service = _n(endpoint)
    dataset, default = ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
    triples = [
        ox.Triple(service, RDF_TYPE, _n(SD + "Service")),
        ox.Triple(service, _n(SD + "endpoint"), service),
        ox.Triple(service, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Query")),
        ox.Triple(service, _n(SD + "supportedLanguage"), _n(SD + "SPARQL11Update")),
        ox.Triple(service, _n(SD + "feature"), _n(SD + "BasicFederatedQuery")),
        ox.Triple(service, _n(SD + "defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _n(SD + "Dataset")),
        ox.Triple(dataset, _n(SD + "defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _n(SD + "Graph")),
    ]
    if union:
        triples.append(ox.Triple(service, _n(SD + "feature"), _n(SD + "UnionDefaultGraph")))
    for name in [*RESULT_FORMATS, *RDF_FORMATS]:
        if not RDF_FORMATS.get(name, RESULT_FORMATS.get(name)).dataset:
            triples.append(ox.Triple(service, _n(SD + "resultFormat"),
                                     _n(FORMATS + FORMAT_IRIS[name])))
    return triples


VOID_COUNTS = """
SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
       (COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?objects)
WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"""
VOID_CLASSES = "SELECT (COUNT(DISTINCT ?c) AS ?classes) (COUNT(DISTINCT ?e) AS ?entities) " \
               "WHERE { ?e a ?c }"
VOID_GRAPHS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
LINK_PREDICATES = ("http://www.w3.org/2002/07/owl#sameAs",
                   "http://www.w3.org/2004/02/skos/core#exactMatch",
                   "http://www.w3.org/2004/02/skos/core#closeMatch")
LINKSETS = """
SELECT ?g ?p (COUNT(*) AS ?n) (SAMPLE(?o) AS ?target) WHERE {
  GRAPH ?g { ?s ?p ?o FILTER (isIRI(?o) && ?p IN (%s)) } FILTER (STRSTARTS(STR(?g), "%s"))
} GROUP BY ?g ?p ORDER BY ?g ?p"""


def void_counts(db: ox.Store, links_prefix: str) -> dict:
    """The numbers VoID states, read from the store (the union of its graphs)."""
    row = next(iter(db.query(VOID_COUNTS, use_default_graph_as_union=True)))
    classes = next(iter(db.query(VOID_CLASSES, use_default_graph_as_union=True)))
    graphs = [(r["g"].value, int(r["n"].value)) for r in db.query(VOID_GRAPHS)]
    links: dict[str, dict] = {}
    predicates = ", ".join(f"<{p}>" for p in LINK_PREDICATES)
    for r in db.query(LINKSETS % (predicates, links_prefix)):
        entry = links.setdefault(r["g"].value, {"predicates": [], "links": 0,
                                                "target": _dataset_of(r["target"].value)})
        entry["predicates"].append(r["p"].value)
        entry["links"] += int(r["n"].value)
    return {"triples": int(row["triples"].value), "subjects": int(row["subjects"].value),
            "properties": int(row["properties"].value), "objects": int(row["objects"].value),
            "classes": int(classes["classes"].value),
            "entities": int(classes["entities"].value), "graphs": graphs, "links": links}


def void(counts: dict, *, namespace: str, base_url: str) -> list[ox.Triple]:
    """The VoID description of the dataset, as it is served at ``base_url``."""
    ds = _n(namespace + "dataset")
    triples = [
        ox.Triple(ds, RDF_TYPE, _n(VOID + "Dataset")),
        ox.Triple(ds, _n(DCTERMS + "title"), ox.Literal("techties", language="en")),
        ox.Triple(ds, _n(DCTERMS + "description"), ox.Literal(
            "A knowledge graph of technology ties between states: agreements, dependencies, "
            "technologies, and the sources that say so.", language="en")),
        ox.Triple(ds, _n(VOID + "sparqlEndpoint"), _n(base_url + "sparql")),
        ox.Triple(ds, _n(VOID + "uriSpace"), ox.Literal(namespace + "id/")),
        ox.Triple(ds, _n(VOID + "vocabulary"), _n(namespace + "ontology#")),
        ox.Triple(ds, _n(VOID + "rootResource"), _n(namespace + "id/state/russia")),
    ]
    for name in ("nq", "trig", "ttl", "jsonld"):
        ext = RDF_FORMATS[name].extension
        triples.append(ox.Triple(ds, _n(VOID + "dataDump"),
                                 _n(f"{base_url}dumps/techties.{ext}")))
    for key in ("triples", "entities", "classes", "properties"):
        triples.append(ox.Triple(ds, _n(VOID + key), _count(counts[key])))
    triples.append(ox.Triple(ds, _n(VOID + "distinctSubjects"), _count(counts["subjects"])))
    triples.append(ox.Triple(ds, _n(VOID + "distinctObjects"), _count(counts["objects"])))
    for graph, size in counts["graphs"]:
        subset = _n(graph)
        linkset = graph in counts["links"]
        triples += [
            ox.Triple(ds, _n(VOID + "subset"), subset),
            ox.Triple(subset, RDF_TYPE, _n(VOID + ("Linkset" if linkset else "Dataset"))),
            ox.Triple(subset, _n(VOID + "triples"), _count(size)),
            ox.Triple(subset, _n(SD + "name"), subset),
        ]
        if linkset:
            entry = counts["links"][graph]
            triples += [ox.Triple(subset, _n(VOID + "linkPredicate"), _n(p))
                        for p in entry["predicates"]]
            triples += [
                ox.Triple(subset, _n(VOID + "subjectsTarget"), ds),
                ox.Triple(subset, _n(VOID + "objectsTarget"), _n(entry["target"])),
            ]
    return triples


def _dataset_of(iri: str) -> str:
    """The data set an external IRI belongs to, named by its origin."""
    scheme, _, rest = iri.partition("://")
    return f"{scheme}://{rest.split('/')[0]}/"
