"""What a validation found: one :class:`Problem` per result, in a :class:`Report`.

It lives in graph/, beside the one SHACL caller (:mod:`server.graph.shacl`) that makes
reports, rather than at the package's top: the checks of the curated data (``techties load``,
``techties check``) and of a submission (:mod:`server.submission.check`, which adds the
problems its own rules find) all build on graph/, so each imports the model from below, and
graph/ imports none of them.

Problems come from two places, told apart by ``rule``: the shapes (the shape's IRI) and the
rules of what a submission may not do (``submission/rules.py``, named
``submission-rule/<name>``). A report renders as text (one line per result), JSON, and a
``sh:ValidationReport`` graph.
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

SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
ORDER = {"Violation": 0, "Warning": 1, "Info": 2}
"""How problems are listed: violations first."""


@dataclass(frozen=True)
class Problem:
    severity: str
    """Violation, Warning or Info: only violations make data not conform."""
    focus: str
    """The node, in the reader's prefixes (``in:my-agreement``) or as a blank node path."""
    path: str | None
    value: str | None
    message: str
    fix: str | None
    """What would make the problem go away, said plainly; None where the shape's own message
    is all there is to say (the curated data's results, read by its curators)."""
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
        return f"{self.severity}: {where}{value}: {self.explanation()}"

    def explanation(self) -> str:
        """The message and, if there is one, the fix: what the text line and the RDF report's
        sh:resultMessage say."""
        if self.fix is None:
            return self.message
        return f"{_sentence(self.message)} Fix: {self.fix}"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    against: str | None = None
    """What a submission was validated against: the store's path, or the curated files. None
    for the curated data itself, which is validated against the shapes alone."""
    raw: Graph | None = field(default=None, repr=False, compare=False)
    """The validator's own sh:ValidationReport (pySHACL's, with the SPARQL constraints'
    results), as :func:`server.graph.shacl.validate` gives it: a submission's check words
    its results from it in the submitter's terms. None in a report read back from JSON."""

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def violations(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "Violation"]

    def text(self) -> str:
        head = "Conforms" if self.conforms else "Does not conform"
        if self.against is not None:
            head += f" (validated against {self.against})"
        elif self.conforms and self.problems:
            # The curated data's report says so where a submission's says what it was
            # validated against: as `techties load` and `techties check` have always printed.
            head += ", with warnings"
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
        severities = {name: iri for iri, name in SEVERITIES.items()}
        for p in self.problems:
            result = BNode()
            g.add((report, SH.result, result))
            g.add((result, RDF.type, SH.ValidationResult))
            g.add((result, SH.resultSeverity, severities.get(p.severity, SH.Violation)))
            g.add((result, SH.focusNode, URIRef(p.focus_iri)))
            if p.path_iri:
                g.add((result, SH.resultPath, URIRef(p.path_iri)))
            if p.value_term:
                g.add((result, SH.value, _term(p.value_term)))
            g.add((result, SH.resultMessage, Literal(p.explanation())))
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
