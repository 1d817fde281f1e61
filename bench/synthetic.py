"""A seeded synthetic data set in techties' own ontology, shaped like the curated data in
instances/, at any size (100k, 1M, 10M triples...). Not a benchmark itself: the benchmarks
load it (``peers.py``, ``validate_submission.py``), and it can be written to a file:

    .venv/bin/python bench/synthetic.py --triples 1000000 [--seed 12] [--graph IRI] OUT

OUT ends in .nt (triples) or .nq (quads in ``--graph``, default the synthetic instances
graph); ``-`` writes N-Triples to stdout. The same size and seed give the same bytes.

What it holds, in the proportions of the curated files (kapoor-2021, lin-2024,
shakhanova-2026), every node under ``https://w3id.org/techties/id/<kind>/syn-...``:

- states (``tt:State``, labels in English and Russian, an alternative name) and groups of
  states (``tt:memberState``);
- technologies in the curated scheme (``tt:Technology`` as SKOS concepts: ``skos:inScheme``,
  top concepts,
  ``skos:broader`` and ``skos:narrower`` three levels deep, alternative labels);
- source documents (``tt:SourceDocument``: title, creator, date of issue, citation);
- organizations of every kind (company, research institution, government body, fund,
  intergovernmental organization), based in a state, some members of an
  intergovernmental organization;
- agreements of every kind (treaty, joint statement, plan, memorandum, intergovernmental
  agreement), with 2-4 parties, a date as precise as a source gives it (year, month or day),
  domains among the technologies, sometimes based on an earlier agreement;
- dependencies (dependent, provider, technology, measure, value, unit, period, qualifier,
  reported by);
- events (summits, sanctions, cyberattacks) with dates and participants;
- evidence on the statements, as the ontology's provenance model has it: each
  claim-bearing node has one or more ``tt:evidence`` nodes (``tt:Evidence``: a quote, a
  source document, sometimes a locator and a cited work), skolemized as ``techties load``
  skolemizes the curated blank nodes;
- disagreements (``tt:Disagreement``: about a node, on a property, a claim per side with its
  stated value, quote and source) for about one agreement in fifty.

Counts follow the size: about 1 state per 5,000 triples (at least 60), one source per
2,000, one technology per 1,500 (at least 40).
"""

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

BASE = "https://w3id.org/techties/"
ID = BASE + "id/"
TT = BASE + "ontology#"
GENID = BASE + ".well-known/genid/synthetic-"
GRAPH = BASE + "graph/external/synthetic"
"""Where techties imports it (``techties import --graph``), and the graph of the N-Quads."""

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"

A = f"<{RDF}type>"
LABEL = f"<{RDFS}label>"

ORGANIZATION_KINDS = ["Company", "Company", "Company", "ResearchInstitution", "GovernmentBody",
                      "Fund"]
AGREEMENT_KINDS = ["Agreement", "IntergovernmentalAgreement", "Treaty", "JointStatement",
                   "JointPlan", "Memorandum", "Memorandum"]
EVENT_KINDS = ["Summit", "Sanction", "Cyberattack"]
QUALIFIERS = ["about", "more than", "up to", "nearly"]
UNITS = ["percent", "usd", "count"]
WORDS = ("lunar satellite navigation semiconductor quantum nuclear digital artificial "
         "intelligence cyber space energy arctic telecom network cloud robotics aviation "
         "biotech drone laser radar optical battery fusion").split()


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{datatype}>'
    return f'"{escaped}"'


def iri(kind: str, slug: str) -> str:
    return f"<{ID}{kind}/syn-{slug}>"


def tt(term: str) -> str:
    return f"<{TT}{term}>"


class Generator:
    def __init__(self, triples: int, seed: int):
        self.target = triples
        self.rnd = random.Random(seed)
        self.count = 0
        self.evidence = 0
        self.n_states = max(60, triples // 5000)
        self.n_sources = max(20, triples // 2000)
        self.n_technologies = max(40, triples // 1500)

    def t(self, s: str, p: str, o: str) -> str:
        self.count += 1
        return f"{s} {p} {o} .\n"

    def name(self, words: int = 2) -> str:
        return " ".join(self.rnd.choice(WORDS) for _ in range(words))

    def date(self) -> str:
        year = self.rnd.randint(1996, 2026)
        precision = self.rnd.random()
        if precision < 0.6:
            return lit(str(year), datatype=XSD + "gYear")
        month = self.rnd.randint(1, 12)
        if precision < 0.8:
            return lit(f"{year}-{month:02d}", datatype=XSD + "gYearMonth")
        return lit(f"{year}-{month:02d}-{self.rnd.randint(1, 28):02d}", datatype=XSD + "date")

    def evidence_for(self, node: str, words: str) -> Iterator[str]:
        """1-3 evidence nodes on ``node``, each a quote in a source."""
        for _ in range(self.rnd.choice((1, 1, 1, 2, 2, 3))):
            self.evidence += 1
            ev = f"<{GENID}{self.evidence}>"
            yield self.t(node, tt("evidence"), ev)
            yield self.t(ev, A, tt("Evidence"))
            yield self.t(ev, tt("quote"), lit(f"the sides agreed on {words}, "
                                              f"statement {self.evidence}"))
            yield self.t(ev, f"<{DCT}source>", self.source())
            if self.rnd.random() < 0.2:
                yield self.t(ev, tt("locator"), lit(f"[{self.rnd.randint(1, 60)}]"))
                yield self.t(ev, tt("cites"), self.source())

    def state(self) -> str:
        return iri("state", str(self.rnd.randrange(self.n_states)))

    def source(self) -> str:
        return iri("source", str(self.rnd.randrange(self.n_sources)))

    def technology(self) -> str:
        return iri("technology", str(self.rnd.randrange(self.n_technologies)))

    def __iter__(self) -> Iterator[str]:
        yield from self.backbone()
        i = 0
        while self.count < self.target:
            yield from self.cycle(i)
            i += 1

    def backbone(self) -> Iterator[str]:
        """States, groups, the technology scheme and the source documents."""
        for i in range(self.n_states):
            s = iri("state", str(i))
            yield self.t(s, A, tt("State"))
            yield self.t(s, LABEL, lit(f"Synthetic state {i}", "en"))
            yield self.t(s, LABEL, lit(f"Синтетическое государство {i}", "ru"))
            yield self.t(s, f"<{SKOS}altLabel>", lit(f"Republic of Synthetica {i}", "en"))
        for g in range(max(3, self.n_states // 20)):
            group = iri("group", str(g))
            yield self.t(group, A, tt("Group"))
            yield self.t(group, LABEL, lit(f"Synthetic group {g}", "en"))
            for _ in range(4):
                yield self.t(group, tt("memberState"), self.state())
        scheme = f"<{ID}technology/scheme>"  # the curated scheme (instances/common.ttl)
        tops = max(4, self.n_technologies // 20)
        for i in range(self.n_technologies):
            node = iri("technology", str(i))
            label = lit(f"{self.name()} technology {i}", "en")
            yield self.t(node, A, tt("Technology"))
            yield self.t(node, LABEL, label)
            yield self.t(node, f"<{SKOS}prefLabel>", label)
            yield self.t(node, f"<{SKOS}inScheme>", scheme)
            if i < tops:
                yield self.t(node, f"<{SKOS}topConceptOf>", scheme)
            else:  # a tree: level 2 under the tops, level 3 under level 2
                parent = iri("technology", str(self.rnd.randrange(tops if i < tops * 5 else
                                                                  tops * 5)))
                yield self.t(node, f"<{SKOS}broader>", parent)
                yield self.t(parent, f"<{SKOS}narrower>", node)
            if self.rnd.random() < 0.3:
                yield self.t(node, f"<{SKOS}altLabel>", lit(self.name(1), "en"))
        for i in range(self.n_sources):
            src = iri("source", str(i))
            yield self.t(src, A, tt("SourceDocument"))
            title = f"Synthetic report {i} on {self.name(3)}"
            yield self.t(src, LABEL, lit(title, "en"))
            yield self.t(src, f"<{DCT}title>", lit(title, "en"))
            yield self.t(src, f"<{DCT}issued>", self.date())
            yield self.t(src, f"<{DCT}creator>", iri("organization", str(i)))
            yield self.t(src, f"<{DCT}bibliographicCitation>", lit(f"Author {i} ({title})"))

    def cycle(self, i: int) -> Iterator[str]:
        """An organization, an agreement and, by turns, a dependency, an event, a membership
        and a disagreement; about 45 triples."""
        rnd = self.rnd
        org = iri("organization", str(i))
        kind = ORGANIZATION_KINDS[i % len(ORGANIZATION_KINDS)]
        if i % 97 == 0:
            kind = "IntergovernmentalOrganization"
        yield self.t(org, A, tt(kind))
        yield self.t(org, LABEL, lit(f"Synthetic {kind.lower()} {i}", "en"))
        if i % 3 == 0:
            yield self.t(org, f"<{SKOS}altLabel>", lit(f"SYN{i}", "en"))
        yield self.t(org, tt("basedIn"), self.state())
        if i % 11 == 0 and i >= 97:
            igo = iri("organization", str(97 * rnd.randrange(i // 97)))
            membership = iri("membership", str(i))
            yield self.t(membership, A, f"<{ORG}Membership>")
            yield self.t(membership, f"<{ORG}member>", self.state())
            yield self.t(membership, f"<{ORG}organization>", igo)

        agreement = iri("instrument", str(i))
        kind = AGREEMENT_KINDS[i % len(AGREEMENT_KINDS)]
        words = self.name(3)
        yield self.t(agreement, A, tt(kind))
        yield self.t(agreement, LABEL, lit(f"Synthetic {kind.lower()} {i} on {words}", "en"))
        parties = {self.state(), self.state(), org}
        if rnd.random() < 0.3:
            parties.add(iri("organization", str(rnd.randrange(i + 1))))
        for party in parties:
            yield self.t(agreement, tt("party"), party)
        date = self.date()
        yield self.t(agreement, tt("date"), date)
        for _ in range(rnd.choice((1, 1, 2))):
            yield self.t(agreement, tt("domain"), self.technology())
        if i > 0 and rnd.random() < 0.1:
            yield self.t(agreement, tt("basedOn"), iri("instrument", str(rnd.randrange(i))))
        yield from self.evidence_for(agreement, words)

        if i % 3 == 0:
            dep = iri("dependency", str(i))
            yield self.t(dep, A, tt("Dependency"))
            yield self.t(dep, LABEL, lit(f"Synthetic dependency {i} on {words}", "en"))
            yield self.t(dep, tt("dependent"), self.state())
            yield self.t(dep, tt("provider"), self.state() if rnd.random() < 0.7 else org)
            yield self.t(dep, tt("technology"), self.technology())
            yield self.t(dep, tt("measure"), lit(f"share of {words} supplied"))
            yield self.t(dep, tt("value"), lit(f"{rnd.randint(1, 99)}", datatype=XSD + "decimal"))
            yield self.t(dep, tt("unit"), f"<{ID}unit/{rnd.choice(UNITS)}>")
            yield self.t(dep, tt("period"), lit(str(rnd.randint(2000, 2026)),
                                                datatype=XSD + "gYear"))
            if rnd.random() < 0.5:
                yield self.t(dep, tt("qualifier"), lit(rnd.choice(QUALIFIERS)))
            yield from self.evidence_for(dep, words)

        if i % 5 == 0:
            event = iri("event", str(i))
            kind = EVENT_KINDS[(i // 5) % len(EVENT_KINDS)]
            yield self.t(event, A, tt(kind))
            yield self.t(event, LABEL, lit(f"Synthetic {kind.lower()} {i}", "en"))
            yield self.t(event, tt("date"), self.date())
            role = {"Summit": "participant", "Sanction": "imposedBy",
                    "Cyberattack": "target"}[kind]
            yield self.t(event, tt(role), self.state())
            yield self.t(event, tt("domain"), self.technology())
            yield from self.evidence_for(event, words)

        if i % 50 == 0:
            dis = iri("disagreement", str(i))
            yield self.t(dis, A, tt("Disagreement"))
            yield self.t(dis, LABEL, lit(f"date of synthetic agreement {i}: two sources", "en"))
            yield self.t(dis, tt("about"), agreement)
            yield self.t(dis, tt("onProperty"), tt("date"))
            other = lit(str(rnd.randint(1996, 2026)), datatype=XSD + "gYear")
            for value in (date, other):
                self.evidence += 1
                claim = f"<{GENID}{self.evidence}>"
                yield self.t(dis, tt("claim"), claim)
                yield self.t(claim, A, tt("Evidence"))
                yield self.t(claim, tt("statedValue"), value)
                yield self.t(claim, tt("quote"), lit(f"signed in {value.split('^')[0]}"))
                yield self.t(claim, f"<{DCT}source>", self.source())


def lines(triples: int, seed: int = 12, graph: str | None = None) -> Iterator[str]:
    """The data set as N-Triples lines, or N-Quads lines in ``graph``."""
    for line in Generator(triples, seed):
        yield line if graph is None else f"{line[:-3]} <{graph}> .\n"


def write(path: Path | str, triples: int, seed: int = 12, graph: str | None = None) -> int:
    """Write the data set to ``path`` (.nt, or .nq in ``graph`` or :data:`GRAPH`); returns
    how many triples."""
    path = Path(path)
    if path.suffix == ".nq":
        graph = graph or GRAPH
    n = 0
    with open(path, "w", encoding="utf-8", buffering=1 << 20) as out:
        batch = []
        for line in lines(triples, seed, graph):
            batch.append(line)
            if len(batch) == 10000:
                out.write("".join(batch))
                n += len(batch)
                batch = []
        out.write("".join(batch))
        n += len(batch)
    return n


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="a .nt or .nq file, or - for N-Triples on stdout")
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--graph", help=f"the graph of N-Quads (default {GRAPH})")
    args = parser.parse_args(argv)
    if args.out == "-":
        for line in lines(args.triples, args.seed):
            sys.stdout.write(line)
        return 0
    n = write(args.out, args.triples, args.seed, args.graph)
    print(f"{n} triples written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
