"""Measuring a reconciliation matcher on a gold set (``tests/data/reconcile/gold.tsv``).

Each case is a name, the type its column is reconciled against (or none), and the entity
techties holds for it (or none: then nothing may match). Two readings of a matcher's answer:

- **match**: the candidate flagged ``match``, which OpenRefine accepts without review.
  Precision: right matches / matches made; recall: right matches / cases with an entity;
- **top**: the first candidate offered (what a reviewer sees first). Precision: right first
  candidates / cases with any candidate; recall: right first candidates / cases with an
  entity.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Case:
    query: str
    type: str
    expected: str
    """The entity's id (``organization/huawei``), or "" when techties holds none."""
    kind: str


@dataclass(frozen=True)
class Answer:
    """A matcher's first candidate (id and score), and whether it flagged it a match."""
    top: str | None
    score: float
    match: bool


@dataclass
class Measured:
    match_precision: float
    match_recall: float
    top_precision: float
    top_recall: float
    wrong: list[tuple[Case, Answer]] = field(default_factory=list)
    """The cases a matcher got wrong (a wrong match, a missed one, a wrong first candidate)."""

    def row(self) -> str:
        return (f"match P {self.match_precision:.3f} R {self.match_recall:.3f} · "
                f"top P {self.top_precision:.3f} R {self.top_recall:.3f}")


def read(path: Path) -> list[Case]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
    return [Case(*(r + [""] * (4 - len(r)))[:4]) for r in rows]


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 1.0


def measure(cases: list[Case], answer: Callable[[list[Case]], list[Answer]]) -> Measured:
    """``answer`` answers every case at once (a batch, as OpenRefine sends them)."""
    answers = answer(cases)
    held = [c for c in cases if c.expected]
    matched = [(c, a) for c, a in zip(cases, answers, strict=True) if a.match]
    offered = [(c, a) for c, a in zip(cases, answers, strict=True) if a.top]
    right_matches = sum(1 for c, a in matched if a.top == c.expected)
    right_tops = sum(1 for c, a in offered if a.top == c.expected)
    wrong = [(c, a) for c, a in zip(cases, answers, strict=True)
             if (a.match and a.top != c.expected) or (c.expected and not a.match)
             or (a.top and a.top != c.expected)]
    return Measured(_ratio(right_matches, len(matched)), _ratio(right_matches, len(held)),
                    _ratio(right_tops, len(offered)), _ratio(right_tops, len(held)), wrong)
