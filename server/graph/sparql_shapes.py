"""The shapes' SHACL-SPARQL constraints and SPARQL targets, evaluated by pyoxigraph.

pySHACL runs a SPARQL constraint once per focus node, in rdflib's SPARQL engine: with the
claims model's constraints (every statement has its evidence, every claim names an asserted
triple, one document per relationship node) over the curated data that took most of the time
of ``techties load`` (measured: 22 of 30 s of CPU for a third of the data). Here each
constraint runs once, in pyoxigraph, over all its focus nodes at once: the focus nodes are
bound by a VALUES block opening the query's WHERE clause, which is SHACL's pre-binding of
``$this`` for queries like ours (no subqueries, no MINUS). The results are written into the
validation report as SHACL defines them (sh:ValidationResult with sh:sourceConstraint and
sh:SPARQLConstraintComponent), so that everything that reads a report reads these the same.

:func:`split` gives pySHACL the shapes without what is evaluated here.
"""

import re
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

VALUES_LIMIT = 5000
"""Focus nodes bound per query (a VALUES block of this many rows at most)."""
WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
THIS = re.compile(r"\$this\b")
TEMPLATE = re.compile(r"\{[?$](\w+)\}")


@dataclass
class Constraint:
    shape: object
    node: object
    select: str
    messages: list
    severity: object


def _prefixes(shapes: Graph, node) -> str:
    lines = []
    for owner in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            lines.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join(sorted(set(lines)))


def split(shapes: Graph) -> tuple[Graph, list[Constraint], dict]:
    """The shapes graph without the SPARQL constraints and targets (for pySHACL), the
    constraints, and the targets of the shapes that have them, by shape."""
    constraints, targets = [], {}
    core = Graph()
    for prefix, namespace in shapes.namespaces():
        core.bind(prefix, namespace)
    sparql_shapes = set(shapes.subjects(SH.sparql, None))
    for shape in sparql_shapes:
        severity = shapes.value(shape, SH.severity) or SH.Violation
        for node in shapes.objects(shape, SH.sparql):
            select = str(shapes.value(node, SH.select))
            constraints.append(Constraint(
                shape, node, _prefixes(shapes, node) + "\n" + select,
                list(shapes.objects(node, SH.message)) or list(shapes.objects(shape, SH.message)),
                severity))
        targets[shape] = _targets(shapes, shape)
    # what pySHACL still does: every triple but the sh:sparql links, and but the targets of
    # shapes whose only constraints are SPARQL ones (their targets would be evaluated for
    # nothing)
    only_sparql = {s for s in sparql_shapes if not _core_constraints(shapes, s)}
    for s, p, o in shapes:
        if p == SH.sparql and s in sparql_shapes:
            continue
        if s in only_sparql and p in (SH.target, SH.targetClass, SH.targetNode,
                                      SH.targetSubjectsOf, SH.targetObjectsOf):
            continue
        core.add((s, p, o))
    return core, constraints, targets


CORE = {SH.property, SH["class"], SH.datatype, SH.nodeKind, SH.minCount, SH.maxCount,
        SH["or"], SH["and"], SH["not"], SH.xone, SH.node, SH["in"], SH.pattern,
        SH.minLength, SH.maxLength, SH.hasValue, SH.closed, SH.equals, SH.disjoint}


def _core_constraints(shapes: Graph, shape) -> bool:
    return any(p in CORE for p in shapes.predicates(shape, None))


def _targets(shapes: Graph, shape) -> list[tuple[str, object]]:
    found = []
    for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
        found += [(str(p), o) for o in shapes.objects(shape, p)]
    for target in shapes.objects(shape, SH.target):
        found.append(("sparql", _prefixes(shapes, target) + "\n"
                      + str(shapes.value(target, SH.select))))
    return found


BLANK = "urn:x-techties-blank:"
"""Blank nodes become IRIs here: SPARQL's VALUES cannot name a blank node."""


def store_of(data: Graph) -> ox.Store:
    store = ox.Store()
    store.bulk_extend(ox.Quad(_ox(s), _ox(p), _ox_object(o)) for s, p, o in data)
    return store


def _ox_object(term):
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    return _ox(term)


def _term(term):
    if isinstance(term, ox.NamedNode):
        if term.value.startswith(BLANK):
            return BNode(term.value[len(BLANK):])
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.NamedNode(BLANK + str(term))
    raise ValueError(term)


def focus_nodes(store: ox.Store, targets) -> list:
    found = {}
    for kind, value in targets:
        if kind == "sparql":
            rows = store.query(value)
            found.update((row["this"], None) for row in rows if row["this"] is not None)
            continue
        node = _ox(value)
        if kind == str(SH.targetClass):
            query = f"SELECT DISTINCT ?this {{ ?this a/<{RDFS.subClassOf}>* {node} }}"
        elif kind == str(SH.targetNode):
            found[node] = None
            continue
        elif kind == str(SH.targetSubjectsOf):
            query = f"SELECT DISTINCT ?this {{ ?this {node} ?o }}"
        else:
            query = f"SELECT DISTINCT ?this {{ ?s {node} ?this }}"
        found.update((row["this"], None) for row in store.query(query))
    return [n for n in found if not isinstance(n, ox.Literal)]


def _bound(select: str, nodes: list) -> str:
    """``select`` with ``$this`` a variable, bound to ``nodes`` by a VALUES block that closes
    the query's WHERE clause. At its end, not at its start: pyoxigraph evaluates a leading
    VALUES block joined with a FILTER NOT EXISTS about a hundred times slower (44 s
    against 0.5 s for the statement-evidence constraint over a third of the curated data)."""
    text = THIS.sub("?this", select)
    match = WHERE.search(text)
    if match is None:
        raise ValueError("a SPARQL constraint without WHERE {")
    end = _closing_brace(text, match.end() - 1)
    values = " ".join(str(n) for n in nodes)
    return text[:end] + f" VALUES ?this {{ {values} }} " + text[end:]


_SKIP = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                   r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*|[{}]')


def _closing_brace(text: str, opening: int) -> int:
    """The index of the brace that closes the one at ``opening`` (strings, IRIs and comments
    skipped)."""
    depth = 0
    for match in _SKIP.finditer(text, opening):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
            if depth == 0:
                return match.start()
    raise ValueError("a SPARQL constraint whose WHERE clause does not close")


def evaluate(store: ox.Store, constraints: list[Constraint], targets: dict, report: Graph,
             focus_filter=None) -> None:
    """Run each constraint on its shape's focus nodes (only those ``focus_filter`` keeps, if
    given); add a sh:ValidationResult to ``report`` per solution."""
    focus_cache: dict = {}
    for c in constraints:
        if c.shape not in focus_cache:
            nodes = focus_nodes(store, targets[c.shape])
            if focus_filter is not None:
                nodes = [n for n in nodes if focus_filter(_term(n))]
            focus_cache[c.shape] = nodes
        nodes = focus_cache[c.shape]
        for i in range(0, len(nodes), VALUES_LIMIT):
            solutions = store.query(_bound(c.select, nodes[i:i + VALUES_LIMIT]))
            names = [v.value for v in solutions.variables]
            for row in solutions:
                _result(report, c, {n: row[n] for n in names if row[n] is not None})


def _result(report: Graph, c: Constraint, row: dict) -> None:
    result = BNode()
    report.add((result, RDF.type, SH.ValidationResult))
    report.add((result, SH.focusNode, _term(row["this"])))
    if "path" in row:
        report.add((result, SH.resultPath, _term(row["path"])))
    if "value" in row:
        report.add((result, SH.value, _term(row["value"])))
    report.add((result, SH.resultSeverity, c.severity))
    report.add((result, SH.sourceShape, c.shape))
    report.add((result, SH.sourceConstraint, c.node))
    report.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
    for message in c.messages:
        text = TEMPLATE.sub(lambda m: _shown(row.get(m.group(1)), m.group(1) == "value"),
                            str(message))
        report.add((result, SH.resultMessage, Literal(text, lang=getattr(message, "language",
                                                                           None))))
    report_node = next(iter(report.subjects(RDF.type, SH.ValidationReport)), None)
    if report_node is not None:
        report.add((report_node, SH.result, result))
        if c.severity == SH.Violation:
            report.set((report_node, SH.conforms, Literal(False)))


def _shown(term, as_term: bool = False) -> str:
    """A variable's value in a message: an IRI as ``<iri>``; a literal by its text, except the
    ``value`` of a result, which is written as an RDF term (``"2019"^^<...#gYear>``,
    ``"Russia"@en``), as a claim must repeat it, datatype and language tag included."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return str(term) if as_term else term.value
    if isinstance(term, ox.NamedNode) and term.value.startswith(BLANK):
        return "_:" + term.value[len(BLANK):]
    return f"<{term.value}>" if isinstance(term, ox.NamedNode) else str(term)

