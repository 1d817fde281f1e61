"""How long validating a 50-triple submission takes: against the curated store, and against a
store of about a million triples (synthetic instance data in the techties shape: states,
organizations and agreements, every agreement with evidence), bulk-loaded.

    .venv/bin/python bench/validate_submission.py [--triples 1000000] [--runs 7]

Prints the median (and min, max) of several runs of the whole submission check: parse,
skolemize, the rules, the store look-ups and SHACL. Not run by CI.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server import load, store  # noqa: E402
from server.namespaces import ID, TT, instances_graph  # noqa: E402
from server.submission import workflow  # noqa: E402

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCTERMS_SOURCE = "http://purl.org/dc/terms/source"
XSD = "http://www.w3.org/2001/XMLSchema#"
SOURCE = ID + "source/kapoor-2021"

SUBMISSION = ("""
@prefix tt: <https://w3id.org/techties/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix st: <https://w3id.org/techties/id/state/> .
@prefix og: <https://w3id.org/techties/id/organization/> .
@prefix in: <https://w3id.org/techties/id/instrument/> .
@prefix tech: <https://w3id.org/techties/id/technology/> .
@prefix src: <https://w3id.org/techties/id/source/> .
""" + "".join(f"""
in:bench-memorandum-{i} a tt:Memorandum ;
    rdfs:label "Benchmark memorandum {i}"@en ;
    tt:party st:russia , st:china , og:bench-company-{i} ;
    tt:date "202{i}"^^xsd:gYear ;
    tt:domain tech:artificial-intelligence ;
    tt:evidence [ a tt:Evidence ; tt:quote "a memorandum of cooperation, number {i}" ;
                  dcterms:source src:kapoor-2021 ] .
og:bench-company-{i} a tt:Company ; rdfs:label "Benchmark company {i}"@en .
""" for i in range(4))).encode("utf-8")


def synthetic(n_triples: int):
    """Quads of synthetic instance data, about ``n_triples`` of them."""
    graph = ox.NamedNode(instances_graph("synthetic"))

    def iri(value):
        return ox.NamedNode(value)

    def q(s, p, o):
        return ox.Quad(s, iri(p), o, graph)

    states = [iri(f"{ID}state/synthetic-{i}") for i in range(200)]
    for i, state in enumerate(states):
        yield q(state, RDF_TYPE, iri(TT + "State"))
        yield q(state, RDFS_LABEL, ox.Literal(f"Synthetic state {i}", language="en"))
    count, i = 400, 0
    while count < n_triples:
        org = iri(f"{ID}organization/synthetic-{i}")
        agreement = iri(f"{ID}instrument/synthetic-agreement-{i}")
        evidence = iri(f"{ID}instrument/synthetic-agreement-{i}#evidence")
        yield q(org, RDF_TYPE, iri(TT + "Company"))
        yield q(org, RDFS_LABEL, ox.Literal(f"Synthetic company {i}", language="en"))
        yield q(org, TT + "basedIn", states[i % len(states)])
        yield q(agreement, RDF_TYPE, iri(TT + "IntergovernmentalAgreement"))
        yield q(agreement, RDFS_LABEL, ox.Literal(f"Synthetic agreement {i}", language="en"))
        yield q(agreement, TT + "party", states[i % len(states)])
        yield q(agreement, TT + "party", states[(i * 7 + 1) % len(states)])
        yield q(agreement, TT + "party", org)
        yield q(agreement, TT + "date", ox.Literal(str(1990 + i % 35),
                                                    datatype=iri(XSD + "gYear")))
        yield q(agreement, TT + "evidence", evidence)
        yield q(evidence, RDF_TYPE, iri(TT + "Evidence"))
        yield q(evidence, TT + "quote", ox.Literal(f"synthetic quote {i}"))
        yield q(evidence, DCTERMS_SOURCE, iri(SOURCE))
        count += 13
        i += 1


def measure(db: ox.Store, runs: int, label: str) -> float:
    target = workflow.Against(db, label)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        graph, report = workflow.validate_bytes(SUBMISSION, "ttl", target)
        times.append(time.perf_counter() - start)
    triples = sum(1 for _ in db.quads_for_pattern(None, None, None))
    print(f"{label}: {triples} triples in the store; submission {len(graph)} triples, "
          f"conforms={report.conforms}; median {statistics.median(times) * 1000:.1f} ms "
          f"(min {min(times) * 1000:.1f}, max {max(times) * 1000:.1f}, {runs} runs)")
    if not report.conforms:
        print(report.text())
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store"
        load.load(path)
        db = store.open_store(path)
        measure(db, 1, "warm-up (caches: shapes, ontology)")
        measure(db, args.runs, "curated store")
        start = time.perf_counter()
        db.bulk_extend(synthetic(args.triples))
        db.flush()
        print(f"bulk-loaded ~{args.triples} synthetic triples in "
              f"{time.perf_counter() - start:.1f} s")
        measure(db, args.runs, "curated + synthetic store")


if __name__ == "__main__":
    main()
