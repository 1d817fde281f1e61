"""The repository's own data: the ontology, instances/ and instances/links/, one graph each.

Blank nodes are replaced by skolem IRIs derived from the graph's canonical form, so that
loading the same files twice gives the same store, and every evidence node can be linked.
"""

from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.compare import to_canonical_graph

from .. import namespaces as ns
from ..config import ROOT

ONTOLOGY_FILE = ROOT / "ontology" / "techties.ttl"
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"
INSTANCES_DIR = ROOT / "instances"
LINKS_DIR = INSTANCES_DIR / "links"


@dataclass
class GraphFile:
    iri: str
    path: Path
    graph: Graph
    salt: str

    def skolemized(self) -> Graph:
        return skolemize(self.graph, self.salt)


def skolemize(graph: Graph, salt: str) -> Graph:
    """Replace blank nodes by IRIs that depend only on the graph's content and ``salt``."""
    canonical = to_canonical_graph(graph)

    def term(node):
        return URIRef(f"{ns.GENID}{salt}-{node}") if isinstance(node, BNode) else node

    out = Graph()
    for prefix, space in graph.namespaces():
        out.bind(prefix, space, override=True)
    for s, p, o in canonical:
        out.add((term(s), p, term(o)))
    return out


def read_text(path: Path) -> str:
    """A repository file (Turtle or SPARQL), in the configured namespace."""
    return ns.rebase(Path(path).read_text(encoding="utf-8"))


def parse_turtle(path: Path) -> Graph:
    """A repository Turtle file as a graph, in the configured namespace."""
    return Graph().parse(data=read_text(path), format="turtle", publicID=Path(path).as_uri())


def _read(path: Path, iri: str, salt: str) -> GraphFile:
    return GraphFile(iri, path, parse_turtle(path), salt)


def instance_files() -> list[Path]:
    return sorted(INSTANCES_DIR.glob("*.ttl"))


def link_files() -> list[Path]:
    return sorted(LINKS_DIR.glob("*.ttl"))


def read_ontology() -> GraphFile:
    return _read(ONTOLOGY_FILE, ns.ONTOLOGY_GRAPH, "ontology")


def read_instances() -> list[GraphFile]:
    """Every instances file and linkset, in a stable order."""
    files = [_read(p, ns.instances_graph(p.stem), p.stem) for p in instance_files()]
    files += [_read(p, ns.links_graph(p.stem), "links-" + p.stem) for p in link_files()]
    return files


def read_shapes() -> Graph:
    return parse_turtle(SHAPES_FILE)
