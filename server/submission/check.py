"""Reference-aware validation of a submission.

The data graph given to pySHACL is the submission, plus what the store says about the nodes
it names (``context.from_store``), with the ontology mixed in; the focus nodes are the
submission's own subjects. So an agreement whose party is an existing ``tt:State`` passes,
one whose party does not exist, or is a ``tt:Technology``, fails; and the cost grows with the
submission, not with the store.

SHACL runs without RDFS inference here: ``rdfs:range`` would otherwise make any party a
``tt:Actor`` and hide exactly the mistakes this is for. Subclasses still count (a Company is
an Organization), through the ontology's ``rdfs:subClassOf``, as SHACL defines ``sh:class``.

:func:`check_body` is the whole check of a body as received; :class:`InProcess` runs it
for the command line, :class:`server.submission.offload.InWorker` in a worker for the server.
"""

import contextlib
import pickle
import re
import warnings
from dataclasses import dataclass, replace

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from .. import namespaces as ns
from .. import store
from ..graph import load, shacl
from ..graph.report import ORDER, SEVERITIES, Problem, Report
from ..store import dataset
from . import context, parse, rules
from .names import Names
from .records import new_id


@dataclass
class Against:
    """The store a submission is validated against, and how the report names it."""

    db: ox.Store
    description: str


@contextlib.contextmanager
def against(location):
    """For the block, the store at ``location`` if there is one (read as
    :func:`server.store.dataset.readable` says: beside a server, its newest checkpoint), else
    the curated files (in memory)."""
    # Named without its path: the report is kept in the submission's record, which the
    # server shows to anyone.
    if store.exists(location):
        with dataset.opened_for_reading(location) as db:
            yield Against(db, "the store")
    else:
        yield Against(load.curated_store(), "the curated files, as there is no store yet "
                                            "(`techties load` builds it)")


def check_body(body: bytes, fmt, target: Against,
               submission_id: str | None = None) -> tuple[bytes, Report]:
    """Parse and validate: the submission as its record keeps it (skolemized, sorted
    N-Triples) and the report. ParseError if it cannot be read."""
    parsed = parse.parse(body, fmt)
    graph, report = check_statements(parsed.quads, submission_id or new_id(), target.db,
                                     prefixes=parsed.prefixes, against=target.description)
    lines = graph.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
    return b"".join(sorted(line for line in lines if line.strip())), report


def answer(job, db, out) -> bool:
    """A worker's answer to a :class:`server.submission.offload.ValidationJob`: the pickled
    (N-Triples, report); a ParseError is raised to the server as itself."""
    checked = check_body(job.body, parse.format_for(job.media_type),
                         Against(db, job.description), job.id)
    out.describe(form="validation")
    out.write(pickle.dumps(checked))
    return False


class InProcess:
    """Checks submissions in this process, against the newest checkpoint of ``dataset``;
    called as :class:`server.submission.offload.InWorker` is."""

    def __init__(self, dataset, description: str):
        self.dataset, self.description = dataset, description

    def __call__(self, body: bytes, fmt, submission_id: str) -> tuple[bytes, Report]:
        with self.dataset.reader() as db:
            return check_body(body, fmt, Against(db, self.description), submission_id)


def skolem_prefix(submission_id: str) -> str:
    return f"{ns.GENID}submission-{submission_id}-"


def skolemize(quads: list[ox.Quad], submission_id: str) -> Graph:
    """The statements as an rdflib graph, blank nodes replaced by skolem IRIs of this submission.

    Graph names are dropped here (the ``named-graph`` rule reports them).
    """
    prefix = skolem_prefix(submission_id)
    blanks: dict[str, URIRef] = {}

    def term(t):
        if isinstance(t, ox.NamedNode):
            return URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return blanks.setdefault(t.value, URIRef(f"{prefix}{len(blanks) + 1}"))
        if isinstance(t, ox.Literal):
            if t.language:
                return Literal(t.value, lang=t.language)
            datatype = t.datatype.value
            # normalize=False: keep the submitter's lexical form ("01" stays "01")
            return Literal(t.value, normalize=False,
                           datatype=None if datatype == str(XSD.string) else datatype)
        raise ValueError("quoted triples (RDF-star) are not accepted in a submission")

    graph = Graph()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ill-typed literals: the shapes report them
        for q in quads:
            graph.add((term(q.subject), term(q.predicate), term(q.object)))
    return graph


def check_statements(quads: list[ox.Quad], submission_id: str, db: ox.Store | None, *,
                     prefixes: dict[str, str] | None = None,
                     against: str = "") -> tuple[Graph, Report]:
    """Skolemize and validate a submission; its graph and its report."""
    graph = skolemize(quads, submission_id)
    names = Names(graph, prefixes, skolem_prefix(submission_id))
    known = context.from_store(db, graph)
    onto = context.ontology()
    problems = rules.named_graphs(quads, names)
    problems += rules.graph_problems(graph, known, onto, names, skolem_prefix(submission_id))
    problems += shacl_problems(graph, known, names, problems)
    problems = [_shown(p) for p in problems]
    problems.sort(key=lambda p: (ORDER.get(p.severity, 3), p.focus_iri, p.path_iri or "",
                                 p.value_term or "", p.rule))
    return graph, Report(problems, against)


def _shown(problem: Problem) -> Problem:
    """``problem`` with the characters XML cannot carry (a literal's U+0000) written as
    ``\\uXXXX`` in what it says, so the report can be given as RDF/XML and shown in a page;
    its value's exact term is left out then."""
    texts = ("focus", "path", "value", "message", "fix")
    if not any(parse.not_xml(getattr(problem, f) or "") for f in (*texts, "value_term")):
        return problem
    return replace(problem, **{f: parse.escaped(getattr(problem, f)) for f in texts
                               if getattr(problem, f) is not None},
                   value_term=None if parse.not_xml(problem.value_term or "")
                   else problem.value_term)


def shacl_problems(graph: Graph, known: context.Known, names: Names,
          already: list[Problem]) -> list[Problem]:
    focus = {s for s in graph.subjects() if isinstance(s, URIRef)}
    data = Graph()
    data += known.triples
    data += graph
    # Not pySHACL's focus_nodes: it also filters the value nodes that nested shapes (sh:or,
    # sh:node, sh:not...) check, so a date of the wrong type passed an sh:or of datatypes.
    # The data graph is small anyway (the submission and the nodes it names); the results
    # are kept for the submission's own subjects only.
    result = shacl.validate(data, inference="none")
    reported = {(p.focus_iri, p.path_iri, p.value_term) for p in already}
    problems = {}
    # Only the top-level results: those nested under sh:detail repeat what they explain.
    for node in result.raw.objects(None, SH.result):
        if result.raw.value(node, SH.focusNode) not in focus:
            continue
        problem = _problem(result.raw, node, data, known, names)
        if (problem.focus_iri, problem.path_iri, problem.value_term) not in reported:
            problems.setdefault((problem.focus_iri, problem.path_iri, problem.value_term,
                                 problem.message), problem)
    return list(problems.values())


IRI_IN_MESSAGE = re.compile(r"<([^<>\s]+)>")


def _reword(message: str, names: Names) -> str:
    """pySHACL's message with the IRIs it spells out in full put in the submitter's terms."""
    return IRI_IN_MESSAGE.sub(lambda m: names.name(URIRef(m.group(1))), message)


def _problem(report: Graph, node, data: Graph, known: context.Known, names: Names) -> Problem:
    focus = report.value(node, SH.focusNode)
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    shape = report.value(node, SH.sourceShape)
    component = report.value(node, SH.sourceConstraintComponent)
    messages = sorted(str(m) for m in report.objects(node, SH.resultMessage))
    path_name = shacl.path_text(report, path, names.name)
    message = _reword(" ".join(messages), names)
    return Problem(
        severity=SEVERITIES.get(report.value(node, SH.resultSeverity), "Violation"),
        focus=names.name(focus), path=path_name, value=names.name(value),
        message=message or "constraint not met.",
        fix=_fix(component, shape, path_name, value, data, known, names)
        if component != SH.SPARQLConstraintComponent else _instruction(message, focus, names),
        rule=shacl.shape_iri(shape),
        focus_iri=str(focus), path_iri=str(path) if isinstance(path, URIRef) else None,
        value_term=value.n3() if isinstance(value, URIRef | Literal) else None)


def _instruction(message: str, focus, names: Names) -> str:
    """The fix a SPARQL constraint's message gives: what follows its first colon (the message
    says what is wrong, then what to do), or the whole message; "<this node>" is the focus."""
    _, colon, after = message.partition(": ")
    fix = (after if colon else message).replace("<this node>", names.name(focus) or "this node")
    return fix or "see the shape's message."


def _shape_value(shape, prop):
    return None if shape is None else shacl.shapes_graph().value(shape, prop)


def _fix(component, shape, path, value, data: Graph, known, names: Names) -> str:
    c = str(component).rsplit("#", 1)[-1] if component is not None else ""
    prop = path or "this property"
    if c == "MinCountConstraintComponent":
        n = _shape_value(shape, SH.minCount)
        return f"give it at least {n or 1} {prop} value(s)."
    if c == "MaxCountConstraintComponent":
        n = _shape_value(shape, SH.maxCount)
        return f"keep at most {n} {prop} value(s)."
    if c == "ClassConstraintComponent":
        cls = names.name(_shape_value(shape, SH["class"])) or "the required class"
        if isinstance(value, URIRef) and not (set(data.objects(value, RDF.type))):
            return (f"{names.name(value)} is not known to techties as a {cls}: use the IRI of "
                    f"an existing {cls}, or describe it in the submission with rdf:type {cls}.")
        types = ", ".join(sorted(names.name(t) for t in data.objects(value, RDF.type)))
        return f"{names.name(value)} is a {types}, not a {cls}: use a {cls} here."
    if c == "DatatypeConstraintComponent":
        dt = names.name(_shape_value(shape, SH.datatype)) or "the required datatype"
        return f"write the value as a literal of datatype {dt}."
    if c == "NodeKindConstraintComponent":
        kind = names.name(_shape_value(shape, SH.nodeKind)) or "the required kind"
        return f"the value must be a {kind} (an IRI, a blank node or a literal as it says)."
    if c == "InConstraintComponent":
        return "use one of the values the shape allows (see the message)."
    if c == "PatternConstraintComponent":
        pattern = _shape_value(shape, SH.pattern)
        return f"write the value so that it matches the pattern {pattern}."
    if c in ("LanguageInConstraintComponent", "UniqueLangConstraintComponent"):
        return "give the text a language tag (\"...\"@en), one value per language."
    if c == "NodeConstraintComponent":
        return "the value must itself be complete: see the results about it."
    if c in ("OrConstraintComponent", "XoneConstraintComponent"):
        return "use one of the alternatives the shape allows (see the message)."
    if c in ("MinLengthConstraintComponent", "MaxLengthConstraintComponent"):
        return "change the length of the text as the message says."
    return f"see the shape {names.name(shape)} in /ontology for what it requires."
