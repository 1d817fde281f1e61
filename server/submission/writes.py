"""The gate every write over HTTP passes (SPARQL Update, Graph Store PUT, POST and DELETE):
:class:`Writes`, called under the store's write lock, before the write runs.

The write token says who may write, not what: DESIGN has the ontology, the shapes and the
curated graphs change only through ``techties load``, and every other write validated or
explicitly exempted. So, whatever the token:

1. A write may not change a protected graph (:func:`server.namespaces.protected`: the
   ontology, the curated data and linksets, what the ontology infers, the records of loads
   and imports, accepted submissions and their provenance; and every imported data set, as
   the store's record of imports says): it is refused with 403, naming the graph and what
   changes it, and changes nothing. The graphs it changes are read from its text
   (:mod:`server.query.updates`); a template that names its graph with a variable could
   write any graph and is refused too; ``CLEAR``/``DROP`` ``ALL``/``NAMED`` are refused
   while the store holds a protected graph.
2. Under ``TECHTIES_WRITE_VALIDATION=validate`` (the default), the triples a write adds are
   checked as a submission's are (the rules of what a submission may not do, and the shapes,
   against what the store knows of the nodes they name: :mod:`server.submission.check`), in a
   worker, against the store as it is; if they do not conform the write is refused with 422
   and the report. So the data must be known before the write runs: INSERT DATA and a Graph
   Store body are; the INSERT template of a DELETE/INSERT is computed as a CONSTRUCT with the
   same WHERE and dataset, and ADD, COPY and MOVE add their source graph, when the operation
   comes first in its request (one before it could change what it reads); LOAD, whose data
   is known only once fetched, is refused. ``off`` exempts writes from the check, not from 1.
"""

import pyoxigraph as ox

from .. import namespaces as ns
from ..config import Settings
from ..query import updates
from ..query.updates import DEFAULT, Forbidden, Invalid
from . import parse
from .records import new_id
from .service import Check

PROV_GENERATED_BY = "http://www.w3.org/ns/prov#wasGeneratedBy"


class Writes:
    def __init__(self, settings: Settings, check: Check):
        self.settings, self.check = settings, check

    def __call__(self, text: str, db, base: str | None = None) -> None:
        """Raise Forbidden or Invalid unless the update ``text`` (well-formed, screened) may
        run on ``db``, the live store, under the write lock; return if it may."""
        ops = updates.operations(text, base)
        self._protect(ops, db)
        if self.settings.write_validation != "validate":
            return
        added = self._added(ops, db, base)
        if not added:
            return
        data = ox.serialize(added, format=ox.RdfFormat.N_TRIPLES)
        _, report = self.check(data, parse.format_for("nt"), new_id())
        if not report.conforms:
            violations = sum(1 for p in report.problems if p.severity == "Violation")
            raise Invalid("the data this write adds does not conform, as a submission's would "
                          f"not ({violations} violation(s)); nothing was written:\n"
                          + "\n".join(p.line() for p in report.problems), report)

    # --- 1. protected graphs ---------------------------------------------------------------

    def _protect(self, ops: list[updates.Operation], db) -> None:
        imported = _imported(db)

        def protection(graph: str):
            if graph in imported:
                return "an imported data set", "`techties import`"
            return ns.protected(graph)

        for op in ops:
            if op.variable:
                raise Forbidden(f"{op.verb} names the graph it writes with a variable "
                                "(GRAPH ?g), so it could change a protected graph: name the "
                                "graph; nothing was written")
            for graph in op.writes:
                found = graph != DEFAULT and protection(graph)
                if found:
                    raise Forbidden(_refusal(graph, *found))
            if op.every:
                held = sorted(g.value for g in db.named_graphs() if protection(g.value))
                if held:
                    raise Forbidden(f"{op.verb} {op.every} would change every named graph: "
                                    + _refusal(held[0], *protection(held[0]), others=held[1:]))

    # --- 2. what a write adds -----------------------------------------------------------------

    def _added(self, ops: list[updates.Operation], db, base: str | None) -> list[ox.Triple]:
        """The triples the update adds, known before it runs; Forbidden if they are not."""
        added: list[ox.Triple] = []
        for position, op in enumerate(ops):
            if op.verb == "LOAD":
                raise Forbidden("LOAD is refused under TECHTIES_WRITE_VALIDATION=validate: the "
                                "data it would add is known only once fetched, too late to "
                                "check it. Send the data as INSERT DATA or a Graph Store PUT or "
                                "POST; nothing was written")
            if op.verb == "INSERT DATA":
                added += _explicit(op, base)
            elif op.inserts or op.source is not None:
                if position:
                    raise Forbidden(
                        f"under TECHTIES_WRITE_VALIDATION=validate the data {op.verb} adds is "
                        "computed and checked before the update runs, from the store as it is: "
                        "put it first in its request, or in a request of its own (an operation "
                        "before it could change what it reads); nothing was written")
                added += _copied(op, db) if op.source is not None else _constructed(op, db,
                                                                                     base)
        return added


def _refusal(graph: str, what: str, how: str, others=()) -> str:
    more = f" (and {len(others)} other protected graph(s))" if others else ""
    return (f"this write would change <{graph}>, {what}, a protected graph that changes only "
            f"through {how}{more}; nothing was written")


def _imported(db) -> set[str]:
    """The graphs the record of imports names (begun or finished)."""
    rows = db.query(f"SELECT DISTINCT ?g {{ GRAPH <{ns.IMPORTS_GRAPH}> "
                    f"{{ ?g <{PROV_GENERATED_BY}> ?a }} }}")
    return {row["g"].value for row in rows}


def _explicit(op: updates.Operation, base: str | None) -> list[ox.Triple]:
    """The triples of an INSERT DATA, as the engine reads them (run on an empty store)."""
    scratch = ox.Store()
    scratch.update(f"{op.prologue}\n{op.text}", base_iri=base)
    return [q.triple for q in scratch.quads_for_pattern(None, None, None, None)]


def _constructed(op: updates.Operation, db, base: str | None) -> list[ox.Triple]:
    """What the INSERT template of a DELETE/INSERT adds: a CONSTRUCT of each graph's part of
    it, over the same WHERE and dataset (USING as FROM; WITH as the default graph)."""
    dataset = "".join(f" FROM <{g}>" for g in op.using) + "".join(
        f" FROM NAMED <{g}>" for g in op.using_named)
    default = {}
    if op.with_graph and not dataset:
        default = {"default_graph": [ox.NamedNode(op.with_graph)]}
    triples: list[ox.Triple] = []
    for template in op.inserts:
        query = f"{op.prologue}\nCONSTRUCT {{ {template.triples} }}{dataset} WHERE {op.where}"
        triples += list(db.query(query, base_iri=base, **default))
    return triples


def _copied(op: updates.Operation, db) -> list[ox.Triple]:
    """What ADD, COPY or MOVE adds: the source graph."""
    graph = ox.DefaultGraph() if op.source == DEFAULT else ox.NamedNode(op.source)
    return [q.triple for q in db.quads_for_pattern(None, None, None, graph)]
