"""Reconciliation: which of our entities a name (and, if given, a type and property values)
stands for, scored 0-100, as the W3C Reconciliation Service API v0.2 reports it; and the
values of their properties, for data extension.

Candidates come from the search index (:mod:`server.search.index`), so every spelling a
source uses counts, in any script the labels are in. Each is then scored on its names:
the query and each name are compared in every form (:func:`server.search.text.forms`): an
exact match counts as much as the weaker of the two forms ("Huawei Technologies Co., Ltd."
is Huawei without its legal form and descriptor: 90; "Россия" is Russia's own label: 100);
otherwise 0.9 × rapidfuzz's ratio of the two forms. Property values then move the score:
+5 for each property whose value the candidate has, -15 for each it has another value for
(nothing when it has none). A candidate is a **match** (OpenRefine accepts it without review)
when it scores at least :data:`MATCH` with no property against it, and no other candidate
does.

Measured on the gold set in ``tests/data/reconcile/gold.tsv``: ``bench/reconcile_gold.py``.
"""

import math
from dataclasses import dataclass, field

import pyoxigraph as ox
from rapidfuzz import fuzz

from .. import namespaces as ns
from . import text
from .index import SearchIndex, is_record

MATCH = 90.0
MIN_SCORE = 60.0
"""Candidates scoring below this are not offered."""
POOL = 60
"""Candidates the index is asked for, before they are scored."""
AGREE, DISAGREE = 5.0, 15.0
XSD = "http://www.w3.org/2001/XMLSchema#"
DATES = {XSD + "date", XSD + "dateTime", XSD + "gYear", XSD + "gYearMonth"}
INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                              "positiveInteger", "nonPositiveInteger", "negativeInteger")}
DECIMALS = {XSD + "decimal", XSD + "double", XSD + "float"}


@dataclass
class Candidate:
    iri: str
    name: str
    score: float
    types: list[str]
    features: dict[str, float] = field(default_factory=dict)
    match: bool = False
    against: bool = False
    """A property value contradicts it."""


def relative(iri: str) -> str:
    """An entity's id in the API: its IRI after ``<namespace>id/`` (``state/russia``)."""
    return iri[len(ns.ID):] if iri.startswith(ns.ID) else iri


def absolute(entity_id: str) -> str:
    return entity_id if entity_id.startswith(("http://", "https://")) else ns.ID + entity_id


def index_hit(node) -> "object":
    """A node as the index's search would give it (its own types)."""
    from .index import Hit
    return Hit(node.iri, node.label, 0.0, node.label,
               sorted(t for t, own in node.types.items() if own))


def name_score(query: str, names) -> tuple[float, str]:
    """0-1: how well ``query`` is one of ``names`` (strings), with the name that did best."""
    query_forms = text.forms(query)
    best = (0.0, "")
    for name in names:
        for b, wb in text.forms(name).items():
            for a, wa in query_forms.items():
                if a == b:
                    score = wa * wb
                else:
                    ratio = max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b))
                    score = 0.9 * ratio / 100 * min(wa, wb)
                if score > best[0]:
                    best = (score, name)
    return best


class Reconciler:
    """Reconciliation over one index and the store it was synced from (``db``: a reader)."""

    def __init__(self, index: SearchIndex, db):
        self.index = index
        self.db = db

    def candidates(self, query: str, *, types=(), properties=(), limit: int = 3
                   ) -> list[Candidate]:
        """The best ``limit`` candidates for ``query``: of one of ``types`` (IRIs; inferred
        types count), scored on their names and on ``properties`` ((property IRI, values))."""
        pool = [h.iri for h in self.index.search(query, types=types, limit=POOL).hits]
        pool += self.index.sharing_words(query, limit=POOL)
        found = []
        wanted = set(types)
        for iri in dict.fromkeys(pool):
            node = self.index.node(iri)
            if wanted and not wanted & set(node.types):
                continue
            if not wanted and is_record(node.types):
                continue  # a name stands for a thing, not for a membership or a claim
            hit = index_hit(node)
            score, _ = name_score(query, [n.text for n in node.names])
            candidate = Candidate(hit.iri, node.label, 100 * score,
                                  sorted({*hit.types, *(wanted & set(node.types))}),
                                  {"name": round(100 * score, 2)})
            for prop, values in properties:
                agreement = self.property_score(hit.iri, prop, values)
                candidate.features[prop] = agreement if agreement is not None else -1
                if agreement is None:
                    continue
                if agreement >= 0.9:
                    candidate.score += AGREE
                else:
                    candidate.score -= DISAGREE
                    candidate.against = True
            candidate.score = round(max(0.0, min(100.0, candidate.score)), 2)
            if candidate.score >= MIN_SCORE:
                found.append(candidate)
        found.sort(key=lambda c: (-c.score, c.against, len(c.name), c.iri))
        strong = [c for c in found if c.score >= MATCH and not c.against]
        if len(strong) == 1 and strong[0] is found[0]:
            found[0].match = True
        return found[:limit]

    # --- property values ------------------------------------------------------------------

    def values(self, iri: str, prop: str) -> list:
        """The values of ``prop`` on ``iri``, each once, over every graph."""
        seen = []
        for quad in self.db.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(prop), None, None):
            if quad.object not in seen:
                seen.append(quad.object)
        return seen

    def property_score(self, iri: str, prop: str, wanted) -> float | None:
        """0-1: how well the candidate's values of ``prop`` agree with ``wanted`` (the
        query's values: strings, numbers, ``{"id": ...}``); None when it has none."""
        have = self.values(iri, prop)
        if not have:
            return None
        scores = []
        for value in wanted:
            scores.append(max(self._agreement(value, term) for term in have))
        return sum(scores) / len(scores) if scores else None

    def _agreement(self, value, term) -> float:
        if isinstance(value, dict):
            value = value.get("id", value.get("name", ""))
            if isinstance(term, ox.NamedNode) and absolute(str(value)) == term.value:
                return 1.0
        if isinstance(term, ox.NamedNode):
            node = self.index.node(term.value)
            if absolute(str(value)) == term.value:
                return 1.0
            names = [n.text for n in node.names] if node else [term.value]
            return name_score(str(value), names)[0]
        if isinstance(value, bool | int | float) and not isinstance(value, bool):
            number = _number(term)
            return 1.0 if number is not None and math.isclose(number, value) else 0.0
        return name_score(str(value), [term.value])[0]

    # --- data extension -------------------------------------------------------------------

    def extend_value(self, term) -> dict:
        """One value as the data extension API writes it."""
        if isinstance(term, ox.NamedNode):
            if term.value.startswith(ns.ID):
                labels = self.index.labels([term.value])
                return {"id": relative(term.value),
                        "name": labels.get(term.value, relative(term.value))}
            return {"str": term.value}
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            if datatype in DATES:
                return {"date": _iso_date(term.value, datatype)}
            if datatype in INTEGERS:
                return {"int": int(term.value)}
            if datatype in DECIMALS:
                number = _number(term)
                return {"float": number} if number is not None else {"str": term.value}
            if datatype == XSD + "boolean":
                return {"bool": term.value in ("true", "1")}
            return {"str": term.value}
        return {"str": str(term)}


def _number(term) -> float | None:
    try:
        return float(term.value)
    except (AttributeError, ValueError):
        return None


def _iso_date(value: str, datatype: str) -> str:
    """An ISO 8601 date-time for the API, at the precision given (a year is its first day)."""
    if datatype == XSD + "gYear":
        return f"{value}-01-01T00:00:00Z"
    if datatype == XSD + "gYearMonth":
        return f"{value}-01T00:00:00Z"
    if datatype == XSD + "date":
        return f"{value}T00:00:00Z"
    return value
