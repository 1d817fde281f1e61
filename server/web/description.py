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
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
FORMATS = "http://www.w3.org/ns/formats/"
FORMAT_IRIS = {"json": "SPARQL_Results_JSON", "xml": "SPARQL_Results_XML",
               "csv": "SPARQL_Results_CSV", "tsv": "SPARQL_Results_TSV", "ttl": "Turtle",
               "nt": "N-Triples", "jsonld": "JSON-LD", "rdfxml": "RDF_XML", "nq": "N-Quads",
               "trig": "TriG"}
PREFIXES = {"sd": SD, "void": VOID, "dcterms": DCTERMS, "formats": FORMATS, "rdfs": RDFS,
            "xsd": "http://www.w3.org/2001/XMLSchema#"}


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _count(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n("http://www.w3.org/2001/XMLSchema#integer"))


def service_description(endpoint: str, union: bool, *, graphs=(),
                        void: str | None = None) -> list[ox.Triple]:
    """The SPARQL Service Description of ``endpoint``: what it speaks, its default dataset
    (the union of the named graphs, if ``union``) with each of the ``graphs`` (IRI, triples,
    title) as an ``sd:NamedGraph``, and a link (``rdfs:seeAlso``) to the VoID description at
    ``void``."""
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
    if void:
        triples.append(ox.Triple(dataset, _n(RDFS + "seeAlso"), _n(void)))
    for i, (graph, size, _title) in enumerate(graphs):
        named, content = ox.BlankNode(f"named{i}"), ox.BlankNode(f"graph{i}")
        triples += [ox.Triple(dataset, _n(SD + "namedGraph"), named),
                    ox.Triple(named, RDF_TYPE, _n(SD + "NamedGraph")),
                    ox.Triple(named, _n(SD + "name"), _n(graph)),
                    ox.Triple(named, _n(SD + "graph"), content),
                    ox.Triple(content, RDF_TYPE, _n(SD + "Graph")),
                    ox.Triple(content, _n(VOID + "triples"), _count(size))]
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
CLASS_PARTITIONS = "SELECT ?c (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?c FILTER isIRI(?c) } " \
                   "GROUP BY ?c ORDER BY DESC(?n) ?c"
PROPERTY_PARTITIONS = """
SELECT ?p (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?subjects) (COUNT(DISTINCT ?o) AS ?objects)
WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } } GROUP BY ?p ORDER BY DESC(?n) ?p"""
VOID_GRAPHS = """
SELECT ?g (COUNT(*) AS ?n) (SAMPLE(?t) AS ?title) WHERE {
  GRAPH ?g { ?s ?p ?o OPTIONAL { ?g <http://purl.org/dc/terms/title> ?t } }
} GROUP BY ?g ORDER BY ?g"""
LICENSE = "SELECT ?l WHERE { <%s> <http://purl.org/dc/terms/license> ?l } ORDER BY ?l"
LINK_PREDICATES = ("http://www.w3.org/2002/07/owl#sameAs",
                   "http://www.w3.org/2004/02/skos/core#exactMatch",
                   "http://www.w3.org/2004/02/skos/core#closeMatch")
LINKSETS = """
SELECT ?g ?p (COUNT(*) AS ?n) (SAMPLE(?o) AS ?target) WHERE {
  GRAPH ?g { ?s ?p ?o FILTER (isIRI(?o) && ?p IN (%s)) } FILTER (STRSTARTS(STR(?g), "%s"))
} GROUP BY ?g ?p ORDER BY ?g ?p"""


def named_graphs(db: ox.Store) -> list[tuple[str, int, str | None]]:
    """Each named graph: its IRI, its number of triples, and the title it gives itself."""
    return [(r["g"].value, int(r["n"].value), r["title"].value if r["title"] else None)
            for r in db.query(VOID_GRAPHS)]


def void_counts(db: ox.Store, links_prefix: str, ontology: str = "") -> dict:
    """The numbers VoID states, read from the store (the union of its graphs, each triple
    once): totals, one partition per class and per property, each named graph's size and
    title, the links of each linkset (its link triples, not its annotations), and the
    licence the ontology states (``ontology``: its IRI)."""
    row = next(iter(db.query(VOID_COUNTS, use_default_graph_as_union=True)))
    classes = next(iter(db.query(VOID_CLASSES, use_default_graph_as_union=True)))
    graphs = named_graphs(db)
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
            "entities": int(classes["entities"].value), "graphs": graphs, "links": links,
            "class_partitions": [(r["c"].value, int(r["n"].value)) for r in db.query(
                CLASS_PARTITIONS, use_default_graph_as_union=True)],
            "property_partitions": [
                (r["p"].value, int(r["n"].value), int(r["subjects"].value),
                 int(r["objects"].value))
                for r in db.query(PROPERTY_PARTITIONS, use_default_graph_as_union=True)],
            "licenses": [r["l"].value for r in db.query(LICENSE % ontology,
                                                        use_default_graph_as_union=True)
                         if isinstance(r["l"], ox.NamedNode)] if ontology else []}


DUMPS = ["nq", "trig", "ttl", "nt", "jsonld", "rdfxml"]
"""Every dump /dumps/ serves, in the order it lists them."""


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
    triples += [ox.Triple(ds, _n(DCTERMS + "license"), _n(iri)) for iri in counts["licenses"]]
    for name in DUMPS:
        fmt = RDF_FORMATS[name]
        dump = _n(f"{base_url}dumps/techties.{fmt.extension}")
        triples += [ox.Triple(ds, _n(VOID + "dataDump"), dump),
                    ox.Triple(dump, _n(DCTERMS + "format"), ox.Literal(fmt.media_type))]
    for key in ("triples", "entities", "classes", "properties"):
        triples.append(ox.Triple(ds, _n(VOID + key), _count(counts[key])))
    triples.append(ox.Triple(ds, _n(VOID + "distinctSubjects"), _count(counts["subjects"])))
    triples.append(ox.Triple(ds, _n(VOID + "distinctObjects"), _count(counts["objects"])))
    for i, (cls, entities) in enumerate(counts["class_partitions"]):
        part = ox.BlankNode(f"class{i}")
        triples += [ox.Triple(ds, _n(VOID + "classPartition"), part),
                    ox.Triple(part, _n(VOID + "class"), _n(cls)),
                    ox.Triple(part, _n(VOID + "entities"), _count(entities))]
    for i, (prop, size, subjects, objects) in enumerate(counts["property_partitions"]):
        part = ox.BlankNode(f"property{i}")
        triples += [ox.Triple(ds, _n(VOID + "propertyPartition"), part),
                    ox.Triple(part, _n(VOID + "property"), _n(prop)),
                    ox.Triple(part, _n(VOID + "triples"), _count(size)),
                    ox.Triple(part, _n(VOID + "distinctSubjects"), _count(subjects)),
                    ox.Triple(part, _n(VOID + "distinctObjects"), _count(objects))]
    for graph, size, title in counts["graphs"]:
        subset = _n(graph)
        linkset = counts["links"].get(graph)
        triples += [
            ox.Triple(ds, _n(VOID + "subset"), subset),
            ox.Triple(subset, _n(SD + "name"), subset),
        ]
        if title:
            triples.append(ox.Triple(subset, _n(DCTERMS + "title"), ox.Literal(title)))
        if linkset is None:
            triples += [ox.Triple(subset, RDF_TYPE, _n(VOID + "Dataset")),
                        ox.Triple(subset, _n(VOID + "triples"), _count(size))]
            continue
        # A linkset's triples are its links (void:triples); the graph also holds how each
        # link was made (owl:Axiom annotations), which are not links.
        triples += [ox.Triple(subset, RDF_TYPE, _n(VOID + "Linkset")),
                    ox.Triple(subset, _n(VOID + "triples"), _count(linkset["links"]))]
        triples += [ox.Triple(subset, _n(VOID + "linkPredicate"), _n(p))
                    for p in linkset["predicates"]]
        triples += [
            ox.Triple(subset, _n(VOID + "subjectsTarget"), ds),
            ox.Triple(subset, _n(VOID + "objectsTarget"), _n(linkset["target"])),
        ]
    return triples


def _dataset_of(iri: str) -> str:
    """The data set an external IRI belongs to, named by its origin."""
    scheme, _, rest = iri.partition("://")
    return f"{scheme}://{rest.split('/')[0]}/"
