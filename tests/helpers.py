"""What the tests share besides fixtures: building an app, checking a response, running the
command line, and the servers some tests start (an Oxigraph server, ``techties serve``, a
loopback listener). The fixtures built on these are in conftest.py; test modules import from
here, never from each other."""

import os
import re
import shutil
import socket
import socketserver
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox

from server import cli
from server.app import create_app
from server.config import Settings

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
TOKEN = "s3cret"
"""The write token of the apps the tests build."""
BEARER = {"Authorization": f"Bearer {TOKEN}"}


def shared_dir() -> Path:
    """``shared/``, which holds the source documents and the W3C suites the tests read: the
    folder ``TECHTIES_SHARED`` names, else the one beside this checkout, else (for a clone of
    a local checkout, such as ``git clone . /tmp/x``) the one beside the checkout it was
    cloned from. The tests that read it fail, saying where they looked, if none is there."""
    if os.environ.get("TECHTIES_SHARED"):
        return Path(os.environ["TECHTIES_SHARED"])
    beside = ROOT.parent / "shared"
    if beside.is_dir():
        return beside
    origin = subprocess.run(["git", "-C", str(ROOT), "config", "--get", "remote.origin.url"],
                            capture_output=True, text=True).stdout.strip()
    if origin and Path(origin).is_dir():
        cloned_from = Path(origin).resolve().parent / "shared"
        if cloned_from.is_dir():
            return cloned_from
    return beside


# --- the app and its responses ---------------------------------------------------------------

def make_app(store, **overrides):
    """The app over ``store`` (a directory or a remote store's Endpoints), with the write
    token ``TOKEN`` unless ``overrides`` say otherwise."""
    app = create_app(Settings(store=str(store), **{"write_token": TOKEN, **overrides}))
    app.config["TESTING"] = True
    return app


def make(store, **overrides):
    """A test client of :func:`make_app`."""
    return make_app(store, **overrides).test_client()


def check(response, status: int, content_type: str | None = None) -> str:
    """The response's body as text, once its status (and Content-Type, if given) are as
    expected; a failed assertion shows the body."""
    body = response.get_data(as_text=True)
    assert response.status_code == status, body[:2000]
    if content_type is not None:
        assert response.headers["Content-Type"] == content_type, body[:2000]
    return body


def detail(response) -> str:
    """An error's message, from its JSON problem details (RFC 9457)."""
    assert response.mimetype == "application/problem+json", response.get_data(as_text=True)
    problem = response.get_json()
    assert (problem["type"], problem["status"]) == ("about:blank", response.status_code)
    return problem["detail"]


def run(capsys, *argv) -> tuple[int, str, str]:
    """``techties ARGV...`` in this process: (exit code, stdout, stderr)."""
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


# --- servers on loopback -------------------------------------------------------------------

def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (now)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(base: str, proc: subprocess.Popen, *, path: str = "/health",
                       seconds: float = 30, log: Path | None = None) -> None:
    """Return once ``base + path`` answers 2xx; kill ``proc`` and raise, with the end of its
    ``log`` (its stderr), if it exits first or does not answer within ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(base + path, timeout=2).close()
            return
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                proc.wait(10)
                said = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
                raise RuntimeError(f"the server did not start: {said}") from None
            time.sleep(0.1)


def serve(store, cwd: Path, env: dict[str, str], *, wait_for: str = "/health"):
    """``techties serve`` in a subprocess over ``store``, on a free loopback port, run in
    ``cwd`` with the environment ``env`` (this checkout put on PYTHONPATH); its stderr goes to
    ``cwd``/serve-PORT.log. Returns (process, base URL) once ``wait_for`` answers."""
    port = free_port()
    log = Path(cwd) / f"serve-{port}.log"
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    with log.open("wb") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "server.cli", "serve", "--host",
                                 "127.0.0.1", "--port", str(port), "--store", str(store)],
                                cwd=cwd, env={**env, "PYTHONPATH": pythonpath},
                                stdout=subprocess.DEVNULL, stderr=stderr)
    base = f"http://127.0.0.1:{port}"
    wait_until_serving(base, proc, path=wait_for, log=log)
    return proc, base


def oxigraph_binary() -> str:
    """The `oxigraph` server binary of the PyPI package `oxigraph` (the test extra)."""
    beside = Path(sys.executable).parent / "oxigraph"
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("needs the `oxigraph` server binary, which the test extra installs "
                           "(pip install -e '.[test]')")
    return found


def start_oxigraph(location: Path, *, read_only: bool):
    """An Oxigraph server on loopback over ``location``: (process, base URL)."""
    port = free_port()
    proc = subprocess.Popen([oxigraph_binary(), "serve-read-only" if read_only else "serve",
                             "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(base + "/query?query=ASK%7B%7D", timeout=1):
                return proc, base
        except OSError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                raise RuntimeError("the oxigraph server did not start") from None
            time.sleep(0.1)


# --- remote stores: SPARQL servers on loopback that techties' remote store runs against -----

REMOTE_SERVERS = ("oxigraph", "virtuoso", "fuseki")
"""The kinds of server the remote-store tests run against (tests/test_remote_store.py)."""

FUSEKI_VERSION = "5.6.0"


def remote_servers_enabled() -> set[str]:
    """The kinds this run starts: ``TECHTIES_REMOTE_SERVERS`` (space-separated), else Oxigraph
    only; ``make test-remote`` names the others."""
    return set(os.environ.get("TECHTIES_REMOTE_SERVERS", "oxigraph").split())


def fuseki_jar() -> Path | None:
    """Fuseki's server jar: ``TECHTIES_FUSEKI_JAR``, else the one ``make fuseki`` puts in
    var/fuseki/ (from Maven Central), else None."""
    named = os.environ.get("TECHTIES_FUSEKI_JAR")
    if named:
        return Path(named) if Path(named).is_file() else None
    found = sorted((ROOT / "var" / "fuseki").glob("jena-fuseki-server-*.jar"))
    return found[-1] if found else None


def remote_server_missing(kind: str) -> str | None:
    """Why ``kind`` cannot run here (a sentence for pytest.skip), or None if it can."""
    if kind not in remote_servers_enabled():
        return (f"{kind} runs in `make test-remote` (TECHTIES_REMOTE_SERVERS="
                f"\"{' '.join(REMOTE_SERVERS)}\"), not in the default run")
    if kind == "virtuoso" and not (shutil.which("virtuoso-t") and shutil.which("isql-vt")):
        return ("virtuoso-t and isql-vt are not installed "
                "(Debian: apt-get install virtuoso-opensource)")
    if kind == "fuseki":
        if fuseki_jar() is None:
            return ("no Fuseki server jar: set TECHTIES_FUSEKI_JAR, or run `make fuseki` "
                    f"(org.apache.jena:jena-fuseki-server:{FUSEKI_VERSION} from Maven Central)")
        if shutil.which("java") is None:
            return "no java to run Fuseki with (a JDK 17)"
    return None


def start_remote(kind: str, folder: Path):
    """A ``kind`` server over an empty store in ``folder``, on loopback: (process, query URL,
    update URL)."""
    folder.mkdir(parents=True, exist_ok=True)
    return {"oxigraph": _start_oxigraph_remote, "virtuoso": start_virtuoso,
            "fuseki": start_fuseki}[kind](folder)


def _start_oxigraph_remote(folder: Path):
    proc, base = start_oxigraph(folder, read_only=False)
    return proc, f"{base}/query", f"{base}/update"


def start_virtuoso(folder: Path):
    """Virtuoso 7 (Debian's virtuoso-opensource) over a new database in ``folder``, its HTTP
    and SQL ports on loopback, its SPARQL user allowed to update (as a store behind techties
    must be): (process, query URL, update URL). It answers at most ``ResultSetMaxRows`` rows,
    set here above any answer the tests ask for."""
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(f"""[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = .
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
CaseMode = 2
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 10
EnabledDavVSP = 0
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
""")
    log = folder / "stdout.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(ini)],
                                cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}/sparql"
    wait_until_serving(url, proc, path="?query=ASK%7B%7D", seconds=60,
                       log=folder / "virtuoso.log")
    done = subprocess.run(["isql-vt", str(sql_port), "dba", "dba",
                           'exec=GRANT SPARQL_UPDATE TO "SPARQL"; '
                           "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"],
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0 or "Error" in done.stdout:
        proc.kill()
        raise RuntimeError(f"isql-vt could not grant SPARQL updates: {done.stdout}{done.stderr}")
    return proc, url, url


def start_fuseki(folder: Path):
    """Apache Jena Fuseki (its server jar) over a new TDB2 dataset in ``folder``, on loopback,
    with its update service on: (process, query URL, update URL)."""
    port = free_port()
    log = folder / "fuseki.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(["java", "-Xmx1g", "-jar", str(fuseki_jar()), "--localhost",
                                 "--port", str(port), "--tdb2", "--loc", str(folder / "tdb2"),
                                 "--update", "/ds"],
                                cwd=folder, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/ds"
    wait_until_serving(base, proc, path="/query?query=ASK%7B%7D", seconds=90, log=log)
    return proc, f"{base}/query", f"{base}/update"


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


class Listener(socketserver.ThreadingTCPServer):
    """A loopback HTTP listener that records every connection made to it, for the tests that
    a URL is never fetched and for endpoints that fail or hang.

    ``hits`` holds one entry per connection: its request line (``"GET /sparql?query=...
    HTTP/1.1"``), or ``""`` if nothing was sent. Each request is answered with a 500, or, once
    ``hangs`` is set, never answered (the connection is held open until the listener stops).
    ``url`` is its ``/sparql`` path, ``base`` its root.
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Recorder)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"
        self.url = self.base + "/sparql"
        self.hits: list[str] = []
        self.hangs = False
        self.stopped = threading.Event()
        threading.Thread(target=self.serve_forever, args=(0.05,), daemon=True).start()

    def stop(self) -> None:
        self.stopped.set()
        self.shutdown()
        self.server_close()


class _Recorder(socketserver.StreamRequestHandler):
    timeout = 5

    def handle(self):
        listener: Listener = self.server
        try:
            line = self.rfile.readline(65537)
        except OSError:
            line = b""
        listener.hits.append(line.decode("latin-1").rstrip("\r\n"))
        try:
            length = 0
            while (header := self.rfile.readline(65537)) not in (b"", b"\r\n", b"\n"):
                name, _, value = header.decode("latin-1").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip() or 0)
            self.rfile.read(length)
        except (OSError, ValueError):
            return
        if listener.hangs:
            listener.stopped.wait()
            return
        self.wfile.write(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n"
                         b"Connection: close\r\n\r\n")


# --- test data -----------------------------------------------------------------------------

MEMO = """@prefix tt: <https://w3id.org/techties/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix st: <https://w3id.org/techties/id/state/> .
@prefix in: <https://w3id.org/techties/id/instrument/> .
@prefix qt: <https://w3id.org/techties/id/quote/> .
in:crash-memorandum-{n} a tt:Memorandum ;
    rdfs:label "Crash test memorandum {n}"@en ;
    tt:party st:russia , st:china .
[ a owl:Axiom ; owl:annotatedSource in:crash-memorandum-{n} ; owl:annotatedProperty rdf:type ;
  owl:annotatedTarget tt:Memorandum ; tt:evidence qt:kapoor-2021-p03-e ] .
[ a owl:Axiom ; owl:annotatedSource in:crash-memorandum-{n} ; owl:annotatedProperty rdfs:label ;
  owl:annotatedTarget "Crash test memorandum {n}"@en ; tt:evidence qt:kapoor-2021-p03-e ] .
[ a owl:Axiom ; owl:annotatedSource in:crash-memorandum-{n} ; owl:annotatedProperty tt:party ;
  owl:annotatedTarget st:russia ; tt:evidence qt:kapoor-2021-p03-e ] .
[ a owl:Axiom ; owl:annotatedSource in:crash-memorandum-{n} ; owl:annotatedProperty tt:party ;
  owl:annotatedTarget st:china ; tt:evidence qt:kapoor-2021-p03-e ] .
"""
"""A memorandum, its claims' evidence a passage the curated data has (Kapoor 2021)."""


def valid_submission_size() -> int:
    """The triples of tests/data/submissions/valid.ttl: the size of its graph once accepted or
    written (its blank nodes become skolem IRIs, one each)."""
    return len(set(ox.parse(path=DATA / "submissions" / "valid.ttl",
                            format=ox.RdfFormat.TURTLE)))


def memo(n: int) -> bytes:
    """A valid submission of its own: memorandum ``n`` between Russia and China, with its
    evidence."""
    return MEMO.format(n=n).encode()


def readme_note() -> str:
    """The README's example of an update: a comment in a graph of notes."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"--data-binary '(INSERT DATA \{ GRAPH <[^>]+/graph/notes> [^']+)'",
                      readme)
    assert found, "the README's notes example is gone"
    return found.group(1)


def billion_laughs(levels: int = 9) -> bytes:
    """RDF/XML whose entities would expand to 3 GB (10^9 'lol's) at 9 levels."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, levels + 1)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">\n'
        '<rdf:Description rdf:about="https://w3id.org/techties/id/state/x">'
        f'<rdfs:label>&lol{levels};</rdfs:label></rdf:Description>\n</rdf:RDF>\n'
    ).encode()
