"""A submission's report: every problem in the submitter's own terms, and what would fix it.

Problems come from two places, told apart by ``rule``: the rules of what a submission may not
do (``rules.py``, named ``submission-rule/<name>``) and the SHACL shapes (the shape's IRI).
The report renders as text (one line per result), JSON, and a ``sh:ValidationReport`` graph.
"""

from dataclasses import asdict, dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH

from .. import namespaces as ns
from ..store import from_rdflib


def rule_namespace() -> Namespace:
    """Each rule of what a submission may not do has an IRI here, the sh:sourceShape of its
    results."""
    return Namespace(ns.BASE + "submission-rule/")

SEVERITIES = {"Violation": SH.Violation, "Warning": SH.Warning, "Info": SH.Info}


@dataclass(frozen=True)
class Problem:
    severity: str
    """Violation, Warning or Info: only violations make a submission not conform."""
    focus: str
    """The node, in the submitter's prefixes (``in:my-agreement``) or as a blank node path."""
    path: str | None
    value: str | None
    message: str
    fix: str
    """What would make the problem go away, said plainly."""
    rule: str
    """The rule's or the shape's IRI."""
    focus_iri: str
    path_iri: str | None = None
    value_term: str | None = None
    """The value in N-Triples syntax, so the RDF report can carry it exactly."""

    def line(self) -> str:
        """One line of the text report.

        >>> Problem("Violation", "in:x", "tt:party", "st:y", "st:y is not known", "use another",
        ...         "rule", "https://e/x").line()
        'Violation: in:x tt:party (value: st:y): st:y is not known. Fix: use another'
        """
        where = self.focus + (f" {self.path}" if self.path else "")
        value = f" (value: {self.value})" if self.value is not None else ""
        return f"{self.severity}: {where}{value}: {_sentence(self.message)} Fix: {self.fix}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    against: str = ""
    """What the submission was validated against: the store's path, or the curated files."""

    @property
    def conforms(self) -> bool:
        return not any(p.severity == "Violation" for p in self.problems)

    def text(self) -> str:
        head = (f"Conforms (validated against {self.against})" if self.conforms
                else f"Does not conform (validated against {self.against})")
        if not self.problems:
            return head + ": no problems found."
        return "\n".join([f"{head}: {len(self.problems)} result(s)",
                          *[p.line() for p in self.problems]])

    def as_json(self) -> dict:
        return {"conforms": self.conforms, "against": self.against,
                "results": [asdict(p) for p in self.problems]}

    @classmethod
    def from_json(cls, data: dict) -> "Report":
        return cls([Problem(**p) for p in data.get("results", [])], data.get("against", ""))

    def graph(self) -> Graph:
        """The report as a SHACL validation report (sh:ValidationReport)."""
        g = Graph()
        g.bind("sh", SH)
        g.bind("rule", rule_namespace())
        report = BNode()
        g.add((report, RDF.type, SH.ValidationReport))
        g.add((report, SH.conforms, Literal(self.conforms)))
        for p in self.problems:
            result = BNode()
            g.add((report, SH.result, result))
            g.add((result, RDF.type, SH.ValidationResult))
            g.add((result, SH.resultSeverity, SEVERITIES.get(p.severity, SH.Violation)))
            g.add((result, SH.focusNode, URIRef(p.focus_iri)))
            if p.path_iri:
                g.add((result, SH.resultPath, URIRef(p.path_iri)))
            if p.value_term:
                g.add((result, SH.value, _term(p.value_term)))
            g.add((result, SH.resultMessage, Literal(f"{_sentence(p.message)} Fix: {p.fix}")))
            g.add((result, SH.sourceShape, URIRef(p.rule)))
        return g


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def sorted_quads(graph: Graph) -> list:
    """The graph's statements as pyoxigraph quads, grouped by subject for readable Turtle."""
    return sorted(from_rdflib(graph), key=lambda q: (
        isinstance(q.subject, ox.BlankNode), str(q.subject), str(q.predicate), str(q.object)))


def _term(nt: str):
    """A term from its N-Triples form (as written by rdflib's ``n3()`` without prefixes)."""
    parsed = Graph().parse(data=f"<urn:s> <urn:p> {nt} .", format="nt")
    return next(iter(parsed.objects()))
