"""The repository's own data: the ontology, instances/ and instances/links/, one graph each.

Blank nodes are replaced by skolem IRIs derived from what they say (:func:`skolemize`), so
that loading the same files twice gives the same store, and every claim can be linked.
"""

import hashlib
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
    """Replace blank nodes by IRIs that depend only on the graph's content and ``salt``.

    A blank node's IRI is a hash of what it says: its triples, the blank nodes among them by
    their own hash (a claim, by the triple it names and its evidence; a citation, by its work,
    number and page). Linear in the graph, unlike rdflib's canonical form (which took 125 s
    for the curated data's thousands of blank claims); two blank nodes that say exactly the
    same become one node, which they mean anyway. Blank nodes in a cycle, which the curated
    data has none of, fall back to the canonical form.
    """
    described: dict[BNode, list] = {}
    for s, p, o in graph:
        if isinstance(s, BNode):
            described.setdefault(s, []).append((p, o))
    names: dict[BNode, str] = {}
    visiting: set[BNode] = set()

    def name(node: BNode) -> str:
        if node in names:
            return names[node]
        if node in visiting:
            raise RecursionError("a cycle of blank nodes")
        visiting.add(node)
        lines = sorted(f"{p.n3()} {name(o) if isinstance(o, BNode) else o.n3()}"
                       for p, o in described.get(node, []))
        visiting.discard(node)
        names[node] = "_:" + hashlib.sha256("\n".join(lines).encode()).hexdigest()[:32]
        return names[node]

    try:
        for node in [*described, *(o for o in graph.objects() if isinstance(o, BNode))]:
            name(node)
    except RecursionError:
        return _skolemize_canonical(graph, salt)

    def term(node):
        return URIRef(f"{ns.GENID}{salt}-{names[node][2:]}") if isinstance(node, BNode) else node

    return _copy(graph, ((term(s), p, term(o)) for s, p, o in graph))


def _skolemize_canonical(graph: Graph, salt: str) -> Graph:
    def term(node):
        return URIRef(f"{ns.GENID}{salt}-{node}") if isinstance(node, BNode) else node

    return _copy(graph, ((term(s), p, term(o)) for s, p, o in to_canonical_graph(graph)))


def _copy(graph: Graph, triples) -> Graph:
    out = Graph()
    for prefix, space in graph.namespaces():
        out.bind(prefix, space, override=True)
    for triple in triples:
        out.add(triple)
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
