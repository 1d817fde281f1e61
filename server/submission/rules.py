"""What a submission may not do. A submission only adds instance data:

- ``named-graph``: it is plain triples; a statement naming a graph (TriG, N-Quads) would write
  into a graph of the submitter's choosing (the ontology, the curated data, another
  submission). The server puts an accepted submission into a graph of its own.
- ``ontology-term``, ``vocabulary-term``: no statement about a term of the techties ontology
  (anything in ``tt:``, the ontology itself) or of another vocabulary (RDF, OWL, SKOS, PROV,
  ORG, FOAF, schema.org...). A change to the ontology is an issue, not a submission.
- ``not-an-instance``, ``foreign-subject``: subjects are techties instances,
  ``<namespace>id/<kind>/<slug>``, or blank nodes (which become skolem IRIs). Not the graphs,
  not the curated evidence nodes (``.well-known/genid/``), not another data set's IRIs (link
  to those with owl:sameAs).
- ``defines-terms``: no class or property declarations, no ``rdfs:subClassOf``,
  ``owl:equivalentClass``... on an instance.
- ``unknown-term``: every ``tt:`` property and class used is one the ontology defines.
- ``same-as-local``: no owl:sameAs between two techties entities (it would merge them).
- ``untyped``: every new node has an rdf:type that is a class of the ontology (or, for a
  claim, owl:Axiom), so the shapes know what it must satisfy.
- ``type-change``: an existing entity (curated, or added by an accepted submission) keeps its
  types: a submission cannot say that a tt:State is a tt:Company.
- ``unknown-entity``: a techties IRI the submission refers to must exist, in the store or in
  the submission.
- ``ill-typed``: a literal's lexical form fits its datatype (``"abc"^^xsd:date`` and
  ``"x"^^xsd:integer`` do not), on any property: the shapes see only the properties they
  constrain. No literal holds a character XML cannot carry (U+0000 and the other control
  characters but tab, line feed and carriage return): RDF/XML and XML results could not
  give it back.
- ``domain``, ``range``: the ontology's rdfs:domain and rdfs:range hold for what the store and
  the submission say the nodes are: a tt:Technology is no party to an agreement. (RDFS
  inference would instead conclude that it is an actor; the shapes run without it.)

That every new statement, about a new node or an existing one, has its claim with evidence is
the shapes' to say (``tts:StatementEvidenceShape``), as for the curated data: a claim is an
owl:Axiom naming the triple (owl:annotatedSource, owl:annotatedProperty, owl:annotatedTarget),
the only OWL terms a submission may use, with its ``tt:evidence``.
"""

import difflib
import re
from collections import defaultdict
from dataclasses import replace

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

from .. import namespaces as ns
from ..graph.report import Problem, rule_namespace
from . import parse
from .context import Known, Ontology
from .names import Names

ALLOWED_META = {RDF.type, RDF.first, RDF.rest, RDFS.label, RDFS.comment, RDFS.seeAlso,
                OWL.sameAs, OWL.annotatedSource, OWL.annotatedProperty, OWL.annotatedTarget}
"""The RDF, RDFS and OWL properties a submission may use: besides labels, comments and links,
those of a claim (the statement node that names a triple)."""
META = (str(RDF), str(RDFS), str(OWL), str(SH))
HARMLESS_TYPES = {OWL.NamedIndividual, OWL.Thing}
CLAIM = OWL.Axiom
"""A claim's type: the one OWL class a submission may give a node."""

_ZONE = r"(Z|[+-](0\d|1[0-3]):[0-5]\d|[+-]14:00)?"
LEXICAL = {XSD.gYear: re.compile(r"-?([1-9]\d{4,}|\d{4})" + _ZONE),
           XSD.gYearMonth: re.compile(r"-?([1-9]\d{4,}|\d{4})-(0[1-9]|1[0-2])" + _ZONE)}
"""The lexical forms of the datatypes rdflib does not check (it has no converter for them)."""
EXAMPLES = {XSD.date: "2022-02-04", XSD.gYear: "2019", XSD.gYearMonth: "2024-08",
            XSD.integer: "42", XSD.decimal: "4.2", XSD.boolean: "true",
            XSD.dateTime: "2022-02-04T10:00:00Z"}


def ill_typed(literal: Literal) -> bool:
    """The lexical form of ``literal`` does not fit its datatype."""
    if literal.datatype in LEXICAL:
        return not LEXICAL[literal.datatype].fullmatch(str(literal))
    return bool(literal.ill_typed)


def _problem(names: Names, rule: str, focus, message: str, fix: str, *, path=None,
             value=None) -> Problem:
    return Problem(
        severity="Violation", focus=names.name(focus), path=names.name(path),
        value=names.name(value), message=message, fix=fix, rule=str(rule_namespace()[rule]),
        focus_iri=str(focus), path_iri=str(path) if path is not None else None,
        value_term=value.n3() if value is not None else None)


def named_graphs(quads: list[ox.Quad], names: Names) -> list[Problem]:
    counts = defaultdict(int)
    for quad in quads:
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            counts[quad.graph_name] += 1
    return [_problem(
        names, "named-graph", URIRef(g.value) if isinstance(g, ox.NamedNode) else URIRef(
            f"{ns.GENID}graph-{g.value}"),
        f"{n} statement(s) name this graph: a submission is plain triples and cannot write "
        "into a graph of its choosing (the ontology, the curated data, another submission).",
        "send the statements without a graph (Turtle, N-Triples, JSON-LD without named "
        "graphs); an accepted submission gets a graph of its own.")
        for g, n in sorted(counts.items(), key=lambda kv: str(kv[0]))]


def _suggest(term: URIRef, candidates) -> str:
    names = [str(c) for c in candidates if str(c).startswith(str(ns.TT))]
    close = difflib.get_close_matches(str(term), names, n=1, cutoff=0.75)
    return f"did you mean {close[0].replace(str(ns.TT), 'tt:')}? " if close else ""


def _subject_problems(s, names: Names, onto: Ontology, sid_prefix: str) -> list[Problem]:
    iri = str(s)
    if iri == ns.ONTOLOGY_IRI or iri.startswith(str(ns.TT)):
        return [_problem(names, "ontology-term", s,
                         "a submission cannot make statements about the techties ontology or "
                         "its terms.",
                         "remove these statements; propose a change to the ontology in an "
                         "issue instead.")]
    if onto.is_vocabulary_term(iri) and not iri.startswith(ns.BASE):
        return [_problem(names, "vocabulary-term", s,
                         "a submission cannot make statements about the terms of a vocabulary "
                         "(RDF, OWL, SKOS, PROV, ORG, FOAF, Dublin Core, schema.org...).",
                         "remove these statements: submissions add instance data only.")]
    if iri.startswith(ns.GENID) and not iri.startswith(sid_prefix):
        return [_problem(names, "not-an-instance", s,
                         "this is a node of data already in techties (an evidence node of the "
                         "curated data or of another submission): it cannot be changed.",
                         "describe your own node (a blank node) and link it from the entity "
                         "it is about.")]
    if iri.startswith(ns.BASE) and not iri.startswith((ns.ID, sid_prefix)):
        return [_problem(names, "not-an-instance", s,
                         f"only instances ({ns.ID}<kind>/<slug>) can be described by a "
                         "submission, not the graphs or other parts of the techties namespace.",
                         f"use an IRI under {ns.ID}, e.g. {ns.ID}organization/<name>.")]
    if not iri.startswith(ns.BASE):
        return [_problem(names, "foreign-subject", s,
                         "techties keeps statements about its own entities only, not about "
                         "another data set's.",
                         f"mint an IRI under {ns.ID}<kind>/<slug> for the thing, and link it to "
                         f"<{iri}> with owl:sameAs.")]
    return []


def graph_problems(graph: Graph, known: Known, onto: Ontology, names: Names,
                   sid_prefix: str) -> list[Problem]:
    """Every rule but ``named-graph`` (which needs the quads), over the skolemized graph."""
    problems: list[Problem] = []
    allowed = set()
    for s in sorted(set(graph.subjects())):
        found = _subject_problems(s, names, onto, sid_prefix)
        problems += found
        if not found:
            allowed.add(s)
    for s, p, o in sorted(graph):
        if isinstance(o, Literal) and (character := parse.not_xml(str(o))):
            shown = parse.escaped(names.name(o))
            problems.append(replace(_problem(
                names, "ill-typed", s, f"the literal {shown} holds {character}, a character "
                "no string may hold: XML cannot carry it (RDF/XML, SPARQL results in XML), and "
                "xsd:string excludes it.", "remove it (tab, line feed and carriage return are "
                "the control characters a string may hold).", path=p), value=shown))
        elif isinstance(o, Literal) and ill_typed(o):
            example = EXAMPLES.get(o.datatype)
            problems.append(_problem(
                names, "ill-typed", s, f'the literal {names.name(o)} is ill-typed: "{o}" is '
                f"not a valid value of {names.name(o.datatype)}.", "write a value of "
                f"{names.name(o.datatype)}" + (f" (for instance {example})" if example else "")
                + ", or give it the datatype its value has.", path=p, value=o))
        if s not in allowed:
            continue
        if str(p).startswith(META) and p not in ALLOWED_META:
            problems.append(_problem(
                names, "defines-terms", s, f"{names.name(p)} defines terms; a submission "
                "adds instance data only.", "remove this statement.", path=p, value=o))
        elif p == RDF.type and str(o).startswith(META) and o not in HARMLESS_TYPES | {CLAIM}:
            problems.append(_problem(
                names, "defines-terms", s, f"declaring a node a {names.name(o)} defines a "
                "term; a submission adds instance data only.",
                "type it with a class of the techties ontology (tt:Agreement, tt:Company...).",
                path=p, value=o))
        elif str(p).startswith(str(ns.TT)) and p not in onto.terms:
            problems.append(_problem(
                names, "unknown-term", s, f"{names.name(p)} is not a property of the techties "
                "ontology.", _suggest(p, onto.terms) + "use a property the ontology defines "
                "(see /ontology).", path=p, value=o))
        elif p == RDF.type and str(o).startswith(str(ns.TT)) and o not in onto.classes:
            problems.append(_problem(
                names, "unknown-term", s, f"{names.name(o)} is not a class of the techties "
                "ontology.", _suggest(o, onto.classes) + "use a class the ontology defines "
                "(see /ontology).", path=p, value=o))
        elif p == OWL.sameAs and str(o).startswith(ns.BASE):
            problems.append(_problem(
                names, "same-as-local", s, "owl:sameAs between two techties entities would "
                "merge them.", "if they are the same thing, say so in an issue and a curator "
                "will merge them; link only to other data sets' IRIs with owl:sameAs.",
                path=p, value=o))
    problems += _existing(graph, known, onto, names, allowed)
    problems += _references(graph, known, names, allowed)
    problems += _domains_and_ranges(graph, known, onto, names, allowed)
    return problems


def _types(node, graph: Graph, known: Known, onto: Ontology) -> set:
    return set(graph.objects(node, RDF.type)) | known.types(node) | onto.individuals.get(
        node, set())


def _domains_and_ranges(graph, known: Known, onto: Ontology, names: Names,
                        allowed) -> list[Problem]:
    """The ontology's rdfs:domain and rdfs:range, checked against what the store and the
    submission say the nodes are (not inferred from them, as RDFS would)."""
    problems = []
    for s, p, o in sorted(graph):
        if s not in allowed:
            continue
        for cls in sorted(onto.domains.get(p, ())):
            types = _types(s, graph, known, onto)
            if types and not onto.is_a(types, cls):
                problems.append(_problem(
                    names, "domain", s, f"{names.name(p)} is said of a {names.name(cls)}; "
                    f"this node is a {_listed(types, names)}.", f"use {names.name(p)} on a "
                    f"{names.name(cls)} only, or give this node the right type.",
                    path=p, value=o))
        for cls in sorted(onto.ranges.get(p, ())):
            if isinstance(o, Literal):
                problems.append(_problem(
                    names, "range", s, f"the value of {names.name(p)} is a "
                    f"{names.name(cls)}, not a literal.", f"use the IRI of a {names.name(cls)}.",
                    path=p, value=o))
                continue
            types = _types(o, graph, known, onto)
            if types and not onto.is_a(types, cls):
                problems.append(_problem(
                    names, "range", s, f"{names.name(o)} is a {_listed(types, names)}, "
                    f"not a {names.name(cls)}.", f"the value of {names.name(p)} must be a "
                    f"{names.name(cls)}: use one here.", path=p, value=o))
    return problems


def _listed(types, names: Names) -> str:
    return ", ".join(sorted(names.name(t) for t in types))


def _existing(graph, known: Known, onto: Ontology, names: Names, allowed) -> list[Problem]:
    problems = []
    for s in sorted(allowed):
        types = set(graph.objects(s, RDF.type))
        if not known.exists(s):
            if not types & (onto.classes | {CLAIM}):
                problems.append(_problem(
                    names, "untyped", s, "this node has no rdf:type from the techties "
                    "ontology, so nothing says what it must satisfy." if not types else
                    "none of this node's types is a class of the techties ontology.",
                    "add rdf:type with a class of the ontology (tt:Agreement, tt:Company, "
                    "tt:State, tt:Evidence...), or owl:Axiom for a claim.", path=RDF.type))
            continue
        for t in sorted(types):
            if not known.has((s, RDF.type, t)) and t not in HARMLESS_TYPES:
                current = ", ".join(sorted(names.name(c) for c in known.types(s)
                                           if str(c).startswith(str(ns.TT)))) or "typed otherwise"
                problems.append(_problem(
                    names, "type-change", s, f"this entity already exists in techties "
                    f"({current}); a submission cannot change its types.",
                    "remove this rdf:type, or mint a new IRI if you mean another thing.",
                    path=RDF.type, value=t))
    return problems


CLAIMED = {RDF.type, OWL.annotatedSource, OWL.annotatedTarget}
"""Not references to check: a type (the ``unknown-term`` rule's), and the nodes a claim names,
which its triple names too (and the shapes report a claim whose triple is not asserted)."""


def _references(graph, known: Known, names: Names, allowed) -> list[Problem]:
    problems = []
    subjects = set(graph.subjects())
    for s, p, o in sorted(graph):
        if (s in allowed and p not in CLAIMED and isinstance(o, URIRef)
                and str(o).startswith((ns.ID, ns.GENID)) and o not in subjects
                and not known.exists(o)):
            problems.append(_problem(
                names, "unknown-entity", s, f"{names.name(o)} is not known to techties.",
                "use the IRI of an existing entity (search the entity pages or SPARQL), or "
                "describe it in the submission, with its rdf:type and rdfs:label.",
                path=p, value=o))
    return problems
