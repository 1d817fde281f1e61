"""Matching names and types: what link discovery and the reconciliation service share.

Names are compared after normalization (Unicode compatibility forms, case folding, accents
and punctuation dropped, "&" read as "and", a leading "the" dropped) with rapidfuzz's
``ratio``; an exact match after normalization scores 1, any other at most 0.9, so that
"Russia" and "Prussia" (0.92 as strings) never pass for the same name.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from .. import namespaces as ns

WD = "http://www.wikidata.org/entity/"
DBO = "http://dbpedia.org/ontology/"
SCHEMA = "https://schema.org/"

# Our classes and the external types that are the same kind of thing: Wikidata items (by
# instance of, P31) and DBpedia ontology classes. An entity whose external types include none
# of these is of another kind (a city, a brand, a person...).
_ORGANIZATION = {WD + "Q43229", DBO + "Organisation", SCHEMA + "Organization"}
TYPE_MAP = {  # by the local name of our class in tt:
    "State": {WD + "Q6256", WD + "Q3624078", DBO + "Country", SCHEMA + "Country"},
    "IntergovernmentalOrganization": {WD + "Q245065", *_ORGANIZATION},
    "Company": {WD + "Q4830453", WD + "Q783794", WD + "Q891723", WD + "Q6881511",
                      DBO + "Company", SCHEMA + "Corporation", *_ORGANIZATION},
    "GovernmentBody": {WD + "Q327333", DBO + "GovernmentAgency", *_ORGANIZATION},
    "ResearchInstitution": {WD + "Q31855", WD + "Q3918", DBO + "University",
                                  *_ORGANIZATION},
    "Technology": {WD + "Q11016"},
    "Treaty": {WD + "Q131569", DBO + "Treaty"},
    "Software": {WD + "Q7397", DBO + "Software"},
}
WEIGHTS = {"name": 0.6, "type": 0.25, "context": 0.15}
UNKNOWN = 0.5
"""The score of a type or context that one side does not state: neither for nor against."""


_OTHER_CLASSES = {"Organization": "http://www.w3.org/ns/org#Organization",
                  "Person": "http://xmlns.com/foaf/0.1/Person"}


def class_iri(name: str) -> str:
    """A class named as ``State``, ``tt:State``, ``org:Organization`` or a full IRI, as an IRI."""
    if name.startswith(("http://", "https://")):
        return name
    local = name.split(":", 1)[-1]
    return _OTHER_CLASSES.get(local) or str(ns.TT) + local


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w]+", " ", text, flags=re.UNICODE).strip()
    return re.sub(r"^the ", "", text)


def name_score(ours, theirs) -> tuple[float, str, str]:
    """The best score between any of our names and any of theirs, with the two names."""
    best = (0.0, "", "")
    normal = {t: normalize(t) for t in sorted(theirs)}
    for a in sorted(ours):
        na = normalize(a)
        for b, nb in normal.items():
            if not na or not nb:
                continue
            score = 1.0 if na == nb else 0.9 * fuzz.ratio(na, nb) / 100
            if score > best[0]:
                best = (score, a, b)
    return best


def type_score(our_types, their_types) -> float:
    accepted = set().union(*(TYPE_MAP.get(t.removeprefix(str(ns.TT)), set()) for t in our_types
                              if t.startswith(str(ns.TT))))
    if not accepted or not their_types:
        return UNKNOWN
    return 1.0 if accepted & set(their_types) else 0.0


def context_score(ours, theirs) -> float:
    if not ours or not theirs:
        return UNKNOWN
    return 1.0 if set(ours) & set(theirs) else 0.0


@dataclass
class Profile:
    """What matching compares of an entity, ours or another data set's."""

    iri: str
    names: set[str] = field(default_factory=set)
    types: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    """The external IRIs of the country it belongs to (ours: through tt:basedIn and links)."""
    literals: set = field(default_factory=set)
    """The names as RDF literals, with their languages."""


@dataclass(frozen=True)
class Score:
    total: float
    name: float
    type: float
    context: float
    our_name: str
    their_name: str

    def evidence(self) -> str:
        return (f"name {self.our_name!r} ~ {self.their_name!r} {self.name:.2f}; "
                f"type {self.type:.2f}; context {self.context:.2f}")


def score(ours: Profile, theirs: Profile) -> Score:
    name, a, b = name_score(ours.names, theirs.names)
    kind = type_score(ours.types, theirs.types)
    context = context_score(ours.countries, theirs.countries)
    total = WEIGHTS["name"] * name + WEIGHTS["type"] * kind + WEIGHTS["context"] * context
    return Score(round(total, 4), name, kind, context, a, b)
