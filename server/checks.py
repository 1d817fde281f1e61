"""``techties check``: every quality check, each reporting what it found."""

from collections.abc import Callable
from dataclasses import dataclass

from . import store
from .graph import curated, library, load, reasoning, shacl
from .linking import linksets
from .store import merged


@dataclass
class Outcome:
    name: str
    ok: bool | None
    """True passed, False failed, None could not be run."""
    detail: str


def shacl_check() -> Outcome:
    files = curated.read_instances()
    report = shacl.validate(load.curated_union([f.graph for f in files]))
    warnings = len(report.results) - len(report.violations)
    summary = f"{len(report.violations)} violation(s), {warnings} warning(s)"
    return Outcome("SHACL shapes on the curated data", report.conforms,
                   summary + ("\n" + report.text() if report.results else ""))


def hermit_check() -> Outcome:
    files = [curated.ONTOLOGY_FILE, *curated.instance_files(), *curated.link_files()]
    result = reasoning.hermit_consistency(files)
    return Outcome("HermiT consistency of the ontology with all data", result.ok, result.message)


def query_checks(store_path) -> list[Outcome]:
    """Each query in queries/checks/ must return no rows; the rows it returns are the faults."""
    db = store.open_store(store_path, read_only=True)
    outcomes = []
    for check in library.checks():
        result = db.query(check.text, **merged.union(db))
        names = [v.value for v in result.variables]
        rows = list(result)
        detail = check.question
        if rows:
            lines = ["  " + " | ".join(str(r[name]) for name in names) for r in rows[:50]]
            detail += f"\n  {len(rows)} row(s):\n" + "\n".join(lines)
        outcomes.append(Outcome(f"check {check.name}", not rows, detail))
    return outcomes


def link_check() -> Outcome:
    """The linksets in instances/links/: targets well-formed, one-to-one, entities that exist."""
    found, problems = linksets.check()
    detail = f"{len(found)} link(s), {len(problems)} problem(s)"
    detail += "".join("\n  " + problem.line() for problem in problems)
    return Outcome("link checks on instances/links/", not problems, detail)


def run_all(store_path, say: Callable[[Outcome], None]) -> bool:
    """Run every check, report each as it finishes; True when all passed."""
    ok = True
    for run in (shacl_check, hermit_check, lambda: query_checks(store_path), link_check):
        results = run()
        for outcome in results if isinstance(results, list) else [results]:
            say(outcome)
            ok = ok and outcome.ok is True
    return ok
