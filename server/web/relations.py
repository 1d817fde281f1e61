"""Relations read backwards, named as relations: on Russia's page, "Russian Armed Forces
tt:basedIn Russia" is shown as Russia being the **headquarters of** the Russian Armed Forces,
not "based in of".

:data:`INVERSE` names each property read from its object's side. A property not in it is
shown as "<its label> of" when its label is a role noun ("partner", "target": "target of"),
which :func:`inverse` checks: a label that ends with a preposition or is a verb phrase must
have its own name here (a test reads every object property of the ontology).

>>> inverse("https://w3id.org/techties/ontology#basedIn", "based in")
'headquarters of'
>>> inverse("https://w3id.org/techties/ontology#target", "target")
'target of'
"""

from .. import namespaces as ns

DC = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
OA = "http://www.w3.org/ns/oa#"
TIME = "http://www.w3.org/2006/time#"

_TT = {
    "basedIn": "headquarters of",
    "basedOn": "basis of",
    "acquiredFrom": "seller in",
    "acquirer": "acquirer in",
    "adopter": "adopter in",
    "attributedTo": "speaker of",
    "cites": "cited by",
    "concerns": "concerned by",
    "dependent": "dependent in",
    "developer": "developer in",
    "discusses": "discussed by",
    "facilitated": "facilitated by",
    "framework": "framework of",
    "hindered": "hindered by",
    "imposedBy": "imposer of",
    "issuedBy": "issuer of",
    "ledBy": "leader of",
    "motivatedBy": "motive for",
    "officialOf": "has as official",
    "omits": "omitted by",
    "part": "part holding",
    "participant": "participant in",
    "partner": "partner in",
    "party": "party to",
    "provider": "provider in",
    "resultedIn": "result of",
    "reportedBy": "reporter of",
    "reviewOf": "reviewed by",
    "subOrganizationOf": "parent organization of",
    "citedWork": "cited in",
    "citation": "citation in",
    "citationIssue": "issue of",
    "disagreementKind": "kind of",
    "about": "topic of",
    "memberState": "member state in",
}
_OTHER = {
    DC + "isPartOf": "has part",
    DC + "references": "referenced by",
    DC + "source": "source of",
    DC + "creator": "creator of",
    DC + "publisher": "publisher of",
    DC + "license": "licence of",
    SKOS + "broader": "has narrower",
    SKOS + "narrower": "has broader",
    SKOS + "inScheme": "scheme of",
    SKOS + "hasTopConcept": "top concept in",
    SKOS + "topConceptOf": "has top concept",
    ORG + "member": "member in",
    ORG + "organization": "organization in",
    OA + "hasSource": "source of",
    OA + "hasSelector": "selector of",
    TIME + "after": "before",
    TIME + "before": "after",
}
PREPOSITIONS = ("of", "in", "on", "by", "to", "from", "with", "for", "at", "into", "about",
                "after", "before")


def table() -> dict[str, str]:
    """Property IRI: its name read backwards (tt: in the configured namespace)."""
    return {**{str(ns.TT) + name: words for name, words in _TT.items()}, **_OTHER}


def inverse(iri: str, label: str) -> str:
    """How ``S <iri> O`` reads on O's page, before S: the table's name, else "<label> of"."""
    named = table().get(iri)
    if named:
        return named
    return f"{label} of"


def needs_a_name(label: str) -> bool:
    """True if "<label> of" would not read: the label ends with a preposition, or is a verb
    phrase ("based in", "cites", "resulted in", "has broader", "is part of")."""
    words = label.split()
    return (not words or words[-1] in PREPOSITIONS or words[0] in ("has", "is")
            or (len(words) == 1 and label.endswith(("s", "ed")) and label not in ("unit",)))
