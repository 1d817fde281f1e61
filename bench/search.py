"""The search index (SQLite FTS5) measured: building it, syncing it, answering queries; on the
curated store and on a synthetic store of many names; against a scan of every name (what
/reconcile did before) and, when the ``tantivy`` package is installed, Tantivy over the same
forms.

    .venv/bin/python bench/search.py [--names 100000]

Timings are medians of repeated runs on this machine (``common.machine()`` prints it).
"""

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox  # noqa: E402
from common import machine, ms, summary  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402

from server.graph import load  # noqa: E402
from server.linking.matching import normalize  # noqa: E402
from server.search import index, text  # noqa: E402

SYNTHETIC_QUERIES = ["Quantum Orbit", "quant", "qunatum", "Digital Silk Road", "photon vectr",
                     "Neural Photon Vector 17"]
QUERIES = ["Huawei", "huaw", "Huwaei", "Россия", "Huawei Technologies Co., Ltd.",
           "satellite navigation", "PRC", "artifical inteligence", "Zhongguo", "Kaspersy"]
WORDS = ("alpha beta gamma delta omega nova terra orbit quantum micro macro data cyber space "
         "system group energy atomic petro rail bank trade union research institute national "
         "state federal joint digital silk road neural photon vector signal").split()
TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")


def timed(fn, repeat: int = 5):
    samples, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - started)
    return summary(samples), result


def synthetic(n: int) -> ox.Store:
    """``n`` typed nodes, each with a label and an alternative label of 2-4 made-up words."""
    rng = random.Random(7)
    db = ox.Store()
    graph = ox.NamedNode("https://example.org/graph")
    quads = []
    for i in range(n):
        node = ox.NamedNode(f"https://example.org/id/thing/{i}")
        name = " ".join(rng.sample(WORDS, rng.randint(2, 4))) + f" {i}"
        quads += [ox.Quad(node, TYPE, ox.NamedNode("https://example.org/Thing"), graph),
                  ox.Quad(node, LABEL, ox.Literal(name.title(), language="en"), graph),
                  ox.Quad(node, ALT, ox.Literal(name.upper()[:12]), graph)]
    db.bulk_extend(quads)
    return db


def scan(nodes: dict[str, index.Node], query: str) -> list[str]:
    """Every name compared with the query: the matcher /reconcile had."""
    q = normalize(query)
    scored = [(max(fuzz.ratio(q, normalize(n.text)) for n in node.names), iri)
              for iri, node in nodes.items()]
    return [iri for score, iri in sorted(scored, reverse=True)[:10] if score >= 60]


def tantivy_index(nodes: dict[str, index.Node]):
    import tantivy

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("iri", stored=True, tokenizer_name="raw")
    builder.add_text_field("form", stored=False)
    schema = builder.build()
    tindex = tantivy.Index(schema)
    writer = tindex.writer()
    for iri, node in nodes.items():
        for name in node.names:
            for form in text.forms(name.text):
                writer.add_document(tantivy.Document(iri=iri, form=form))
    writer.commit()
    tindex.reload()
    return tindex


def tantivy_search(tindex, query: str) -> list[str]:
    import tantivy

    searcher = tindex.searcher()
    words = [w for w in normalize(query).split() if w]
    if not words:
        return []
    fuzzy = [(tantivy.Occur.Should, tantivy.Query.fuzzy_term_query(
        tindex.schema, "form", w, distance=1 if len(w) < 6 else 2, transposition_cost_one=True,
        prefix=False)) for w in words]
    exact = [(tantivy.Occur.Should, tantivy.Query.term_query(tindex.schema, "form", w))
             for w in words]
    hits = searcher.search(tantivy.Query.boolean_query(exact + fuzzy), 10).hits
    return [searcher.doc(address)["iri"][0] for _, address in hits]


def measure(label: str, db, repeat: int, queries=QUERIES) -> None:
    print(f"\n## {label}")
    read, nodes = timed(lambda: index.read_nodes(db), repeat)
    names = sum(len(n.names) for n in nodes.values())
    print(f"nodes {len(nodes)}, names {names}")
    print(f"read labels and types from the store   {ms(read)}")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "search.sqlite"
        build, _ = timed(lambda: index.rebuild(path, db), max(1, repeat // 2))
        size = path.stat().st_size
        print(f"FTS5: build (read + write, one file)   {ms(build)}, {size / 1e6:.1f} MB")
        ix = index.SearchIndex(path)
        nothing, _ = timed(lambda: ix.sync(db), repeat)
        print(f"FTS5: sync when nothing changed        {ms(nothing)}")
        for query in queries:
            stats, results = timed(lambda q=query: ix.search(q, limit=10), repeat * 4)
            first = results.hits[0].label if results.hits else "-"
            print(f"FTS5: search {query!r:36} {ms(stats)}  -> {first}")
        ix.close()
    if len(nodes) <= 200_000:
        stats, _ = timed(lambda: [scan(nodes, q) for q in queries], 1)
        per = {k: v / len(queries) if k != "n" else v for k, v in stats.items()}
        print(f"scan of every name (before), a query   {ms(per)}")
    try:
        built, tindex = timed(lambda: tantivy_index(nodes), 1)
    except ImportError:
        print("Tantivy: not installed (pip install tantivy) - not measured")
        return
    print(f"Tantivy: build (in memory)             {ms(built)}")
    for query in queries:
        stats, found = timed(lambda q=query: tantivy_search(tindex, q), repeat * 4)
        first = nodes[found[0]].label if found else "-"
        print(f"Tantivy: search {query!r:33} {ms(stats)}  -> {first}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--names", type=int, default=100_000,
                        help="nodes in the synthetic store (0: none)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store"
        load.load(path)
        measure("the curated store", ox.Store.read_only(str(path)), args.repeat)
    if args.names:
        measure(f"a synthetic store of {args.names} nodes", synthetic(args.names), 1,
                SYNTHETIC_QUERIES)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
