"""techties against the SPARQL servers an analyst's organisation might run instead, on the same
data in one run: load time, serving memory, per-query latency, throughput under concurrent
clients, repeated-query throughput and the time to validate a submission.

    .venv/bin/python bench/peers.py [--triples 100000] [--runs 3] [--seconds 8]
        [--systems techties,oxigraph,oxigraph-union,virtuoso,rdflib-endpoint]
        [--clients 1,4,16,64] [--requests 20] [--json OUT]

The data: the curated store (``techties load``) plus ``--triples`` synthetic triples in
techties' own ontology (``synthetic.py``, seeded), imported with ``techties import`` into
one graph. ``techties export --format nq`` of that store is what every peer loads:

- ``techties``: ``techties import`` (timed); serves the union of the graphs as its default
  graph (``TECHTIES_UNION_DEFAULT_GRAPH=1``);
- ``techties-uncached``: the same, on a copy of that store, with ``TECHTIES_ANSWER_CACHE=0``:
  every request evaluated (the light mix and the repeated query are otherwise answered from
  the cache after their first time);
- ``oxigraph``: ``oxigraph load`` of the triples, graphs dropped: its default graph is a set;
- ``oxigraph-union``: ``oxigraph load`` of the quads, ``serve-read-only --union-default-graph``;
- ``virtuoso``: ``ld_dir`` + ``rdf_loader_run()`` + ``checkpoint`` of the quads; a query
  without FROM sees every graph;
- ``rdflib-endpoint``: the triples, parsed by rdflib as it starts (timed until it answers).

Every server listens on a free loopback port. Virtuoso 7 is Debian's ``virtuoso-opensource``
(``virtuoso-t``, ``isql-vt``), configured as :func:`virtuoso_ini` says; rdflib-endpoint runs
from the virtualenv ``--rdflib-endpoint`` names (``make bench-setup`` builds it). A system
whose program is missing is left out, and the report says so.

The queries are 14 of the library's (``QUERIES``), their default parameters bound, with
``LIMIT 1000`` appended to those without a LIMIT so that no server's row cap enters (techties'
10,000, Virtuoso's ResultSetMaxRows). Before timing, every system's answer to every query is
counted, and the counts are compared with Oxigraph's.

Each of ``--runs`` runs, with the systems in a new order each run:
- latency: each query ``--requests`` times on each system, one request at a time, systems
  interleaved request by request (at most ``--budget`` seconds per query and system);
  median and p95;
- throughput: 1, 4, 16 and 64 clients (threads, one keep-alive connection each) send the
  light mix (the queries bound to one node, ``LIGHT``) for ``--seconds``; requests per
  second, and the answers that were not 200 (errors, time-outs) counted;
- repeated-query throughput: 4 clients send one library query (``REPEATED``) over and over;
- heavy queries under load: 16 clients send the slowest queries (``HEAVY``) in turn for
  ``--heavy-seconds``; answers per second and those that were not 200 (techties, cached,
  answers these from its cache after their first time; techties-uncached evaluates each);
- serving memory: the resident set (VmRSS) of the server's whole process tree (techties:
  the server, its query workers and multiprocessing's resource tracker) after the run.
Then the 52-triple submission of ``validate_submission.py`` is posted to techties' /submissions
``--requests`` times (policy ``review``: it stays pending) and timed.

Figures are the median over runs; ratios are to ``oxigraph`` (plain). Latency ratios are the
geometric mean over the queries of the ratio of medians. Not run by CI.
"""

import argparse
import http.client
import json
import math
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import synthetic
from common import OXIGRAPH, ROOT, TECHTIES, descendants, free_port, machine, server, timed

sys.path.insert(0, str(ROOT))

from server.graph import library  # noqa: E402

QUERIES = [
    # unbound: joins, aggregates and paths over the whole graph
    "actors-ranked-by-agreements", "agreements-per-kind", "agreements-per-year",
    "technologies-ranked-by-mentions", "evidence-per-source", "claims-backed-by-several-sources",
    "disagreements",
    # bound to one node, or a text
    "timeline-of-an-actor", "narrower-technologies", "partners-of-an-actor",
    "entities-named-like", "evidence-for-a-statement", "figures-about-a-subject",
    "organizations-based-in-a-state",
]
LIGHT = ["timeline-of-an-actor", "narrower-technologies", "partners-of-an-actor",
         "evidence-for-a-statement", "figures-about-a-subject", "organizations-based-in-a-state"]
REPEATED = "agreements-per-kind"
HEAVY = ["entities-named-like", "actors-ranked-by-agreements", "evidence-per-source"]
"""The slowest of the unbound queries (0.5-2 s each at 1M): what many clients asking at once
must wait for rather than be refused."""
HEAVY_CLIENTS = 16
SYSTEMS = ["techties", "techties-uncached", "oxigraph", "oxigraph-union", "virtuoso",
           "rdflib-endpoint"]
RESULTS_JSON = "application/sparql-results+json"
VIRTUOSO, ISQL = shutil.which("virtuoso-t"), shutil.which("isql-vt")


def query_texts() -> dict[str, str]:
    texts = {}
    for name in QUERIES:
        text = library.parse(ROOT / "queries" / f"{name}.rq").bind()
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        if "LIMIT" not in body.upper().split("}")[-1]:
            text += "\nLIMIT 1000"
        texts[name] = text
    return texts


# --- the systems ---------------------------------------------------------------------------

@dataclass
class System:
    name: str
    url: str  # the query endpoint
    proc: subprocess.Popen
    load_s: float
    note: str = ""
    extra: dict = field(default_factory=dict)

    def rss_mb(self) -> float:
        total = 0
        for pid in descendants(self.proc.pid):
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
            except OSError:
                pass
        return total / 1024


def virtuoso_ini(folder: Path, http_port: int, sql_port: int, data_dir: Path) -> Path:
    """Virtuoso 7's configuration for this machine (24 GB, 2 CPUs): buffers for about 2 GB
    (the documentation's row for 4 GB of RAM: 340,000 × 8 kB pages), enough HTTP threads for
    64 clients, no row cap below the answers' size, the data folder readable by ``ld_dir``."""
    ini = folder / "virtuoso.ini"
    ini.write_text(f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
MaxCheckpointRemap = 2000
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {data_dir}
NumberOfBuffers = 340000
MaxDirtyBuffers = 250000
MaxQueryMem = 2G
CheckpointInterval = 60
ThreadsPerQuery = 2
CaseMode = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 64
MaxClientConnections = 64
MaxKeepAlives = 64
KeepAliveTimeout = 10
EnabledDavVSP = 0
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 1000
""")
    return ini


def isql(port: int, *statements: str) -> str:
    done = subprocess.run([ISQL, str(port), "dba", "dba", "exec=" + " ".join(statements)],
                          capture_output=True, text=True, timeout=3600)
    if done.returncode != 0 or "*** Error" in done.stdout:
        raise RuntimeError(f"isql: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    return done.stdout


class Harness:
    def __init__(self, work: Path, args):
        self.work, self.args = work, args
        self.systems: list[System] = []
        self._stack = []

    def start(self, name: str, cmd: list[str], ready: str, load_s: float, **kw) -> System:
        ctx = server(cmd, ready, self.work / f"{name}.log", timeout=kw.pop("timeout", 120),
                     env=kw.pop("env", None))
        proc = ctx.__enter__()
        self._stack.append(ctx)
        system = System(name, kw.pop("url"), proc, load_s, **kw)
        self.systems.append(system)
        return system

    def stop(self):
        while self._stack:
            ctx = self._stack.pop()
            try:
                ctx.__exit__(None, None, None)
            except Exception as exc:  # noqa: BLE001 - keep stopping the others
                print(f"stopping a server: {exc}", file=sys.stderr)

    def prepare(self) -> dict:
        """The techties store with the synthetic data imported, and its dump as quads and
        triples; the times of each step."""
        w, times = self.work, {}
        nt = w / "synthetic.nt"
        t0 = time.perf_counter()
        n = synthetic.write(nt, self.args.triples, self.args.seed)
        times["generate"] = time.perf_counter() - t0
        times["synthetic_triples"] = n
        store = w / "techties"
        times["techties_load_curated"] = timed([TECHTIES, "load", "--store", str(store)])[0]
        times["techties_import"] = timed([TECHTIES, "import", str(nt), "--graph",
                                          synthetic.GRAPH, "--store", str(store)])[0]
        times["techties_store_mb"] = _du(store)
        timed([TECHTIES, "export", "--format", "nq", str(w / "all.nq"), "--store", str(store)])
        with open(w / "all.nt", "wb") as out:
            ox.serialize((ox.Triple(q.subject, q.predicate, q.object)
                          for q in ox.parse(path=w / "all.nq", format=ox.RdfFormat.N_QUADS)),
                         out, ox.RdfFormat.N_TRIPLES)
        nt.unlink()
        return times

    def start_all(self, wanted: list[str]) -> dict[str, str]:
        w, skipped = self.work, {}
        for name, cache in (("techties", None), ("techties-uncached", "0")):
            if name not in wanted:
                continue
            store = w / "techties"
            if name == "techties-uncached":  # a store has one server: this one reads a copy
                store = w / name
                shutil.copytree(w / "techties", store)
                shutil.copy(w / "techties.search.sqlite", w / f"{name}.search.sqlite")
            port = free_port()
            env = {**os.environ, "TECHTIES_SUBMISSIONS": str(w / "records" / name),
                   "TECHTIES_SUBMISSION_POLICY": "review"}
            if cache is not None:
                env["TECHTIES_ANSWER_CACHE"] = cache
            self.start(name, [TECHTIES, "serve", "--port", str(port), "--store", str(store)],
                       f"http://127.0.0.1:{port}/health", self.prepared["techties_import"],
                       url=f"http://127.0.0.1:{port}/sparql",
                       note="waitress, query workers = CPU count, answer cache "
                            f"{cache or 'default'} MB", env=env)
        for name, source, flags in (("oxigraph", "all.nt", []),
                                    ("oxigraph-union", "all.nq", ["--union-default-graph"])):
            if name not in wanted:
                continue
            location = w / name
            load_s = timed([OXIGRAPH, "load", "--location", str(location), "--file",
                            str(w / source)])[0]
            port = free_port()
            self.start(name, [OXIGRAPH, "serve-read-only", "--location", str(location),
                              "--bind", f"127.0.0.1:{port}", *flags],
                       f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", load_s,
                       url=f"http://127.0.0.1:{port}/query", note=" ".join(flags))
        if "virtuoso" in wanted:
            if not (VIRTUOSO and ISQL):
                skipped["virtuoso"] = ("no virtuoso-t / isql-vt "
                                       "(apt-get install virtuoso-opensource)")
            else:
                folder = w / "virtuoso"
                folder.mkdir()
                http_port, sql_port = free_port(), free_port()
                ini = virtuoso_ini(folder, http_port, sql_port, w)
                system = self.start("virtuoso", [VIRTUOSO, "+foreground", "+configfile",
                                                 str(ini)],
                                    f"http://127.0.0.1:{http_port}/sparql?query=ASK%7B%7D", 0,
                                    url=f"http://127.0.0.1:{http_port}/sparql")
                t0 = time.perf_counter()
                isql(sql_port, f"ld_dir('{w}', 'all.nq', 'urn:techties:default');",
                     "rdf_loader_run();", "checkpoint;")
                system.load_s = time.perf_counter() - t0
        if "rdflib-endpoint" in wanted:
            program = self.args.rdflib_endpoint
            if not Path(program).exists():
                skipped["rdflib-endpoint"] = f"no {program} (make bench-setup)"
            else:
                port = free_port()
                t0 = time.perf_counter()
                system = self.start("rdflib-endpoint", [program, "serve", "--host", "127.0.0.1",
                                                        "--port", str(port), str(w / "all.nt")],
                                    f"http://127.0.0.1:{port}/?query=ASK%7B%7D", 0,
                                    url=f"http://127.0.0.1:{port}/", timeout=1800)
                system.load_s = time.perf_counter() - t0
        return skipped


def _du(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


# --- HTTP --------------------------------------------------------------------------------------

class Client:
    """One keep-alive connection to one endpoint."""

    def __init__(self, url: str, timeout: float):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port, self.path = parts.hostname, parts.port, parts.path
        self.timeout = timeout
        self.conn = None

    def get(self, query: str) -> tuple[int, bytes]:
        target = self.path + "?" + urllib.parse.urlencode({"query": query})
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.conn.request("GET", target, headers={"Accept": RESULTS_JSON})
                response = self.conn.getresponse()
                body = response.read()
                if response.will_close:
                    self.conn.close()
                    self.conn = None
                return response.status, body
            except (http.client.HTTPException, ConnectionError) as exc:
                self.conn.close()
                self.conn = None
                if attempt == 2:  # a server that closed an idle connection gets one retry
                    raise exc
            except TimeoutError:
                self.conn.close()
                self.conn = None
                raise
        raise AssertionError("unreachable")


def count(body: bytes) -> int:
    answer = json.loads(body)
    return len(answer["results"]["bindings"]) if "results" in answer else int(answer["boolean"])


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p * len(ordered)) - 1))]


def latency(systems: list[System], texts: dict[str, str], n: int, budget: float,
            timeout: float) -> dict:
    """{system: {query: [seconds...]}}: each query on every system in turn, request by
    request, until ``n`` each or ``budget`` seconds spent on one (at least 3)."""
    clients = {s.name: Client(s.url, timeout) for s in systems}
    out = {s.name: {} for s in systems}
    for name, text in texts.items():
        spent = {s.name: 0.0 for s in systems}
        samples = {s.name: [] for s in systems}
        for i in range(n):
            for s in systems:
                if i >= 3 and spent[s.name] > budget:
                    continue
                t0 = time.perf_counter()
                try:
                    status, _ = clients[s.name].get(text)
                except (OSError, http.client.HTTPException):
                    status = 0
                elapsed = time.perf_counter() - t0
                spent[s.name] += elapsed
                if status == 200:
                    samples[s.name].append(elapsed)
        for s in systems:
            out[s.name][name] = samples[s.name]
    return out


def throughput(system: System, texts: list[str], clients: int, seconds: float,
               timeout: float) -> dict:
    """Requests per second from ``clients`` threads sending ``texts`` in turn for
    ``seconds``, and how many answers were not 200."""
    ok, bad = [0] * clients, [0] * clients
    deadline = time.perf_counter() + seconds

    def work(k: int):
        client = Client(system.url, timeout)
        i = k
        while time.perf_counter() < deadline:
            try:
                status, _ = client.get(texts[i % len(texts)])
            except (OSError, http.client.HTTPException):
                status = 0
            if status == 200:
                ok[k] += 1
            else:
                bad[k] += 1
            i += 1

    start = time.perf_counter()
    threads = [threading.Thread(target=work, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    return {"rps": sum(ok) / elapsed, "non200": sum(bad), "requests": sum(ok) + sum(bad)}


def submissions(system: System, n: int) -> list[float]:
    sys.path.insert(0, str(Path(__file__).parent))
    from validate_submission import SUBMISSION

    base = system.url.rsplit("/", 1)[0]
    parts = urllib.parse.urlsplit(base)
    times = []
    for _ in range(n):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
        t0 = time.perf_counter()
        conn.request("POST", "/submissions", body=SUBMISSION,
                     headers={"Content-Type": "text/turtle", "Accept": "application/json"})
        response = conn.getresponse()
        response.read()
        times.append(time.perf_counter() - t0)
        conn.close()
        if response.status != 201:
            raise RuntimeError(f"POST /submissions answered {response.status}")
    return times


# --- the run -----------------------------------------------------------------------------------

def run(args) -> dict:
    texts = query_texts()
    work = Path(tempfile.mkdtemp(prefix="techties-peers-", dir=args.tmp))
    harness = Harness(work, args)
    report = {"machine": machine(), "triples": args.triples, "seed": args.seed, "runs": []}
    try:
        print(f"{report['machine']}\npreparing {args.triples} synthetic triples in {work}",
              flush=True)
        harness.prepared = report["prepare"] = harness.prepare()
        print(json.dumps(report["prepare"]), flush=True)
        report["skipped"] = harness.start_all(args.systems)
        systems = harness.systems
        for s in systems:
            print(f"{s.name}: loaded in {s.load_s:.1f} s, serving at {s.url}", flush=True)
        report["load_s"] = {s.name: s.load_s for s in systems}

        counts = {}
        for s in systems:
            client = Client(s.url, args.timeout)
            counts[s.name] = {}
            for name, text in texts.items():
                try:
                    status, body = client.get(text)
                    counts[s.name][name] = count(body) if status == 200 else f"HTTP {status}"
                except (OSError, http.client.HTTPException) as exc:
                    counts[s.name][name] = f"failed: {type(exc).__name__}"
        report["counts"] = counts
        print("result counts:", json.dumps(counts), flush=True)

        light = [texts[q] for q in LIGHT]
        heavy = [texts[q] for q in HEAVY]
        rnd = random.Random(args.seed)
        for r in range(args.runs):
            order = systems[:]
            rnd.shuffle(order)
            one = {"order": [s.name for s in order]}
            one["latency"] = latency(order, texts, args.requests, args.budget, args.timeout)
            one["throughput"] = {}
            for c in args.clients:
                for s in order:
                    one["throughput"].setdefault(s.name, {})[c] = throughput(
                        s, light, c, args.seconds, args.timeout)
                    print(f"run {r + 1}: {s.name} {c} clients: "
                          f"{one['throughput'][s.name][c]}", flush=True)
            one["repeated"] = {s.name: throughput(s, [texts[REPEATED]], 4, args.seconds,
                                                  args.timeout) for s in order}
            if args.heavy_seconds:
                one["heavy"] = {s.name: throughput(s, heavy, HEAVY_CLIENTS, args.heavy_seconds,
                                                   args.timeout) for s in order}
                print(f"run {r + 1}: heavy, {HEAVY_CLIENTS} clients: {one['heavy']}", flush=True)
            one["rss_mb"] = {s.name: s.rss_mb() for s in order}
            report["runs"].append(one)
            print(f"run {r + 1} done: {json.dumps(summarize(report)['systems'])}", flush=True)
            if args.json:  # what the runs so far measured, should a later one be stopped
                Path(args.json).write_text(json.dumps({**report, "summary": summarize(report)}))
        tt = next((s for s in systems if s.name == "techties"), None)
        if tt is not None:
            report["submission_s"] = submissions(tt, args.requests)
    finally:
        harness.stop()
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return report


def summarize(report: dict) -> dict:
    """Medians over runs, and ratios to plain Oxigraph."""
    runs = report["runs"]
    names = list(runs[0]["latency"]) if runs else []
    out = {"systems": {}, "queries": {}}
    for name in names:
        lat = {}
        for q in QUERIES:
            samples = [x for r in runs for x in r["latency"][name].get(q, [])]
            lat[q] = (statistics.median(samples), percentile(samples, 0.95)) if samples else None
        out["queries"][name] = lat
        tp = {c: {"rps": statistics.median(r["throughput"][name][c]["rps"] for r in runs),
                  "non200": sum(r["throughput"][name][c]["non200"] for r in runs)}
              for c in runs[0]["throughput"][name]}
        out["systems"][name] = {
            "load_s": report["load_s"][name],
            "rss_mb": statistics.median(r["rss_mb"][name] for r in runs),
            "throughput": tp,
            "repeated_rps": statistics.median(r["repeated"][name]["rps"] for r in runs),
        }
        if all("heavy" in r for r in runs):
            out["systems"][name]["heavy"] = {
                "rps": statistics.median(r["heavy"][name]["rps"] for r in runs),
                "answered": sum(r["heavy"][name]["requests"] - r["heavy"][name]["non200"]
                                for r in runs),
                "non200": sum(r["heavy"][name]["non200"] for r in runs)}
    base = out["queries"].get("oxigraph")
    for name in names:
        ratios = [out["queries"][name][q][0] / base[q][0] for q in QUERIES
                  if base and base.get(q) and out["queries"][name].get(q)]
        out["systems"][name]["latency_geomean_vs_oxigraph"] = (
            math.exp(sum(map(math.log, ratios)) / len(ratios)) if ratios else None)
        out["systems"][name]["queries_answered"] = sum(
            1 for q in QUERIES if out["queries"][name].get(q))
    return out


def print_tables(report: dict, summary: dict) -> None:
    clients = list(next(iter(summary["systems"].values()))["throughput"]) if summary[
        "systems"] else []
    print(f"\n{report['machine']}\n{report['triples']} synthetic triples, "
          f"{len(report['runs'])} runs\n")
    head = " | ".join(f"req/s {c} cl. (non-200)" for c in clients)
    print(f"| system | load s | RSS MB | latency vs oxigraph (geomean) | {head} | repeated "
          "req/s |")
    print("|---" * (5 + len(clients)) + "|")
    for name, s in summary["systems"].items():
        tps = " | ".join(f"{s['throughput'][c]['rps']:.0f} ({s['throughput'][c]['non200']})"
                         for c in clients)
        geo = s["latency_geomean_vs_oxigraph"]
        print(f"| {name} | {s['load_s']:.1f} | {s['rss_mb']:.0f} | "
              f"{geo:.2f} ({s['queries_answered']}/{len(QUERIES)}) | {tps} | "
              f"{s['repeated_rps']:.0f} |" if geo else f"| {name} | ... |")
    print("\nper query, median / p95 ms:\n")
    names = list(summary["queries"])
    print("| query | " + " | ".join(names) + " |")
    print("|---" * (1 + len(names)) + "|")
    for q in QUERIES:
        cells = []
        for name in names:
            v = summary["queries"][name].get(q)
            cells.append(f"{v[0] * 1000:.1f} / {v[1] * 1000:.1f}" if v else "-")
        print(f"| {q} | " + " | ".join(cells) + " |")
    heavy = {name: s["heavy"] for name, s in summary["systems"].items() if "heavy" in s}
    if heavy:
        print(f"\nheavy queries ({', '.join(HEAVY)}), {HEAVY_CLIENTS} clients:\n")
        print("| system | answers/s | answered (200) | not 200 |\n|---|---|---|---|")
        for name, h in heavy.items():
            print(f"| {name} | {h['rps']:.1f} | {h['answered']} | {h['non200']} |")
    if report.get("submission_s"):
        subs = report["submission_s"]
        print(f"\nsubmission (104 triples) POST /submissions: median "
              f"{statistics.median(subs) * 1000:.0f} ms, p95 {percentile(subs, 0.95) * 1000:.0f}"
              f" ms (n={len(subs)})")
    if report.get("skipped"):
        print("\nleft out:", report["skipped"])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--budget", type=float, default=20.0,
                        help="seconds per query and system in one run's latency pass")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--heavy-seconds", type=float, default=30.0,
                        help=f"how long {HEAVY_CLIENTS} clients send the heavy queries (0: none)")
    parser.add_argument("--clients", default="1,4,16,64")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--rdflib-endpoint", default=str(ROOT / "var" / "bench-venv" / "bin" /
                                                         "rdflib-endpoint"))
    parser.add_argument("--tmp", default=None, help="where the temporary folder goes")
    parser.add_argument("--json", help="write the whole report here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    # a SIGTERM (timeout, kill) stops every server this run started, as Ctrl-C does
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args.clients = [int(c) for c in args.clients.split(",")]
    args.systems = args.systems.split(",")
    report = run(args)
    summary = summarize(report)
    report["summary"] = summary
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))
    print_tables(report, summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
