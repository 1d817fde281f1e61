"""The default graph queries see: the RDF merge of the named graphs, a set, kept in a graph
of its own.

pyoxigraph 0.5's union default graph (and a default graph of several graphs, by FROM or by
the protocol's ``default-graph-uri``) counts a triple once per graph that holds it: a
``COUNT(*)`` over the curated data gave 7,813 for 7,806 distinct triples (fixed upstream only
on the 0.6 line). So the embedded store keeps the merge materialized, de-duplicated, in the
named graph :data:`MERGED`, and queries read it as their default graph; it is a plain
graph, so evaluation also skips the union's cost. ``GRAPH`` never sees it: every query is
given the other named graphs as its named graphs (:func:`dataset`), and dumps, counts and
listings leave it out (:func:`named`).

It is written in the same transaction as what it mirrors: ``load`` fills it with the graphs
it builds; a submission's quads are added with their copies (:func:`with_copies`); an update
(a user's, or one the server writes for the Graph Store) is sent with the operations that
bring it up to date appended (:func:`maintained`), so a triple leaves it only when no named
graph holds it any more. The store's own default graph stays out of it, and stays what
``TECHTIES_UNION_DEFAULT_GRAPH=0`` shows. A store without it (built before it existed, or a
remote store, whose server has its own union) is read through pyoxigraph's union instead; an
embedded one gets it on its first write.
"""

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

MERGED = ox.NamedNode("urn:x-techties:merged")
"""Not under the namespace: a store keeps it whatever namespace it is served under."""


def named(db) -> list[ox.NamedNode]:
    """The store's named graphs but :data:`MERGED`."""
    return [g for g in db.named_graphs() if g != MERGED]


def quads_for_pattern(db, subject, predicate, object, graph_name=None):
    """``db.quads_for_pattern`` as a page reads it: across the named graphs, the merge left
    out, so a triple is listed once per graph that states it, never again for its copy."""
    quads = db.quads_for_pattern(subject, predicate, object, graph_name)
    if graph_name is not None:
        return quads
    return (q for q in quads if q.graph_name != MERGED)


def has_merge(db) -> bool:
    return isinstance(db, ox.Store) and db.contains_named_graph(MERGED)


def dataset(db, union: bool) -> dict:
    """The keyword arguments of ``db.query`` for the default dataset: the merge (``union``)
    or the store's own default graph, with every named graph but the merge. (Listing the
    graphs costs about 30 µs on the curated store: not worth keeping per store.)"""
    if not has_merge(db):
        return {"use_default_graph_as_union": union}
    return {"default_graph": MERGED if union else ox.DefaultGraph(), "named_graphs": named(db)}


def union(db) -> dict:
    """``db.query``'s keyword arguments for reading the merge of the named graphs."""
    return dataset(db, True)


def with_copies(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """``quads``, each followed, if it is in a named graph, by its triple in the merge
    (streamed: an import or a load passes millions through)."""
    for quad in quads:
        yield quad
        if isinstance(quad.graph_name, ox.NamedNode):
            yield ox.Quad(quad.subject, quad.predicate, quad.object, MERGED)


def extend(db, quads: list[ox.Quad]) -> None:
    """Add ``quads`` to the live store ``db``, and their triples to the merge, in one
    transaction. A store that has no merge yet gets it whole after (then readers use the
    union until that is done)."""
    if not isinstance(db, ox.Store):
        db.extend(quads)
    elif db.contains_named_graph(MERGED):
        db.extend(with_copies(quads))
    else:
        db.extend(quads)
        db.update(RESYNC)


OTHERS = f"FILTER (?g != {MERGED})"
"""Keeps ``GRAPH ?g`` off the merge, in the server's own queries over every graph."""

RESYNC = f"""CREATE SILENT GRAPH {MERGED} ;
DELETE {{ GRAPH {MERGED} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {MERGED} {{ ?s ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} {OTHERS} }} }} ;
INSERT {{ GRAPH {MERGED} {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {OTHERS}
  FILTER NOT EXISTS {{ GRAPH {MERGED} {{ ?s ?p ?o }} }} }}"""
"""Bring the merge up to date with every named graph: what none holds leaves, what one holds
and the merge lacks comes in."""


def _unmerge(graph: str, changing: tuple[str, ...]) -> str:
    """Take out of the merge the triples of ``graph`` that no graph outside ``changing``
    holds (those of the ``changing`` graphs that stay are put back after)."""
    besides = ", ".join(f"<{g}>" for g in changing)
    return (f"DELETE {{ GRAPH {MERGED} {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }}"
            f" FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g NOT IN ({MERGED}, "
            f"{besides})) }} }}")


def _merge(graph: str) -> str:
    return (f"INSERT {{ GRAPH {MERGED} {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{graph}> "
            "{ ?s ?p ?o } }")


def maintained(text: str, db, graphs: tuple[str, ...] | None = None, *,
               separator: str = " ;", prologue: str = "") -> str:
    """The update ``text`` with what keeps the merge in step appended, to run as one
    transaction. ``graphs``: the named graphs it may change, when the server wrote it (a
    Graph Store write: their triples are taken out of the merge first and put back after,
    which costs their size); None for a user's update, which may change any graph (the whole
    merge is compared, which costs the store's size). ``separator``: what may follow
    ``text`` before another operation (:func:`server.query.guard.separator` says, for a
    user's text). ``prologue``: the PREFIX and BASE declarations ``text`` was written under,
    put first (:func:`server.query.guard.split_prologue`: pyoxigraph 0.5 refuses a prologue
    after a ``;``); the operations added name every IRI in full, so they read the same under
    it. Unchanged for a remote store, and for a write that touches no named graph."""
    if not isinstance(db, ox.Store) or graphs == ():
        return prologue + text
    if graphs is None or not db.contains_named_graph(MERGED):
        # on a new line: text may end in a comment
        return f"{prologue}{text}\n{separator}\n{RESYNC}"
    before = " ;\n".join(_unmerge(g, graphs) for g in graphs)
    after = " ;\n".join(_merge(g) for g in graphs)
    return f"{prologue}\n{before} ;\n{text}\n{separator}\n{after}"

