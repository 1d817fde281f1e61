"""Coverage-guided fuzzing (atheris) of the parsers' entry points; not part of the test run.

    .venv/bin/python tests/fuzz/fuzz.py TARGET [libFuzzer options, e.g. -max_total_time=180]

``make fuzz`` runs every target for ``FUZZ_SECONDS`` (180) each, with the fuzz extra
installed. TARGET is one of:

- ``query``: what a query or update meets before the engine: the guard's screening (depth,
  SERVICE and LOAD, the protocol's USING clauses) and, for a text the engine refuses, the
  syntax error told in words (:mod:`server.query.syntax`);
- ``submission``: the submission entry, :func:`server.submission.parse.parse`, in each of its
  six formats (the first byte chooses);
- ``negotiation``: a request's Accept header, format parameters, path and query string, as
  :mod:`server.web.inputs` and :func:`server.web.negotiation.choose` read them.

Each target allows the errors its entry point is meant to raise (Refused, SyntaxError,
ParseError, a 400 or 406 Problem); anything else is a finding, which libFuzzer saves as
``crash-<sha1>`` in ``var/fuzz/<target>/`` with the input. The corpus starts from the
repository's own queries and example submissions and grows in ``var/fuzz/<target>/corpus``.
"""

import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

with atheris.instrument_imports():
    import pyoxigraph as ox
    from flask import Flask

    from server.query import guard, syntax
    from server.submission import parse
    from server.web import errors, inputs, negotiation

ALLOWLIST = ("https://query.wikidata.org/sparql",)
FORMATS = ["ttl", "nt", "jsonld", "rdfxml", "nq", "trig"]
MAX_TEXT = 4000
"""Longer inputs teach the fuzzer nothing the short ones do not, and cost more per run."""


def query(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    update = fdp.ConsumeBool()
    text = fdp.ConsumeUnicodeNoSurrogates(MAX_TEXT)
    try:
        screened = guard.screen(text, ALLOWLIST, base="http://localhost/sparql", update=update)
        if update:
            guard.with_using(screened.text, ["http://e/g"], ["http://e/n"])
    except guard.Refused:
        return
    empty = ox.Store()
    try:  # the engine only parses here: the store is empty, and nothing is iterated
        if update:
            empty.update(screened.text)
        else:
            empty.query(screened.text)
    except SyntaxError as exc:
        told = syntax.explain(text, exc)
        assert told.line >= 1 and told.column >= 1, told
        assert str(told).startswith(f"line {told.line}, column {told.column}: "), told
    except (OSError, ValueError, RuntimeError):
        pass  # evaluation errors of a well-formed text: not the entry point's business


def submission(data: bytes) -> None:
    if not data:
        return
    fmt = FORMATS[data[0] % len(FORMATS)]
    try:
        parsed = parse.parse(data[1:], fmt)
    except parse.ParseError as exc:
        assert exc.line is None or (exc.line >= 1 and exc.column is not None), exc
        return
    assert parsed.quads


APP = Flask(__name__)
OFFERS = [negotiation.SOLUTION_FORMATS, negotiation.TRIPLE_FORMATS,
          [negotiation.HTML, *negotiation.TRIPLE_FORMATS]]


def _header(fdp) -> str:
    return "".join(c for c in fdp.ConsumeUnicodeNoSurrogates(200) if c >= " " and c != "\x7f")


def negotiation_target(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    offers = OFFERS[fdp.ConsumeIntInRange(0, len(OFFERS) - 1)]
    accept = _header(fdp)
    path = fdp.ConsumeBytes(80).decode("latin-1")
    query_string = fdp.ConsumeBytes(120).decode("latin-1")
    environ = {"PATH_INFO": "/" + path, "QUERY_STRING": query_string}
    with APP.test_request_context(environ_overrides=environ, headers={"Accept": accept}):
        try:
            inputs.check()
        except errors.Problem as problem:
            assert problem.status == 400, problem.message
            return
        try:
            chosen = negotiation.choose(offers)
        except errors.Problem as problem:
            assert problem.status == 406, problem.message
            return
        assert chosen in offers


TARGETS = {"query": query, "submission": submission, "negotiation": negotiation_target}


def seed(name: str, corpus: Path) -> None:
    """Start an empty corpus from the repository's own inputs."""
    if any(corpus.iterdir()):
        return
    if name == "query":
        files = sorted((ROOT / "queries").rglob("*.rq"))
        seeds = [b"\x00" + f.read_bytes() for f in files]
    elif name == "submission":
        files = sorted((ROOT / "tests" / "data" / "submissions").iterdir())
        by_ext = {"ttl": 0, "nt": 1, "jsonld": 2, "rdf": 3, "nq": 4, "trig": 5}
        seeds = [bytes([by_ext[f.suffix[1:]]]) + f.read_bytes() for f in files
                 if f.suffix[1:] in by_ext]
    else:
        seeds = [b"\x01text/turtle;q=0.9, */*;q=0.1id/state/russiaformat=ttl&query=ASK"]
    for i, data in enumerate(seeds):
        (corpus / f"seed-{i}").write_bytes(data)


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: fuzz.py {'|'.join(TARGETS)} [CORPUS_DIR] [libFuzzer options]")
    name = sys.argv.pop(1)
    corpora = [Path(a) for a in sys.argv[1:] if not a.startswith("-")]
    for corpus in corpora:
        corpus.mkdir(parents=True, exist_ok=True)
        seed(name, corpus)
    atheris.Setup(sys.argv, TARGETS[name])
    atheris.Fuzz()


if __name__ == "__main__":
    main()
