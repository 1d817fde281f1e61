"""A store behind SPARQL 1.1 Query and Update endpoints (Fuseki, GraphDB, Virtuoso, Neptune,
Oxigraph server...), with the part of pyoxigraph's ``Store`` interface that techties uses.

Set ``TECHTIES_STORE`` to the query endpoint's URL, or to the query and the update endpoint's
URLs separated by a space, and the server, validation, pages and commands run against it.
Answers come back as pyoxigraph's own result objects, so everything downstream (formats, the
row limit, pages) is the same as for the embedded store:

- a query asks for N-Triples or SPARQL JSON results alike, and the answer's media type says
  which the query's form gave (so no query is parsed here: checking a text before it is sent
  is the query layer's, :func:`server.query.guard.syntax_check`);
- "the default graph is the union of the named graphs" is said in the protocol's own terms:
  every named graph is listed as ``default-graph-uri`` (and ``named-graph-uri``);
- a write is one update request, which SPARQL 1.1 stores apply all or nothing.

Timeouts: each request has one (``timeout``); a query that a worker is killed over is
abandoned here, and the remote server is left to its own limits.
"""

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable

import pyoxigraph as ox

from ..config import Endpoints

BATCH = 5000
"""Quads per INSERT DATA request when writing many (an import)."""

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


class RemoteError(OSError):
    """The remote store could not be reached, or refused a well-formed request."""


def graph_result(ntriples: bytes) -> ox.QueryTriples:
    """CONSTRUCT or DESCRIBE triples as pyoxigraph's own result object (through a store in
    memory: pyoxigraph builds ``QueryTriples`` only from a query)."""
    graph = ox.Store()
    graph.bulk_load(ntriples, ox.RdfFormat.N_TRIPLES)
    return graph.query("CONSTRUCT WHERE { ?s ?p ?o }")


class RemoteStore:
    def __init__(self, endpoints: Endpoints, *, timeout: float = 60.0):
        self.endpoints = endpoints
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoints})"

    # --- the protocol -----------------------------------------------------------------------

    def _post(self, url: str, fields: list[tuple[str, str]], accept: str | None) -> bytes:
        return self._exchange(url, fields, accept)[0]

    def _exchange(self, url: str, fields: list[tuple[str, str]],
                  accept: str | None) -> tuple[bytes, str]:
        """POST ``fields``: the answer's body and media type."""
        body = urllib.parse.urlencode(fields).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read(), response.headers.get_content_type()
        except urllib.error.HTTPError as exc:
            detail = exc.read(2000).decode("utf-8", "replace").strip()
            exc.close()
            raise RemoteError(f"the store at {url} answered {exc.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise RemoteError(f"the store at {url} cannot be reached: {reason}") from None

    def _select(self, text: str, dataset: list[tuple[str, str]] = ()):
        data = self._post(self.endpoints.query, [("query", text), *dataset], RESULTS_JSON)
        return ox.parse_query_results(data, ox.QueryResultsFormat.JSON)

    # --- pyoxigraph's Store interface, as far as techties uses it ----------------------------

    def query(self, query: str, *, use_default_graph_as_union: bool = False,
              default_graph=None, named_graphs=None, base_iri: str | None = None):
        text = f"BASE <{base_iri}>\n{query}" if base_iri else query
        dataset = []
        if use_default_graph_as_union:
            default_graph = named_graphs = list(self.named_graphs())
        for name, graphs in (("default-graph-uri", default_graph),
                             ("named-graph-uri", named_graphs)):
            dataset += [(name, g.value) for g in graphs or []]
        if default_graph is not None and named_graphs is None:
            # the protocol gives a dataset named by default-graph-uri alone no named graphs,
            # pyoxigraph keeps them all: say so
            dataset += [("named-graph-uri", g.value) for g in self.named_graphs()]
        data, media_type = self._exchange(self.endpoints.query, [("query", text), *dataset],
                                          f"{RESULTS_JSON}, {N_TRIPLES}")
        if media_type == RESULTS_JSON:  # SELECT or ASK; else CONSTRUCT or DESCRIBE
            return ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
        return graph_result(data)

    def update(self, update: str, *, base_iri: str | None = None) -> None:
        text = f"BASE <{base_iri}>\n{update}" if base_iri else update
        self._post(self.endpoints.update, [("update", text)], None)

    def named_graphs(self) -> Iterable[ox.NamedNode]:
        # GRAPH ?g {} lists the graphs without reading their triples (SPARQL 1.1, 18.6)
        rows = self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")
        return [row["g"] for row in rows]

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self._select(f"ASK {{ GRAPH {graph} {{}} }}"))

    def quads_for_pattern(self, subject, predicate, object, graph_name=None) -> list[ox.Quad]:
        pattern = " ".join(str(t) if t is not None else v for t, v in
                           ((subject, "?s"), (predicate, "?p"), (object, "?o")))
        if graph_name is None:
            where = f"{{ {pattern} }} UNION {{ GRAPH ?g {{ {pattern} }} }}"
        elif isinstance(graph_name, ox.DefaultGraph):
            where = pattern
        else:
            where = f"GRAPH {graph_name} {{ {pattern} }}"
        quads = []
        for row in self._select(f"SELECT * WHERE {{ {where} }}"):
            graph = row["g"] if graph_name is None else graph_name
            quads.append(ox.Quad(subject or row["s"], predicate or row["p"],
                                 object or row["o"], graph or ox.DefaultGraph()))
        return quads

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add ``quads`` in one update request: all or nothing."""
        quads = list(quads)
        if quads:
            self._post(self.endpoints.update, [("update", insert_data(quads))], None)

    def bulk_extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add ``quads`` in requests of :data:`BATCH` (not all or nothing, as in pyoxigraph)."""
        batch = []
        for quad in quads:
            batch.append(quad)
            if len(batch) == BATCH:
                self.extend(batch)
                batch = []
        self.extend(batch)

    def remove(self, quad: ox.Quad) -> None:
        self._post(self.endpoints.update, [("update", "DELETE DATA " + _block([quad]))], None)

    def remove_graph(self, graph: ox.NamedNode) -> None:
        self._post(self.endpoints.update, [("update", f"DROP SILENT GRAPH {graph}")], None)

    def dump(self, output, format, *, from_graph=None, prefixes=None) -> None:
        if from_graph is None:
            quads = self.quads_for_pattern(None, None, None)
        else:
            quads = self.quads_for_pattern(None, None, None, from_graph)
            quads = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
        ox.serialize(quads, output, format, prefixes=prefixes)

    def flush(self) -> None:
        """Nothing to do: every write is sent as it is made."""

    def __len__(self) -> int:
        rows = self._select("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION "
                            "{ GRAPH ?g { ?s ?p ?o } } }")
        return int(next(iter(rows))["n"].value)


def insert_data(quads: Iterable[ox.Quad]) -> str:
    return "INSERT DATA " + _block(quads)


def replace_graphs(graphs: dict[str, list[ox.Triple]], drop: Iterable[str] = ()) -> str:
    """One update that makes each graph hold exactly its triples, and drops ``drop``."""
    steps = [f"DROP SILENT GRAPH <{g}>" for g in [*drop, *graphs]]
    for iri, triples in graphs.items():
        node = ox.NamedNode(iri)
        steps.append(insert_data(ox.Quad(t.subject, t.predicate, t.object, node)
                                 for t in triples))
    return " ;\n".join(steps)


def _block(quads: Iterable[ox.Quad]) -> str:
    """``{ ... }`` with the quads in Turtle-like syntax, one GRAPH block per graph."""
    by_graph: dict = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    parts = []
    for graph, lines in by_graph.items():
        body = "\n".join(lines)
        parts.append(body if isinstance(graph, ox.DefaultGraph) else
                     f"GRAPH {graph} {{\n{body}\n}}")
    return "{\n" + "\n".join(parts) + "\n}"
