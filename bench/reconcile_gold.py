"""Reconciliation on the gold set: the matcher /reconcile had before the search index (every
entity's names compared with link discovery's ``name_score``, a match only for the one exact
name) against the one it has now (:mod:`server.search.reconcile`), both over the curated store.

    .venv/bin/python bench/reconcile_gold.py [--store DIR] [--misses]

Prints precision and recall for both (``server.search.gold`` says how they are read) and,
with ``--misses``, every case the new matcher gets wrong.
"""

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from server import namespaces as ns  # noqa: E402
from server import store  # noqa: E402
from server.graph import load  # noqa: E402
from server.linking.matching import name_score  # noqa: E402
from server.search import gold, index, reconcile, text  # noqa: E402
from server.web.search import expand  # noqa: E402

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "reconcile" / "gold.tsv"


def old_matcher(nodes: dict[str, index.Node]):
    """/reconcile before this index: rapidfuzz over every entity's names, 0.6 the floor, a
    match only for a unique exact name."""
    entities = {iri: n for iri, n in nodes.items() if iri.startswith(ns.ID)}

    def answer(cases):
        out = []
        for case in cases:
            wanted = expand(case.type) if case.type else None
            found = []
            for iri, node in entities.items():
                if wanted and wanted not in node.types:
                    continue
                score, _, _ = name_score([case.query], {n.text for n in node.names})
                if score >= 0.6:
                    found.append((round(score * 100), node.label, iri))
            found.sort(key=lambda f: (-f[0], f[1], f[2]))
            top = [f for f in found if f[0] == 100]
            if not found:
                out.append(gold.Answer(None, 0, False))
            else:
                out.append(gold.Answer(found[0][2].removeprefix(ns.ID), found[0][0],
                                       found[0][0] == 100 and len(top) == 1))
        return out
    return answer


def new_matcher(ix: index.SearchIndex, db):
    matcher = reconcile.Reconciler(ix, db)

    def answer(cases):
        out = []
        for case in cases:
            types = [expand(case.type)] if case.type else []
            found = matcher.candidates(case.query, types=types, limit=3)
            out.append(gold.Answer(reconcile.relative(found[0].iri), found[0].score,
                                   found[0].match) if found else gold.Answer(None, 0, False))
        return out
    return answer


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="a loaded store (default: load one into a temporary "
                                        "directory)")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.store) if args.store else Path(tmp) / "store"
        if not args.store:
            load.load(path)
        db = store.open_store(path, read_only=True)
        ix = index.SearchIndex(Path(tmp) / "search.sqlite")
        ix.sync(db)
        cases = gold.read(GOLD)
        held = sum(1 for c in cases if c.expected)
        print(f"gold set: {len(cases)} names, {held} held by techties, "
              f"{len(cases) - held} not held")
        results = {}
        for name, answer in (("old", old_matcher(index.read_nodes(db))),
                             ("new", new_matcher(ix, db))):
            started = time.perf_counter()
            measured = gold.measure(cases, answer)
            seconds = time.perf_counter() - started
            results[name] = measured
            print(f"{name}: {measured.row()} ({seconds / len(cases) * 1000:.1f} ms a name)")
        if args.misses:
            for case, answer in results["new"].wrong:
                print(json.dumps({"query": case.query, "type": case.type,
                                  "expected": case.expected, "top": answer.top,
                                  "score": answer.score, "match": answer.match,
                                  "forms": text.forms(case.query)}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
