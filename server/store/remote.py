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

- a query asks for the one format its form gives (SPARQL JSON results for SELECT and ASK,
  N-Triples for CONSTRUCT and DESCRIBE), read from its first keyword, because some servers
  (Virtuoso) answer in the first type the Accept header lists whatever the query's form;
- an export streams: each graph is asked for by one CONSTRUCT whose N-Triples are parsed and
  written on as they arrive, never held whole.

Where a server deviates from the protocol, :class:`Dialect` says how, and this module is the
one place that works around it (the README's "Stores beyond one machine" lists them). The
server is recognised by the ``Server`` header of its first answer:

- Virtuoso 7 answers ``ASK { GRAPH <g> {} }`` true for any ``g`` and ``SELECT ?g { GRAPH ?g
  {} }`` with one empty row, so graphs are listed and tested by a triple pattern; it keeps
  graphs of its own (its RDF views, LDP) that are no part of techties' data, so they are left
  out of every listing, count and export (a query's ``GRAPH ?g`` still reaches them: naming
  techties' graphs as the named graphs would meet the next deviation); it answers
  ``ASK { GRAPH <g> { ... } }`` true, whatever the pattern, for a ``g`` outside a dataset the
  request names (``default-graph-uri`` or ``named-graph-uri``), so techties' own ASKs name no
  dataset; it fails ``DROP GRAPH`` on a graph that writes made rather than ``CREATE GRAPH``, so
  every DROP is sent as DROP SILENT; and it cuts answers at its ``ResultSetMaxRows``,
  saying so only in an ``X-SPARQL-MaxRows`` header, which is an error here rather than a
  silently shortened answer.

Timeouts: each request has one (``timeout``); a query that a worker is killed over is
abandoned here, and the remote server is left to its own limits.
"""

import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from ..config import Endpoints

STAGING = "urn:x-techties:staging:"
"""The prefix of the graphs a load writes before they take the place of the graphs they name
(:func:`staged`): never listed, counted or exported, as a server's own graphs."""


def staged(iri: str) -> str:
    """The graph a load fills before it becomes ``iri``."""
    return STAGING + iri


TIMEOUT = 60.0
"""Seconds a request may take, unless the caller says otherwise (a check: longer)."""

RESULTS_JSON = "application/sparql-results+json"
N_TRIPLES = "application/n-triples"


class RemoteError(OSError):
    """The remote store could not be reached, or refused a well-formed request."""


@dataclass(frozen=True)
class Dialect:
    """How one kind of server departs from SPARQL 1.1, as far as techties meets it."""
    name: str = "SPARQL 1.1"
    empty_graph_pattern: bool = True
    """``GRAPH ?g {}`` lists the graphs (18.6); if not, a triple pattern is used."""
    own_graphs: frozenset[str] = frozenset()
    """Graphs the server keeps for itself: never listed, counted or exported."""
    batch: int = 5000
    """Quads per INSERT DATA request when writing many (a load, an import)."""
    silent_drops: bool = False
    """``DROP GRAPH`` fails on a graph that writes made rather than ``CREATE GRAPH``: every
    DROP is sent as DROP SILENT (a graph that is not there is then no error)."""


STANDARD = Dialect()
VIRTUOSO = Dialect("Virtuoso", empty_graph_pattern=False, silent_drops=True, own_graphs=frozenset({
    "http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql", "http://www.w3.org/2002/07/owl#"}),
    batch=1000)  # its SPARQL compiler ran out of memory on 5,000 quads of the curated data

DIALECTS = {"virtuoso": VIRTUOSO}
"""By the first word of the server's ``Server`` header, lower-cased."""

_dialects: dict[str, Dialect] = {}
"""The dialect of each query endpoint, once known (one probe per process)."""

_FORM = re.compile(r"""\s+|\#[^\n]*|<[^<>"{}|^`\\\x00-\x20]*>|[^\s:<#]*:|(?P<word>[A-Za-z]+)""")


_DROP = re.compile(r"""(\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                     |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\x00-\x20]*>|\#[^\n]*)
                   |(?<![\w?$:])(DROP)(\s+)(?!SILENT\b)""", re.IGNORECASE | re.VERBOSE)


def silent_drops(update: str) -> str:
    """``update`` with every DROP made DROP SILENT (strings, IRIs and comments left alone).

    >>> silent_drops('DROP GRAPH <http://e/drop> ; drop silent graph <g> ; '
    ...              'INSERT DATA { <a> <b> "DROP" }')
    'DROP SILENT GRAPH <http://e/drop> ; drop silent graph <g> ; INSERT DATA { <a> <b> "DROP" }'
    """
    return _DROP.sub(lambda m: m.group(1) or f"{m.group(2)} SILENT{m.group(3)}", update)


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the text's first keyword after its prologue
    (comments, BASE and PREFIX declarations), or None if it has none.

    >>> query_form("PREFIX s: <http://e/select#> # ASK\\nconstruct where { ?s ?p ?o }")
    'CONSTRUCT'
    """
    at = 0
    while at < len(text):
        match = _FORM.match(text, at)
        if match is None:
            return None
        word = (match.group("word") or "").upper()
        if word in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return word
        if word and word not in ("BASE", "PREFIX"):
            return None
        at = match.end() if match.end() > at else at + 1
    return None


def graph_result(ntriples: bytes) -> ox.QueryTriples:
    """CONSTRUCT or DESCRIBE triples as pyoxigraph's own result object (through a store in
    memory: pyoxigraph builds ``QueryTriples`` only from a query)."""
    graph = ox.Store()
    graph.bulk_load(ntriples, ox.RdfFormat.N_TRIPLES)
    return graph.query("CONSTRUCT WHERE { ?s ?p ?o }")


class RemoteStore:
    def __init__(self, endpoints: Endpoints, *, timeout: float = TIMEOUT):
        self.endpoints = endpoints
        self.timeout = timeout

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoints})"

    # --- the protocol -----------------------------------------------------------------------

    def _open(self, url: str, fields: list[tuple[str, str]], accept: str | None):
        """POST ``fields``: the open response (the caller reads and closes it)."""
        body = urllib.parse.urlencode(fields).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if accept:
            headers["Accept"] = accept
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            response = urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            detail = exc.read(2000).decode("utf-8", "replace").strip()
            exc.close()
            raise RemoteError(f"the store at {url} answered {exc.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            reason = getattr(exc, "reason", exc)
            raise RemoteError(f"the store at {url} cannot be reached: {reason}") from None
        if url == self.endpoints.query and url not in _dialects:
            server = (response.headers.get("Server") or "").split("/")[0].strip().lower()
            _dialects[url] = DIALECTS.get(server, STANDARD)
        cut = response.headers.get("X-SPARQL-MaxRows")
        if cut:
            response.close()
            raise RemoteError(f"the store at {url} cut its answer at {cut} rows (Virtuoso's "
                              "ResultSetMaxRows): raise that setting above the store's size")
        return response

    def _post(self, url: str, fields: list[tuple[str, str]], accept: str | None) -> bytes:
        return self._exchange(url, fields, accept)[0]

    def _exchange(self, url: str, fields: list[tuple[str, str]],
                  accept: str | None) -> tuple[bytes, str]:
        """POST ``fields``: the answer's body and media type."""
        with self._open(url, fields, accept) as response:
            try:
                return response.read(), response.headers.get_content_type()
            except (TimeoutError, ConnectionError) as exc:
                raise RemoteError(f"the store at {url} broke off its answer: {exc}") from None

    def _select(self, text: str, dataset: list[tuple[str, str]] = ()):
        data = self._post(self.endpoints.query, [("query", text), *dataset], RESULTS_JSON)
        return ox.parse_query_results(data, ox.QueryResultsFormat.JSON)

    def _triples(self, text: str, dataset: list[tuple[str, str]] = ()) -> Iterator[ox.Triple]:
        """The triples a CONSTRUCT gives, parsed as they arrive."""
        response = self._open(self.endpoints.query, [("query", text), *dataset], N_TRIPLES)
        with response:
            for quad in ox.parse(response, ox.RdfFormat.N_TRIPLES):  # in the default graph
                yield quad.triple

    @property
    def dialect(self) -> Dialect:
        if self.endpoints.query not in _dialects:
            self._post(self.endpoints.query, [("query", "ASK {}")], RESULTS_JSON)
        return _dialects[self.endpoints.query]

    def _graph_pattern(self, graph: str) -> str:
        return f"GRAPH {graph} {{}}" if self.dialect.empty_graph_pattern else \
            f"GRAPH {graph} {{ ?s ?p ?o }}"

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
        graph_form = query_form(query) in ("CONSTRUCT", "DESCRIBE")
        data, media_type = self._exchange(self.endpoints.query, [("query", text), *dataset],
                                          N_TRIPLES if graph_form else RESULTS_JSON)
        if media_type == RESULTS_JSON:  # SELECT or ASK; else CONSTRUCT or DESCRIBE
            return ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
        return graph_result(data)

    def update(self, update: str, *, base_iri: str | None = None) -> None:
        text = f"BASE <{base_iri}>\n{update}" if base_iri else update
        if self.dialect.silent_drops:
            text = silent_drops(text)
        self._post(self.endpoints.update, [("update", text)], None)

    def hidden(self, iri: str) -> bool:
        """A graph that is no part of techties' data: the server's own, or a load's staging
        graph."""
        return iri in self.dialect.own_graphs or iri.startswith(STAGING)

    def named_graphs(self) -> Iterable[ox.NamedNode]:
        return [g for g in self.every_graph() if not self.hidden(g.value)]

    def every_graph(self) -> list[ox.NamedNode]:
        """Every named graph the server has, hidden ones too."""
        # GRAPH ?g {} lists the graphs without reading their triples (SPARQL 1.1, 18.6); GROUP
        # BY rather than DISTINCT: Virtuoso 7 took 16 s over 38k quads to answer
        # SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }, and 3 ms with GROUP BY ?g
        rows = self._select(f"SELECT ?g WHERE {{ {self._graph_pattern('?g')} }} GROUP BY ?g")
        return [row["g"] for row in rows]

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        if self.hidden(graph.value):
            return False
        return bool(self._select(f"ASK {{ {self._graph_pattern(str(graph))} }}"))

    def quads_for_pattern(self, subject, predicate, object, graph_name=None):
        """The quads matching the pattern; the whole of a graph, or of the store, streamed
        (an iterator), a narrower pattern as a list."""
        if subject is None and predicate is None and object is None:
            if graph_name is None:
                return self._every_quad()
            return self._graph_quads(graph_name)
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
            if isinstance(graph, ox.NamedNode) and self.hidden(graph.value):
                continue
            quads.append(ox.Quad(subject or row["s"], predicate or row["p"],
                                 object or row["o"], graph or ox.DefaultGraph()))
        return quads

    def _graph_quads(self, graph) -> Iterator[ox.Quad]:
        if isinstance(graph, ox.DefaultGraph):
            if self.dialect.own_graphs:  # its default graph is every graph: none of its own
                return
            where = "{ ?s ?p ?o }"
        else:
            where = f"{{ GRAPH {graph} {{ ?s ?p ?o }} }}"
        for t in self._triples(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {where}"):
            yield ox.Quad(t.subject, t.predicate, t.object, graph)

    def _every_quad(self) -> Iterator[ox.Quad]:
        yield from self._graph_quads(ox.DefaultGraph())
        for graph in self.named_graphs():
            yield from self._graph_quads(graph)

    def union_triples(self) -> Iterator[ox.Triple]:
        """The union of the named graphs, as queries see it by default, streamed."""
        graphs = [("default-graph-uri", g.value) for g in self.named_graphs()]
        return self._triples("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", graphs)

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add ``quads`` in one update request: all or nothing."""
        quads = list(quads)
        if quads:
            self._post(self.endpoints.update, [("update", insert_data(quads))], None)

    def bulk_extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add ``quads`` in requests of the dialect's ``batch`` (not all or nothing, as in
        pyoxigraph)."""
        batch = []
        for quad in quads:
            batch.append(quad)
            if len(batch) == self.dialect.batch:
                self.extend(batch)
                batch = []
        self.extend(batch)

    def remove(self, quad: ox.Quad) -> None:
        self._post(self.endpoints.update, [("update", "DELETE DATA " + _block([quad]))], None)

    def remove_graph(self, graph: ox.NamedNode) -> None:
        self._post(self.endpoints.update, [("update", f"DROP SILENT GRAPH {graph}")], None)

    def dump(self, output, format, *, from_graph=None, prefixes=None) -> None:
        """Write the store (or ``from_graph``'s triples) as ``format``, streamed from the
        server graph by graph."""
        if from_graph is None:
            statements = self._every_quad()
        else:
            statements = (q.triple for q in self._graph_quads(from_graph))
        ox.serialize(statements, output, format, prefixes=prefixes)

    def flush(self) -> None:
        """Nothing to do: every write is sent as it is made."""

    def __len__(self) -> int:
        return self._count(default_graph=not self.dialect.own_graphs)

    def named_quads(self) -> int:
        """How many quads the named graphs hold (a server's graphs of its own left out)."""
        return self._count(default_graph=False)

    def _count(self, *, default_graph: bool) -> int:
        own = self.dialect.own_graphs
        skip = f'FILTER (!STRSTARTS(STR(?g), "{STAGING}"))'
        if own:
            skip += f" FILTER (?g NOT IN ({', '.join(f'<{g}>' for g in sorted(own))}))"
        default = "{ ?s ?p ?o } UNION " if default_graph else ""
        rows = self._select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {default}"
                            f"{{ GRAPH ?g {{ ?s ?p ?o }} {skip} }} }}")
        return int(next(iter(rows))["n"].value)


def insert_data(quads: Iterable[ox.Quad]) -> str:
    return "INSERT DATA " + _block(quads)


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
