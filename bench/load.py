"""How long building the store takes: `techties load` into a fresh directory, against
`oxigraph load` (the peer) of the same data as N-Quads into a fresh directory; and where the
time of `techties load` goes.

    .venv/bin/python bench/load.py [--runs 5]

`techties load` does more than load: it parses the Turtle files, validates the curated data
with SHACL (pySHACL, RDFS inference, over the whole graph), skolemizes the blank nodes and
materializes the inferences of the ontology's hierarchies before it writes the store. The CLI
does not print its phases, so they are timed here by calling the same functions in the same
order as ``server.graph.load.load`` does, in a new Python process for each run. The N-Quads
come from `techties export --format nq` of a first store, so both stores hold the same quads. Runs
alternate between the two commands; each is a new process into a new directory. Prints the
median (min, max) of ``--runs`` runs, wall-clock and CPU time (user + system, the process and
its children: steadier than wall-clock on a busy machine), and the ratios techties/oxigraph.
Not run by CI.
"""

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import OXIGRAPH, ROOT, TECHTIES, machine, ms, summary, timed

sys.path.insert(0, str(ROOT))

from server import namespaces as ns  # noqa: E402
from server import store  # noqa: E402
from server.graph import curated, reasoning, shacl  # noqa: E402
from server.graph.load import curated_union  # noqa: E402


class Clock:
    """Wall-clock and CPU time (this process, all threads) since the last ``lap``."""

    def __init__(self):
        self.times: dict[str, tuple[float, float]] = {}
        self._start()

    def _start(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self, name: str) -> None:
        self.times[name] = (time.perf_counter() - self.wall, time.process_time() - self.cpu)
        self._start()


def phases() -> dict[str, tuple[float, float]]:
    """The steps of ``server.graph.load.load``, each timed (the store written to a temp dir)."""
    shacl.shapes_graph.cache_clear()
    shacl.ontology_graph.cache_clear()
    with tempfile.TemporaryDirectory() as tmp:
        clock = Clock()
        ontology = curated.read_ontology()
        files = curated.read_instances()
        clock.lap("parse the Turtle files (rdflib)")
        report = shacl.validate(curated_union([f.graph for f in files]))
        clock.lap("SHACL, whole graph, RDFS inference (pySHACL)")
        if not report.conforms:
            raise SystemExit(report.text())
        graphs = [(f.iri, f.skolemized()) for f in [ontology, *files]]
        clock.lap("skolemize (rdflib canonicalization)")
        instances = curated_union([g for _, g in graphs[1:]])
        graphs.append((ns.INFERRED_GRAPH, reasoning.inferred(graphs[0][1], instances)))
        clock.lap("materialize the inferences")
        store.build(Path(tmp) / "store", graphs, {})
        clock.lap("write the store (N-Triples, bulk_load)")
    return clock.times


def phases_in_a_new_process() -> dict[str, tuple[float, float]]:
    """``phases()`` in a fresh interpreter, as `techties load` runs (no warm caches, no heap
    left over from the previous run)."""
    _, _, done = timed([sys.executable, __file__, "--phases"], cwd=ROOT)
    return {name: tuple(t) for name, t in json.loads(done.stdout).items()}


def row(name: str, wall: list[float], cpu: list[float]) -> str:
    return f"  {name:46s} wall {ms(summary(wall))}  CPU {ms(summary(cpu))}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--phases", action="store_true",
                    help="time the phases once, print them as JSON (what each run calls)")
    args = ap.parse_args()
    if args.phases:
        print(json.dumps(phases()))
        return
    print(machine())
    tmp = Path(tempfile.mkdtemp(prefix="techties-bench-"))
    try:
        dump = tmp / "dump.nq"
        timed([TECHTIES, "load", "--store", str(tmp / "first")], cwd=ROOT)
        timed([TECHTIES, "export", "--store", str(tmp / "first"), "--format", "nq", str(dump)],
              cwd=ROOT)
        quads = sum(1 for _ in dump.open())
        print(f"{quads} quads, {dump.stat().st_size / 1024:.0f} KiB of N-Quads")

        commands = {
            "techties load": lambda i: [TECHTIES, "load", "--store", str(tmp / f"tt-{i}")],
            "oxigraph load": lambda i: [OXIGRAPH, "load", "--location", str(tmp / f"ox-{i}"),
                                        "--file", str(dump)],
            "techties --help (start-up)": lambda i: [TECHTIES, "--help"],
        }
        wall = {name: [] for name in commands}
        cpu = {name: [] for name in commands}
        for i in range(args.runs):
            for name, command in commands.items():
                w, c, done = timed(command(i), cwd=ROOT)
                wall[name].append(w)
                cpu[name].append(c)
                if name == "techties load":
                    said = done.stdout.splitlines()[0]
            shutil.rmtree(tmp / f"tt-{i}")
            shutil.rmtree(tmp / f"ox-{i}")
        print(f"techties load says: {said}")
        for name in commands:
            print(row(name, wall[name], cpu[name]))
        for what, table in (("wall", wall), ("CPU", cpu)):
            ratio = (statistics.median(table["techties load"])
                     / statistics.median(table["oxigraph load"]))
            print(f"  ratio techties/oxigraph, {what}: {ratio:.0f}x")

        print(f"\nphases of techties load, {args.runs} runs, each in a new process")
        runs = [phases_in_a_new_process() for _ in range(args.runs)]
        total = statistics.median([sum(w for w, _ in r.values()) for r in runs])
        for name in runs[0]:
            walls, cpus = [r[name][0] for r in runs], [r[name][1] for r in runs]
            print(row(name, walls, cpus) + f"  {statistics.median(walls) / total:4.0%}")
        print(row("all phases", [sum(w for w, _ in r.values()) for r in runs],
                  [sum(c for _, c in r.values()) for r in runs]))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
