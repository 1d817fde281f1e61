"""How long validating a 50-triple submission takes: against the curated store, and against a
store of about a million triples (the curated data plus synthetic instance data in the
techties shape: states, organizations and agreements, every agreement with evidence),
bulk-loaded; and, as the peer, how long pySHACL takes over the whole curated graph.

    .venv/bin/python bench/validate_submission.py [--triples 1000000] [--runs 15]
                                                  [--sizes 4,16,64] [--peer-runs 5]

Prints the median (and min, max) of several runs of the whole submission check (parse,
skolemize, the rules, the store look-ups and SHACL; runs alternate between the two stores),
wall-clock and CPU time (this process), how many triples the check pulls from each store, the
time for larger submissions (52, 208, 832 triples), and the median of whole-graph
``pyshacl.validate`` over instances + ontology with ontology/shapes.ttl, without inference
(as submissions are checked) and with RDFS inference (as ``techties load`` checks the
curated data). Not run by CI.
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from common import machine, ms, summary
from rdflib import Graph

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server import namespaces as ns  # noqa: E402
from server import store  # noqa: E402
from server.graph import curated, load, shacl  # noqa: E402
from server.submission import check, context  # noqa: E402

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DCTERMS_SOURCE = "http://purl.org/dc/terms/source"
XSD = "http://www.w3.org/2001/XMLSchema#"
SOURCE = ns.ID + "source/kapoor-2021"

PREFIXES = """
@prefix tt: <https://w3id.org/techties/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix st: <https://w3id.org/techties/id/state/> .
@prefix og: <https://w3id.org/techties/id/organization/> .
@prefix in: <https://w3id.org/techties/id/instrument/> .
@prefix tech: <https://w3id.org/techties/id/technology/> .
@prefix src: <https://w3id.org/techties/id/source/> .
@prefix qt: <https://w3id.org/techties/id/quote/> .
"""

DOCUMENT = """
src:bench-bulletin a tt:SourceDocument ;
    rdfs:label "Benchmark bulletin"@en ; dcterms:title "Benchmark bulletin"@en ;
    dcterms:creator og:bench-press ; dcterms:issued "2021-06-01"^^xsd:date .
og:bench-press a tt:MediaOrganization ; rdfs:label "Bench Press"@en .
qt:bench-bulletin-p01-a a tt:Evidence ; oa:hasSource src:bench-bulletin ; tt:part tt:FrontMatter ;
    tt:quote "Benchmark bulletin. Published by Bench Press on 1 June 2021" .
"""


def _claims(subject: str, statements: list[tuple[str, str]], evidence: str) -> str:
    """``subject``'s statements, each with its claim (an owl:Axiom) citing ``evidence``."""
    return "".join(f"{subject} {p} {o} .\n[ a owl:Axiom ; owl:annotatedSource {subject} ; "
                   f"owl:annotatedProperty {p} ; owl:annotatedTarget {o} ; "
                   f"tt:evidence {evidence} ] .\n" for p, o in statements)


def submission(memoranda: int) -> bytes:
    """A conforming submission in the claims model (as tests/data/submissions/valid.ttl):
    ``memoranda`` memoranda between Russia, China and a new company each, every statement with
    its claim and the evidence that quotes a new source document, which is described too."""
    front = "qt:bench-bulletin-p01-a"
    parts = [PREFIXES, DOCUMENT,
             _claims("src:bench-bulletin", [
                 ("rdf:type", "tt:SourceDocument"), ("rdfs:label", '"Benchmark bulletin"@en'),
                 ("dcterms:title", '"Benchmark bulletin"@en'),
                 ("dcterms:creator", "og:bench-press"),
                 ("dcterms:issued", '"2021-06-01"^^xsd:date')], front),
             _claims("og:bench-press", [("rdf:type", "tt:MediaOrganization"),
                                        ("rdfs:label", '"Bench Press"@en')], front)]
    for i in range(memoranda):
        quote = f"qt:bench-bulletin-p02-{i}"
        parts.append(f"{quote} a tt:Evidence ; oa:hasSource src:bench-bulletin ; "
                     f'tt:part tt:Body ; tt:quote "Russia, China and Benchmark company {i} '
                     f'signed memorandum {i} on artificial intelligence in {2020 + i % 6}." .\n')
        parts.append(_claims(f"in:bench-memorandum-{i}", [
            ("rdf:type", "tt:Memorandum"), ("rdfs:label", f'"Benchmark memorandum {i}"@en'),
            ("tt:party", "st:russia"), ("tt:party", "st:china"),
            ("tt:party", f"og:bench-company-{i}"),
            ("tt:dateSigned", f'"{2020 + i % 6}"^^xsd:gYear'),
            ("tt:domain", "tech:artificial-intelligence")], quote))
        parts.append(_claims(f"og:bench-company-{i}", [
            ("rdf:type", "tt:Company"), ("rdfs:label", f'"Benchmark company {i}"@en')], quote))
    return "".join(parts).encode("utf-8")


SUBMISSION = submission(1)  # 104 triples: 21 statements, their claims, 2 quotes


def synthetic(n_triples: int):
    """Quads of synthetic instance data, about ``n_triples`` of them."""
    graph = ox.NamedNode(ns.instances_graph("synthetic"))

    def iri(value):
        return ox.NamedNode(value)

    def q(s, p, o):
        return ox.Quad(s, iri(p), o, graph)

    states = [iri(f"{ns.ID}state/synthetic-{i}") for i in range(200)]
    for i, state in enumerate(states):
        yield q(state, RDF_TYPE, iri(ns.TT + "State"))
        yield q(state, RDFS_LABEL, ox.Literal(f"Synthetic state {i}", language="en"))
    count, i = 400, 0
    while count < n_triples:
        org = iri(f"{ns.ID}organization/synthetic-{i}")
        agreement = iri(f"{ns.ID}instrument/synthetic-agreement-{i}")
        evidence = iri(f"{ns.ID}instrument/synthetic-agreement-{i}#evidence")
        yield q(org, RDF_TYPE, iri(ns.TT + "Company"))
        yield q(org, RDFS_LABEL, ox.Literal(f"Synthetic company {i}", language="en"))
        yield q(org, ns.TT + "basedIn", states[i % len(states)])
        yield q(agreement, RDF_TYPE, iri(ns.TT + "IntergovernmentalAgreement"))
        yield q(agreement, RDFS_LABEL, ox.Literal(f"Synthetic agreement {i}", language="en"))
        yield q(agreement, ns.TT + "party", states[i % len(states)])
        yield q(agreement, ns.TT + "party", states[(i * 7 + 1) % len(states)])
        yield q(agreement, ns.TT + "party", org)
        yield q(agreement, ns.TT + "date", ox.Literal(str(1990 + i % 35),
                                                    datatype=iri(XSD + "gYear")))
        yield q(agreement, ns.TT + "evidence", evidence)
        yield q(evidence, RDF_TYPE, iri(ns.TT + "Evidence"))
        yield q(evidence, ns.TT + "quote", ox.Literal(f"synthetic quote {i}"))
        yield q(evidence, DCTERMS_SOURCE, iri(SOURCE))
        count += 13
        i += 1


def clocked(fn, *args, **kwargs):
    """``fn``'s result, wall-clock time and CPU time (this process, all threads)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def time_submission(target: check.Against, body: bytes = SUBMISSION) -> tuple[float, float]:
    (_, report), wall, cpu = clocked(check.check_body, body, "ttl", target)
    if not report.conforms:
        raise SystemExit(f"the benchmark submission does not conform:\n{report.text()}")
    return wall, cpu


def describe(db: ox.Store, label: str) -> str:
    """How big the store is, and how much of it the check looks at."""
    ntriples, _ = check.check_body(SUBMISSION, "ttl", check.Against(db, label))
    graph = Graph().parse(data=ntriples, format="nt")
    known = context.from_store(db, graph)
    return (f"{label}: {len(db)} quads in the store; submission {len(graph)} triples, "
            f"{len(known.triples)} triples pulled from the store for SHACL")


def line(label: str, samples: list[tuple[float, float]]) -> str:
    wall, cpu = summary([w for w, _ in samples]), summary([c for _, c in samples])
    return f"  {label:40s} wall {ms(wall)}  CPU {ms(cpu)}"


def median(samples: list[tuple[float, float]], which: int) -> float:
    return statistics.median(s[which] for s in samples)


def whole_graph(runs: int) -> dict[str, list]:
    """The peer: pySHACL over all the curated data (instances + ontology), no focus."""
    ontology = curated.read_ontology().graph
    data = Graph()
    for graph_file in curated.read_instances():
        data += graph_file.graph
    data += ontology
    print(f"whole graph: {len(data)} triples (instances + ontology)")
    out = {}
    for inference in ("none", "rdfs"):
        out[inference] = []
        for _ in range(runs):
            (conforms, _, _), wall, cpu = clocked(
                pyshacl.validate, data, shacl_graph=shacl.shapes_graph(),
                ont_graph=ontology, inference=inference, advanced=True, allow_warnings=True)
            if not conforms:
                raise SystemExit("the curated data does not conform")
            out[inference].append((wall, cpu))
        print(line(f"whole-graph pySHACL, inference={inference}", out[inference]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--sizes", default="4,16,64",
                    help="memoranda (13 triples each) in the larger submissions timed, 5 runs "
                         "each (4,16,64)")
    ap.add_argument("--peer-runs", type=int, default=5,
                    help="runs of whole-graph pySHACL, the peer (0: skip it)")
    args = ap.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        curated_path, big_path = Path(tmp) / "curated", Path(tmp) / "big"
        load.load(curated_path)
        small = store.open_store(curated_path)
        big = ox.Store(str(big_path))
        big.bulk_extend(small)
        start = time.perf_counter()
        big.bulk_extend(synthetic(args.triples))
        big.flush()
        print(f"bulk-loaded ~{args.triples} synthetic triples in "
              f"{time.perf_counter() - start:.1f} s")
        # Compact now: RocksDB would otherwise compact in background threads of this process
        # during the runs, and be counted in their CPU time.
        for db in (small, big):
            db.optimize()
        targets = {"curated store": check.Against(small, "the curated store"),
                   "curated + synthetic store": check.Against(big, "the big store")}
        for label, target in targets.items():
            print(describe(target.db, label))
            time_submission(target)  # warm-up: caches of shapes and ontology
        # Runs alternate between the stores, so that a busy machine slows both alike.
        times = {label: [] for label in targets}
        for _ in range(args.runs):
            for label, target in targets.items():
                times[label].append(time_submission(target))
        print("validating the submission:")
        for label, samples in times.items():
            print(line(label, samples))
        small_times, big_times = times["curated store"], times["curated + synthetic store"]
        print(f"  ratio big/curated: wall {median(big_times, 0) / median(small_times, 0):.2f}, "
              f"CPU {median(big_times, 1) / median(small_times, 1):.2f}")
        print("validating larger submissions (curated store):")
        for memoranda in [int(m) for m in args.sizes.split(",")]:
            body = submission(memoranda)
            samples = [time_submission(targets["curated store"], body) for _ in range(5)]
            print(line(f"{memoranda * 13} triples", samples))
        del small, big
    if args.peer_runs:
        peer = whole_graph(args.peer_runs)
        for inference, samples in peer.items():
            print(f"  whole-graph (inference={inference}) / submission check (curated store): "
                  f"wall {median(samples, 0) / median(small_times, 0):.0f}x, "
                  f"CPU {median(samples, 1) / median(small_times, 1):.0f}x")


if __name__ == "__main__":
    main()
