"""What an import of N synthetic triples costs, and what the engine itself can do with the
same file: is `techties import` slow, or is writing a named graph slow?

    .venv/bin/python bench/import_cost.py [--triples 1000000] [--runs 3]

Four ways to write the same N-Triples file, each a new process into a new store, the runs
interleaved (a, b, c, d, a, b, ...):

- ``techties import``: the command, whole: a checking pass over the file, the triples into
  their named graph and into the merge (``server/store/merged.py``), the count, the record,
  the compaction. Into a copy of a store `techties load` built.
- ``oxigraph load``: the peer's command, into an empty store: the triples into its default
  graph (three indexes a triple), as ``peers.py`` loads Oxigraph.
- pyoxigraph ``bulk_load`` into a named graph, then ``optimize``: the Rust loader with no
  Python between the file and the store, into a copy of the same store. This is the floor
  for any import that keeps its triples in a graph of their own (six indexes a quad).
- pyoxigraph ``bulk_load`` into the default graph, then ``optimize``: the same, into the
  default graph, to show which of the two costs.

Prints the median (min, max) wall-clock of ``--runs`` runs of each. Not run by CI.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import synthetic
from common import OXIGRAPH, ROOT, TECHTIES, machine, ms, summary, timed

ENGINE = """
import sys, pyoxigraph as ox
store, path, graph = sys.argv[1:]
db = ox.Store(store)
db.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES,
             to_graph=ox.NamedNode(graph) if graph else ox.DefaultGraph())
db.flush()
db.optimize()
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args()
    print(machine())
    tmp = Path(tempfile.mkdtemp(prefix="techties-bench-"))
    try:
        nt = tmp / "synthetic.nt"
        n = synthetic.write(nt, args.triples, args.seed)
        base = tmp / "base"
        timed([TECHTIES, "load", "--store", str(base)], cwd=ROOT)
        print(f"{n} triples, {nt.stat().st_size / 1e6:.0f} MB of N-Triples")

        work = tmp / "way"  # where each way writes; removed after it

        def copy_of_base() -> Path:
            work.mkdir()
            shutil.copytree(base, work / "store")
            for sibling in ("load.json", "search.sqlite"):  # what `techties import` reads
                if (tmp / f"base.{sibling}").exists():
                    shutil.copy(tmp / f"base.{sibling}", work / f"store.{sibling}")
            return work / "store"

        def empty() -> Path:
            work.mkdir()
            return work / "store"

        def engine(graph: str):
            return lambda: [sys.executable, "-c", ENGINE, str(copy_of_base()), str(nt), graph]

        ways = {
            "techties import": lambda: [TECHTIES, "import", str(nt), "--graph", synthetic.GRAPH,
                                        "--store", str(copy_of_base())],
            "oxigraph load (default graph)": lambda: [
                OXIGRAPH, "load", "--location", str(empty()), "--file", str(nt)],
            "pyoxigraph bulk_load, named graph": engine(synthetic.GRAPH),
            "pyoxigraph bulk_load, default graph": engine(""),
        }
        walls: dict[str, list[float]] = {name: [] for name in ways}
        for run in range(args.runs):
            for name, command in ways.items():
                cmd = command()  # the copy is made here, outside the timing
                walls[name].append(timed(cmd, cwd=ROOT)[0])
                shutil.rmtree(work)
            print(f"run {run + 1} of {args.runs} done", file=sys.stderr)
        for name, samples in walls.items():
            print(f"  {name:38s} {ms(summary(samples))}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
