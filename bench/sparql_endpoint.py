"""Latency and throughput of the SPARQL endpoint over HTTP: `techties serve` against Oxigraph's
own server (`oxigraph serve`, the peer) on the same data, and the peak memory of both.

    .venv/bin/python bench/sparql_endpoint.py [--requests 100] [--per-client 50] [--runs 5]
                                              [--clients 1,4]

Builds a techties store in a temporary directory (`techties load --store`), exports it
(`techties export --format nq`) and loads the dump into an Oxigraph store (`oxigraph load`),
then starts both servers on free loopback ports. Oxigraph runs with `--union-default-graph`,
so both answer the library's queries (which need no GRAPH clause) over the union of the
graphs; the script checks that both give the same number of results.

For each query (five library queries of different shapes, with their default parameters
bound, and a trivial ASK), requests alternate between the two servers, one at a time
(GET, `Accept: application/sparql-results+json`, the whole answer read): the median, min and
max latency of ``--requests`` requests each, the CPU time the server's processes spent per
request (from /proc, in clock ticks of 10 ms: steadier than latency on a busy machine), and
the ratios techties/oxigraph. Then 1, then 4 (``--clients``) concurrent clients send the mix
of queries for ``--runs`` runs of ``--per-client`` requests per client each: the median (min,
max) requests per second. Last, the peak resident memory (VmHWM) of each server's processes
(techties: the server, its query workers and multiprocessing's resource tracker). Only the
standard library talks HTTP. Not run by CI.
"""

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import (
    OXIGRAPH,
    ROOT,
    TECHTIES,
    cpu_seconds,
    descendants,
    free_port,
    machine,
    memory,
    ms,
    server,
    summary,
    timed,
)

sys.path.insert(0, str(ROOT))

from server.graph import library  # noqa: E402

QUERIES = [
    "actors-ranked-by-agreements",  # join, filter, GROUP BY with COUNT, ORDER BY
    "claims-backed-by-several-sources",  # property path, GROUP_CONCAT, HAVING
    "narrower-technologies",  # transitive paths (+ and *), bound to a technology
    "timeline-of-an-actor",  # a seven-way UNION, bound to an actor
    "entities-named-like",  # alternative path, string filter over every label
]
ASK = "ASK { ?s ?p ?o }"
JSON = "application/sparql-results+json"


def library_queries() -> dict[str, str]:
    by_name = {q.name: q for q in library.queries()}
    texts = {name: by_name[name].bind() for name in QUERIES}
    texts["ask"] = ASK
    return texts


def get(endpoint: str, query: str) -> bytes:
    url = endpoint + "?" + urllib.parse.urlencode({"query": query})
    request = urllib.request.Request(url, headers={"Accept": JSON})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def timed_get(endpoint: str, query: str) -> float:
    start = time.perf_counter()
    get(endpoint, query)
    return time.perf_counter() - start


def count(answer: bytes) -> int | bool:
    data = json.loads(answer)
    return data["boolean"] if "boolean" in data else len(data["results"]["bindings"])


def server_cpu(procs: dict) -> dict[str, float]:
    """CPU seconds each server's processes (the server and its workers) have used so far."""
    return {name: cpu_seconds(descendants(proc.pid)) for name, proc in procs.items()}


def latency(endpoints: dict[str, str], procs: dict, queries: dict[str, str], n: int) -> dict:
    results = {}
    for query, text in queries.items():
        answers = {name: count(get(url, text)) for name, url in endpoints.items()}
        if len(set(answers.values())) != 1:
            raise SystemExit(f"{query}: the servers disagree on the number of results: {answers}")
        for url in endpoints.values():  # warm-up
            get(url, text)
        samples = {name: [] for name in endpoints}
        before = server_cpu(procs)
        for _ in range(n):
            for name, url in endpoints.items():
                samples[name].append(timed_get(url, text))
        after = server_cpu(procs)
        cpu = {name: (after[name] - before[name]) / n for name in endpoints}
        stats = {name: summary(s) for name, s in samples.items()}
        ratio = stats["techties"]["median"] / stats["oxigraph"]["median"]
        results[query] = {"results": answers["techties"], "stats": stats, "ratio": ratio}
        print(f"{query} ({answers['techties']} results)")
        for name, s in stats.items():
            print(f"  {name:9s} {ms(s)}  server CPU {cpu[name] * 1000:5.1f} ms/request")
        cpu_ratio = (f"{cpu['techties'] / cpu['oxigraph']:.1f}" if cpu["oxigraph"]
                     else "n/a (under the clock tick)")
        print(f"  ratio techties/oxigraph {ratio:.2f} (latency), {cpu_ratio} (server CPU)")
    return results


def throughput(url: str, queries: list[str], clients: int, per_client: int) -> float:
    """Requests per second of ``clients`` threads, each sending ``per_client`` requests."""
    def client(k: int) -> None:
        for i in range(per_client):
            get(url, queries[(k + i) % len(queries)])

    with ThreadPoolExecutor(clients) as pool:
        start = time.perf_counter()
        list(pool.map(client, range(clients)))
        return clients * per_client / (time.perf_counter() - start)


def role(pid: int) -> str:
    """What a process of the servers' trees is, from its command line."""
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    if "spawn_main" in cmdline:
        return "query worker"
    if "resource_tracker" in cmdline:
        return "resource tracker"
    return "other: " + cmdline[:40]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--requests", type=int, default=100,
                    help="requests per query and server, for latency (100)")
    ap.add_argument("--per-client", type=int, default=50,
                    help="requests per client and run, for throughput (50)")
    ap.add_argument("--runs", type=int, default=5, help="throughput runs per server (5)")
    ap.add_argument("--clients", default="1,4",
                    help="numbers of concurrent clients, comma-separated (1,4)")
    args = ap.parse_args()
    print(machine())
    tmp = Path(tempfile.mkdtemp(prefix="techties-bench-"))
    try:
        store, dump, ox_store = tmp / "store", tmp / "dump.nq", tmp / "oxigraph"
        timed([TECHTIES, "load", "--store", str(store)], cwd=ROOT)
        timed([TECHTIES, "export", "--store", str(store), "--format", "nq", str(dump)], cwd=ROOT)
        timed([OXIGRAPH, "load", "--location", str(ox_store), "--file", str(dump)])
        tt_port, ox_port = free_port(), free_port()
        endpoints = {"techties": f"http://127.0.0.1:{tt_port}/sparql",
                     "oxigraph": f"http://127.0.0.1:{ox_port}/query"}
        tt_cmd = [TECHTIES, "serve", "--port", str(tt_port), "--store", str(store)]
        ox_cmd = [OXIGRAPH, "serve", "--location", str(ox_store), "--bind",
                  f"127.0.0.1:{ox_port}", "--union-default-graph"]
        ready = {"techties": f"http://127.0.0.1:{tt_port}/health",
                 "oxigraph": endpoints["oxigraph"] + "?query=ASK%7B%7D"}
        with server(tt_cmd, ready["techties"], tmp / "techties.log") as tt, \
                server(ox_cmd, ready["oxigraph"], tmp / "oxigraph.log") as ox:
            queries = library_queries()
            print(f"\nlatency, one request at a time, {args.requests} per query and server")
            procs = {"techties": tt, "oxigraph": ox}
            latency(endpoints, procs, queries, args.requests)
            mix = list(queries.values())
            for url in endpoints.values():  # warm-up: techties starts its workers on demand
                throughput(url, mix, 4, 5)
            for clients in [int(c) for c in args.clients.split(",")]:
                print(f"\nthroughput, {clients} client(s), the {len(queries)} queries in turn, "
                      f"{args.per_client} requests per client, {args.runs} runs")
                rates = {name: [] for name in endpoints}
                cpu = dict.fromkeys(endpoints, 0.0)
                for _ in range(args.runs):
                    for name, url in endpoints.items():
                        before = cpu_seconds(descendants(procs[name].pid))
                        rates[name].append(throughput(url, mix, clients, args.per_client))
                        cpu[name] += cpu_seconds(descendants(procs[name].pid)) - before
                for name, r in rates.items():
                    per_request = cpu[name] / (args.runs * clients * args.per_client)
                    print(f"  {name:9s} {statistics.median(r):7.1f} req/s "
                          f"({min(r):.1f}-{max(r):.1f}, n={len(r)})  "
                          f"server CPU {per_request * 1000:.1f} ms/request")
                medians = {name: statistics.median(r) for name, r in rates.items()}
                print(f"  ratio techties/oxigraph {medians['techties'] / medians['oxigraph']:.2f}")
            print("\npeak resident memory (VmHWM) after the runs")
            for name, proc in (("techties", tt), ("oxigraph", ox)):
                total = 0
                for pid in descendants(proc.pid):
                    m = memory(pid)
                    total += m["VmHWM"]
                    what = "server" if pid == proc.pid else role(pid)
                    print(f"  {name:9s} pid {pid:7d} {what:18s} "
                          f"VmHWM {m['VmHWM'] / 1024:7.1f} MiB  VmRSS {m['VmRSS'] / 1024:7.1f} MiB")
                print(f"  {name:9s} total VmHWM {total / 1024:.1f} MiB")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
