"""``techties check``: every quality check, each reporting what it found."""

import re
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from . import namespaces as ns
from .graph import anchors, curated, library, load, reasoning, shacl
from .linking import linksets
from .store import dataset, merged


@dataclass
class Outcome:
    name: str
    ok: bool | None
    """True passed, False failed, None could not be run."""
    detail: str


def shacl_check() -> Outcome:
    files = curated.read_instances()
    report = shacl.validate(load.curated_union([f.graph for f in files]))
    warnings = len(report.problems) - len(report.violations)
    summary = f"{len(report.violations)} violation(s), {warnings} warning(s)"
    return Outcome("SHACL shapes on the curated data", report.conforms,
                   summary + ("\n" + report.text() if report.problems else ""))


def hermit_check() -> Outcome:
    files = [curated.ONTOLOGY_FILE, *curated.instance_files(), *curated.link_files()]
    result = reasoning.hermit_consistency(files)
    return Outcome("HermiT consistency of the ontology with all data", result.ok, result.message)


CHECK_TIMEOUT = 600.0
"""Seconds each query of a check may take on a remote store."""


def query_checks(store_path) -> list[Outcome]:
    """Each query in queries/checks/ must return no rows; the rows it returns are the faults."""
    # a check is a batch job, not a reader waiting: on a remote store it may take minutes
    with dataset.opened_for_reading(store_path, timeout=CHECK_TIMEOUT) as db:
        return query_outcomes(db)


def query_outcomes(db) -> list[Outcome]:
    """The query checks over ``db`` (a store as ``techties load`` builds it)."""
    outcomes = []
    for check in library.checks():
        rows = check_rows(db, check)
        detail = check.question
        if rows:
            lines = ["  " + " | ".join(row) for row in rows[:50]]
            detail += f"\n  {len(rows)} row(s):\n" + "\n".join(lines)
        outcomes.append(Outcome(f"check {check.name}", not rows, detail))
    return outcomes


def check_rows(db, check) -> list[tuple[str, ...]]:
    """The rows a check query returns over ``db``: each value in N-Triples syntax (an unbound
    one as ``""``), in the query's order."""
    result = db.query(check.text, **merged.union(db))
    names = [v.value for v in result.variables]
    return [tuple("" if row[name] is None else str(row[name]) for name in names)
            for row in result]


def link_check() -> Outcome:
    """The linksets in instances/links/: targets well-formed, one-to-one, entities that exist."""
    found, faults = linksets.check_all()
    detail = f"{len(found)} link(s), {len(faults)} problem(s)"
    detail += "".join("\n  " + fault.line() for fault in faults)
    return Outcome("link checks on instances/links/", not faults, detail)


NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
DESCRIBED = ("Actor", "Instrument", "Product", "Initiative", "Event", "Place", "Idea",
             "Document")
"""The kinds of things whose names a comment may not mention unless a triple links them."""


def facts_in_comments(graph: Graph) -> list[str]:
    """Comments that carry a fact no triple holds: a number (a year, an amount) that no
    literal of their node contains, or the name of a described thing their node is not
    linked to. Comments explain; facts are triples."""
    classes = {ns.TT[name] for name in DESCRIBED}
    kinds = {c for c in graph.subjects(RDF.type, OWL.Class)
             if set(graph.transitive_objects(c, RDFS.subClassOf)) & classes}
    names: dict[URIRef, set[str]] = {}
    for node, kind in graph.subject_objects(RDF.type):
        if kind in kinds and str(node).startswith(ns.ID):
            names.setdefault(node, set()).update(
                str(label) for p in (RDFS.label, SKOS.altLabel)
                for label in graph.objects(node, p) if len(str(label)) > 2)
    found = []
    for node, comment in graph.subject_objects(RDFS.comment):
        if not str(node).startswith(ns.ID):
            continue
        text = str(comment)
        neighbours = set(graph.objects(node, None)) | set(graph.subjects(None, node))
        held = " ".join(str(o) for _, o in graph.predicate_objects(node)
                        if isinstance(o, Literal) and o != comment)
        for number in NUMBER.findall(text):
            if number not in held:
                found.append(f"{node}: the comment states {number!r}, which no literal of the "
                             "node holds")
        for other, spellings in names.items():
            if other == node or other in neighbours:
                continue
            for name in spellings:
                if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                    found.append(f"{node}: the comment names {name!r} (<{other}>), which no "
                                 "triple of the node links to")
                    break
    return sorted(found)


def comment_check() -> Outcome:
    union = Graph()
    union += shacl.ontology_graph()
    for graph_file in curated.read_instances():
        union += graph_file.graph
    found = facts_in_comments(union)
    detail = "Which comments carry a date, a number or a named thing that no triple holds?"
    if found:
        detail += f"\n  {len(found)} comment(s):\n" + "\n".join("  " + f for f in found[:50])
    return Outcome("check facts-in-comments", not found, detail)


def anchor_check(sources: str | None) -> Outcome:
    """instances/anchors.ttl is what ``techties anchor`` would write now."""
    name = "anchors of the quotes (instances/anchors.ttl)"
    texts = anchors.sources_dir(sources)
    if not texts.is_dir():
        return Outcome(name, None, f"the source texts are not at {texts} (TECHTIES_SOURCES)")
    found, missing = anchors.compute(anchors.curated_without_anchors(), texts)
    problems = [m.line() for m in missing]
    current = anchors.ANCHORS_FILE.read_text(encoding="utf-8") if anchors.ANCHORS_FILE.exists() \
        else ""
    if current != anchors.render(found):
        problems.append("instances/anchors.ttl is out of date: run `techties anchor`")
    return Outcome(name, not problems,
                   f"{len(found)} quote(s) anchored" + "".join("\n  " + p for p in problems))


def run_all(store_path, say: Callable[[Outcome], None], sources: str | None = None) -> bool:
    """Run every check, report each as it finishes; True when all passed."""
    ok = True
    for run in (shacl_check, hermit_check, lambda: query_checks(store_path), comment_check,
                lambda: anchor_check(sources), link_check):
        results = run()
        for outcome in results if isinstance(results, list) else [results]:
            say(outcome)
            ok = ok and outcome.ok is True
    return ok
