"""The serialization formats techties speaks, by short name, media type and file extension.

One table for both families: RDF formats (graphs and datasets) and SPARQL result formats
(solutions and booleans). The command line, content negotiation and dumps all read it.
"""

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    name: str
    media_type: str
    extension: str
    oxigraph: object
    dataset: bool = False
    """For RDF formats: can hold named graphs (N-Quads, TriG)."""


RDF_FORMATS = {f.name: f for f in [
    Format("ttl", "text/turtle", "ttl", ox.RdfFormat.TURTLE),
    Format("nt", "application/n-triples", "nt", ox.RdfFormat.N_TRIPLES),
    Format("jsonld", "application/ld+json", "jsonld", ox.RdfFormat.JSON_LD),
    Format("rdfxml", "application/rdf+xml", "rdf", ox.RdfFormat.RDF_XML),
    Format("nq", "application/n-quads", "nq", ox.RdfFormat.N_QUADS, dataset=True),
    Format("trig", "application/trig", "trig", ox.RdfFormat.TRIG, dataset=True),
]}

RESULT_FORMATS = {f.name: f for f in [
    Format("json", "application/sparql-results+json", "srj", ox.QueryResultsFormat.JSON),
    Format("xml", "application/sparql-results+xml", "srx", ox.QueryResultsFormat.XML),
    Format("csv", "text/csv", "csv", ox.QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values", "tsv", ox.QueryResultsFormat.TSV),
]}

ALIASES = {"turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld",
           "xml-rdf": "rdfxml", "rdf": "rdfxml", "owl": "rdfxml", "nquads": "nq",
           "n-quads": "nq", "srj": "json", "srx": "xml"}


def by_extension(path: str) -> Format | None:
    """The RDF format a file name's extension names, or None."""
    lower = path.lower().removesuffix(".gz")
    for fmt in RDF_FORMATS.values():
        if lower.endswith("." + fmt.extension):
            return fmt
    extra = {".turtle": "ttl", ".ntriples": "nt", ".json": "jsonld", ".xml": "rdfxml",
             ".owl": "rdfxml", ".nquads": "nq"}
    for ext, name in extra.items():
        if lower.endswith(ext):
            return RDF_FORMATS[name]
    return None


def lookup(name: str) -> Format:
    """A format by short name, in either family; ValueError naming the choices if unknown."""
    key = ALIASES.get(name.lower(), name.lower())
    fmt = RDF_FORMATS.get(key) or RESULT_FORMATS.get(key)
    if fmt is None:
        choices = ", ".join([*RESULT_FORMATS, *RDF_FORMATS])
        raise ValueError(f"unknown format {name!r}: choose one of {choices}")
    return fmt
