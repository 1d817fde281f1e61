"""What follows from the ontology: materialized class memberships, and HermiT consistency."""

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from . import curated

# Every type an instance has through rdfs:subClassOf (every Company is an Organization, an
# Actor, a prov:Agent), and every statement implied by rdfs:subPropertyOf, so that analysts
# need no property paths over the hierarchies. Only what is not asserted already.
INFER_TYPES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
CONSTRUCT { ?s a ?super }
WHERE {
  ?s a ?class .
  ?class rdfs:subClassOf+ ?super .
  FILTER (isIRI(?super) && ?super != owl:Thing)
  FILTER NOT EXISTS { ?s a ?super }
  FILTER NOT EXISTS { ?s a owl:Class }
}
"""
INFER_SUPERPROPERTIES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?s ?super ?o }
WHERE {
  ?p rdfs:subPropertyOf+ ?super .
  ?s ?p ?o .
  FILTER (isIRI(?super))
  FILTER NOT EXISTS { ?s ?super ?o }
}
"""


def inferred(ontology: Graph, instances: Graph) -> Graph:
    """The triples that the class and property hierarchies add to ``instances``."""
    union = ontology + instances
    out = Graph()
    for query in (INFER_TYPES, INFER_SUPERPROPERTIES):
        for triple in union.query(query):
            out.add(triple)
    return out


@dataclass
class Consistency:
    ok: bool | None
    """True: consistent; False: inconsistent; None: could not be decided (no Java)."""
    message: str


def java_available() -> bool:
    return shutil.which("java") is not None


def hermit_consistency(files: list[Path]) -> Consistency:
    """Run HermiT (through owlready2) over the ontology and data files together.

    owlready2 reads RDF/XML or N-Triples, so the Turtle files are first converted into one
    N-Triples file. Runs in a child process: owlready2 keeps global state, and HermiT's Java
    process is best kept away from a long-running server.
    """
    if not java_available():
        return Consistency(None, "HermiT needs Java: no `java` found on PATH; install a JDK.")
    merged = Graph()
    for path in files:
        merged += curated.parse_turtle(path)
    with tempfile.TemporaryDirectory() as tmp:
        nt = Path(tmp) / "all.nt"
        merged.serialize(nt, format="nt", encoding="utf-8")
        proc = subprocess.run(
            [_python(), "-m", "server.graph.hermit", str(nt)],
            capture_output=True, text=True, timeout=600,
        )
    if proc.returncode == 0:
        return Consistency(True, proc.stdout.strip() or "consistent")
    if proc.returncode == 1:
        return Consistency(False, proc.stdout.strip())
    return Consistency(None, f"HermiT could not run: {proc.stderr.strip()[-2000:]}")


def _python() -> str:
    import sys
    return sys.executable
