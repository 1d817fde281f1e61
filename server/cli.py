"""The ``techties`` command line."""

import argparse
import gzip
import os
import re
import signal
import sys
from pathlib import Path

from . import checks, namespaces, progress, store
from .config import load_settings, read_namespace
from .formats import RDF_FORMATS, RESULT_FORMATS, by_extension, lookup
from .graph import library, load
from .query import jobs, run, workers
from .store import lock
from .store.dataset import opened_for_reading, reading
from .submission import names


def _store_location(args):
    return load_settings(store=getattr(args, "store", None)).store_location


def cmd_load(args) -> int:
    settings = load_settings(store=getattr(args, "store", None))
    path = settings.store_location
    try:
        with progress.Steps(load.STEPS) as steps:
            loaded = load.load(path, settings.search_index, step=steps.done)
    except lock.Busy as exc:
        print(f"techties load: refused: {exc}. Stop it first: load replaces the store, and a "
              "server would go on writing into the one replaced.", file=sys.stderr)
        return 1
    except load.NotConforming as exc:
        print("Refusing to load: the curated data does not conform to the shapes.",
              file=sys.stderr)
        print(exc.report.text(), file=sys.stderr)
        return 1
    total = sum(loaded.graphs.values())
    print(f"Loaded {total} triples in {len(loaded.graphs)} graphs into {path}:")
    for iri, count in loaded.graphs.items():
        print(f"  {count:6d}  {iri}")
    warnings = len(loaded.report.problems)
    if warnings:
        print(f"{warnings} SHACL warning(s); `techties check` lists them.")
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def cmd_serve(args) -> int:
    import waitress

    from .app import create_app

    settings = load_settings(store=getattr(args, "store", None), host=args.host, port=args.port)
    if not store.exists(settings.store_location):
        print(f"techties serve: no store at {settings.store_location}: run `techties load` "
              "first", file=sys.stderr)
        return 2
    app = create_app(settings)
    try:
        app.extensions["techties.dataset"].hold()
    except lock.Busy as exc:
        app.extensions["techties.pool"].close()
        print(f"techties serve: refused: {exc}", file=sys.stderr)
        return 2
    except store.Damaged:
        app.extensions["techties.pool"].close()
        raise
    # SIGTERM ends the server as Ctrl-C does, so the query workers and checkpoints go too.
    signal.signal(signal.SIGTERM, _interrupt)
    print(f"techties: serving {settings.store_location} on http://{settings.host}:"
          f"{settings.port}/ (SPARQL at /sparql; Ctrl-C stops)", flush=True)
    try:
        waitress.serve(app, host=settings.host, port=settings.port, threads=args.threads,
                       ident="techties", channel_timeout=max(120, settings.query_timeout * 2))
    except KeyboardInterrupt:
        pass
    finally:
        app.extensions["techties.pool"].close()
    return 0


def cmd_query(args) -> int:
    if args.list:
        return _list_queries()
    if args.query is None:
        print("techties query: give a query, a .rq file, or --list", file=sys.stderr)
        return 2
    text, values = args.query, _params(args.param or [])
    path = Path(args.query)
    is_file = _is_file(path)
    query = _library_query(path) if is_file else library.named(args.query)
    if not is_file and query is None and re.fullmatch(r"[\w./-]+", args.query):
        print(f"techties query: {args.query} is not a file, nor a query of the library (see "
              "--list)", file=sys.stderr)
        return 2
    if query is not None:
        text = query.bind(values)
    elif values:
        print("techties query: --param needs a .rq file whose header declares parameters",
              file=sys.stderr)
        return 2
    elif is_file:
        text = path.read_text(encoding="utf-8")
    fmt = lookup(args.format) if args.format else None
    settings = load_settings(store=getattr(args, "store", None))
    try:
        return _run_query(text, fmt, settings)
    except SyntaxError as exc:
        print(f"query syntax error: {exc}", file=sys.stderr)
        return 2
    except jobs.NotAcceptable as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except (jobs.EvaluationError, TimeoutError, workers.Crashed) as exc:
        print(f"techties query: {exc}", file=sys.stderr)
        return 1


def _run_query(text: str, fmt, settings) -> int:
    """Run ``text`` as the server does (:func:`server.query.run.run`: the same screening,
    timeout and isolation), in a worker of a pool of its own; no row limit."""
    if fmt is None:
        results, graph = "json", "ttl"
    else:
        results, graph = (fmt.name, None) if fmt.name in RESULT_FORMATS else (None, fmt.name)
    pool = workers.Pool(1, (namespaces.configure, (settings.namespace,)))
    try:
        stream = run.run(text, pool=pool, dataset=reading(settings.store_location),
                         settings=settings, results=results, graph=graph,
                         prefixes=names.defaults())
        for chunk in stream:
            sys.stdout.buffer.write(chunk)
    finally:
        pool.close()
    if stream.failure:
        print(f"techties query: the answer stopped part way ({stream.failure})",
              file=sys.stderr)
        return 1
    return 0


def _params(pairs: list[str]) -> dict[str, str]:
    values = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--param {pair!r}: write it as name=value")
        values[name.strip()] = value
    return values


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # query text too long to be a file name
        return False


def _library_query(path: Path):
    """A file with a library header (title, question), or None for a plain query file."""
    try:
        return library.parse(path)
    except ValueError:
        return None


def _list_queries() -> int:
    for query in library.queries():
        print(f"{query.name}: {query.title}")
        print(f"    {query.question}")
        for param in query.params:
            default = f" = {param.default}" if param.default is not None else " (any)"
            print(f"    --param {param.name}=<{param.type}>{default}")
    return 0


def cmd_check(args) -> int:
    def say(outcome):
        mark = {True: "PASS", False: "FAIL", None: "SKIP"}[outcome.ok]
        progress.write(f"{mark}  {outcome.name}: {outcome.detail}")
        shown.update()

    settings = load_settings(store=getattr(args, "store", None))
    with progress.bar(desc="checking", unit=" checks") as shown:
        return 0 if checks.run_all(settings.store_location, say, settings.sources) else 1


def cmd_anchor(args) -> int:
    from .graph import anchors

    settings = load_settings()
    texts = anchors.sources_dir(settings.sources)
    if not texts.is_dir():
        print(f"techties anchor: no source texts at {texts}: set TECHTIES_SOURCES",
              file=sys.stderr)
        return 2
    found, missing = anchors.compute(anchors.curated_without_anchors(), texts)
    for m in missing:
        print(m.line(), file=sys.stderr)
    text = anchors.render(found)
    current = anchors.ANCHORS_FILE.read_text(encoding="utf-8") \
        if anchors.ANCHORS_FILE.exists() else ""
    if args.check:
        if current != text:
            print("instances/anchors.ttl is out of date: run `techties anchor`", file=sys.stderr)
            return 1
        return 1 if missing else 0
    anchors.ANCHORS_FILE.write_text(text, encoding="utf-8")
    print(f"Anchored {len(found)} quote(s) in {anchors.ANCHORS_FILE}"
          + (f"; {len(missing)} not found" if missing else ""))
    return 1 if missing else 0


def cmd_export(args) -> int:
    name = args.format
    if name is None:
        found = by_extension(args.out) if args.out else None
        if found is None:
            where = f"the name {args.out}" if args.out else "standard output"
            print(f"techties export: cannot tell the format from {where}: give --format "
                  f"({', '.join(RDF_FORMATS)}) or a file name ending in one of "
                  f"{', '.join('.' + f.extension for f in RDF_FORMATS.values())} (or .gz)",
                  file=sys.stderr)
            return 2
        name = found.name
    fmt = RDF_FORMATS.get(lookup(name).name)
    if fmt is None:
        print(f"export writes RDF: choose one of {', '.join(RDF_FORMATS)}", file=sys.stderr)
        return 2
    with opened_for_reading(_store_location(args)) as db:
        written = 0

        def counted(statements):
            nonlocal written
            with progress.bar(statements, desc=f"exporting {fmt.name}", unit=" statements",
                              total=len(db) if fmt.dataset else None) as shown:
                for statement in shown:
                    written += 1
                    yield statement

        if args.out:
            opener = gzip.open if args.out.endswith(".gz") else open
            with opener(args.out, "wb") as out:
                store.dump(db, out, fmt, prefixes=names.defaults(), track=counted)
        else:
            store.dump(db, sys.stdout.buffer, fmt, prefixes=names.defaults(), track=counted)
            sys.stdout.buffer.flush()
        what = ("quads (every graph)" if fmt.dataset
                else "triples (the union of the graphs, each once)")
        print(f"Exported {written} {what} as {fmt.media_type} to {args.out or 'standard output'}.",
              file=sys.stdout if args.out else sys.stderr)
        return 0


def cmd_import(args) -> int:
    from .store import imports

    try:
        done = imports.import_file(_store_location(args), Path(args.file), args.graph,
                                    format=args.format, base_iri=args.base)
    except SyntaxError as exc:
        print(f"techties import: {exc}", file=sys.stderr)
        return 2
    except lock.Busy as exc:
        print(f"techties import: refused: {exc}. Stop it first, then import.", file=sys.stderr)
        return 1
    print(f"Imported {done.triples} triples from {done.source} into <{done.graph}>.")
    return 0


def _records_and_store(args, command: str):
    """The store's location and its submission records, or None (said) for a remote store."""
    from .config import Endpoints
    from .submission.records import Records

    settings = load_settings(store=getattr(args, "store", None))
    location = settings.store_location
    if isinstance(location, Endpoints):
        print(f"techties {command}: the store is a remote SPARQL store: use its own backups "
              "(or `techties export --format nq`); the submission records are in "
              f"{Records.beside(location, settings.submissions).directory}", file=sys.stderr)
        return None
    return location, Records.beside(location, settings.submissions)


def cmd_backup(args) -> int:
    from .store import backup

    found = _records_and_store(args, "backup")
    if found is None:
        return 2
    location, records = found
    try:
        made = backup.backup(location, records, Path(args.dir))
    except FileExistsError as exc:
        print(f"techties backup: {exc}", file=sys.stderr)
        return 2
    except lock.Busy as exc:
        print(f"techties backup: refused: {exc}: try again once it is done", file=sys.stderr)
        return 1
    print(f"Backed up {made.quads} quads in {made.graphs} graphs and {made.records} submission "
          f"record(s), from {made.source}, into {args.dir}.")
    return 0


def cmd_restore(args) -> int:
    from .store import backup

    found = _records_and_store(args, "restore")
    if found is None:
        return 2
    location, records = found
    try:
        made = backup.restore(Path(args.dir), location, records.directory)
    except backup.Unusable as exc:
        print(f"techties restore: {exc}; nothing was changed", file=sys.stderr)
        return 2
    except lock.Busy as exc:
        print(f"techties restore: refused: {exc}. Stop it first: restore replaces the store.",
              file=sys.stderr)
        return 1
    print(f"Restored {made.quads} quads in {made.graphs} graphs and {made.records} submission "
          f"record(s) from {made.source} into {location}.")
    return 0


def cmd_link_check(args) -> int:
    from .linking import linksets

    found, faults = linksets.check_all()
    counts = {name: sum(1 for link in found if link.dataset == name) for name in linksets.TARGETS}
    print(f"{len(found)} links: " + ", ".join(f"{n} {name}" for name, n in counts.items()))
    for fault in faults:
        print(fault.line())
    print(f"{len(faults)} problem(s)")
    return 1 if faults else 0


def _is_class(db, iri: str) -> bool:
    import pyoxigraph as ox

    owl_class = ox.NamedNode("http://www.w3.org/2002/07/owl#Class")
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return False
    return next(iter(db.quads_for_pattern(node, rdf_type, owl_class)), None) is not None


def cmd_link_discover(args) -> int:
    from .linking import discovery, matching

    settings = load_settings(store=getattr(args, "store", None))
    cls = matching.class_iri(args.type) if args.type else None
    with opened_for_reading(settings.store_location) as db:
        if cls is not None and not _is_class(db, cls):  # else: empty linksets, as if none matched
            print(f"techties link discover: --type {args.type}: techties has no such class "
                  "(give one such as State, Company, Organization, Technology or Agreement)",
                  file=sys.stderr)
            return 2
        ours = discovery.our_entities(db, cls)
    against = args.against
    try:
        if against.startswith(("http://", "https://")):
            # Named on the command line by the user: queried even if not on the allow-list.
            theirs = discovery.from_endpoint(against, ours, timeout=settings.service_timeout,
                                             allowlist=settings.service_allowlist, explicit=True)
        else:
            theirs = discovery.from_file(Path(against))
    except SyntaxError as exc:
        print(f"techties link discover: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"techties link discover: {against} did not answer: {exc}", file=sys.stderr)
        return 1
    accepted, review = discovery.split(discovery.candidates(ours, theirs),
                                       accept=args.accept, review=args.review)
    out = Path(args.out)
    discovery.write_linkset(out / "accepted.ttl", accepted, against=against,
                            what=f"Accepted (score >= {args.accept})")
    discovery.write_linkset(out / "review.ttl", review, against=against,
                            what=f"To review (score >= {args.review}, below {args.accept} "
                                 "or not clearly ahead)")
    print(f"{len(ours)} of our entities against {len(theirs)} of {against}: "
          f"{len(accepted)} accepted -> {out / 'accepted.ttl'}, "
          f"{len(review)} to review -> {out / 'review.ttl'}")
    return 0


def cmd_validate(args) -> int:
    from .submission import commands

    settings = load_settings(store=getattr(args, "store", None))
    return commands.validate_files(settings, args.files, args.format, args.report)


def cmd_submissions(args) -> int:
    from .submission import commands

    settings = load_settings(store=getattr(args, "store", None))
    action = args.submissions_command
    if action == "list":
        return commands.submissions_list(settings, args.status)
    if action == "show":
        return commands.submissions_show(settings, args.id, args.data)
    if action == "submit":
        return commands.submissions_submit(settings, args.file, args.format, args.submitter)
    return commands.submissions_decide(settings, args.id, action, args.reason)


def _add_submission_commands(sub, with_store) -> None:
    sp = with_store(sub.add_parser("validate", help="validate RDF files as submissions: exit 0 "
                                                    "conforms, 1 does not, 2 unusable input"))
    sp.add_argument("files", nargs="+", metavar="FILE",
                    help="Turtle, TriG, N-Triples, N-Quads, JSON-LD or RDF/XML")
    sp.add_argument("--format", help="the files' format, if their extensions do not say")
    sp.add_argument("--report", default="text", choices=["text", "turtle", "json-ld", "json"],
                    help="text (one line per result, the default), or an sh:ValidationReport "
                         "in Turtle or JSON-LD, or JSON")
    sp.set_defaults(func=cmd_validate)
    subs = sub.add_parser("submissions", help="list, show, accept or reject submissions")
    subs_sub = subs.add_subparsers(dest="submissions_command", required=True)
    sp = with_store(subs_sub.add_parser("list", help="the submissions, newest last"))
    sp.add_argument("--status", choices=["pending", "accepted", "rejected"])
    sp = with_store(subs_sub.add_parser("show", help="one submission: record and report"))
    sp.add_argument("id")
    sp.add_argument("--data", action="store_true", help="also print its triples")
    sp = with_store(subs_sub.add_parser("submit", help="submit a file, as POST /submissions"))
    sp.add_argument("file")
    sp.add_argument("--format", help="the file's format, if its extension does not say")
    sp.add_argument("--as", dest="submitter", default="anonymous",
                    help="the submitter's name to record (default: anonymous)")
    sp = with_store(subs_sub.add_parser("accept", help="accept a pending submission"))
    sp.add_argument("id")
    sp.add_argument("--reason", help="why (recorded with the decision)")
    sp = with_store(subs_sub.add_parser("reject", help="reject a pending submission"))
    sp.add_argument("id")
    sp.add_argument("--reason", required=True, help="why (recorded with the decision)")
    subs.set_defaults(func=cmd_submissions)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="techties", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    def with_store(sp):
        sp.add_argument("--store", help="store directory (default: TECHTIES_STORE or var/store)")
        return sp

    sp = with_store(sub.add_parser("load", help="validate the curated data and build the store"))
    sp.set_defaults(func=cmd_load)
    sp = with_store(sub.add_parser("serve", help="serve the SPARQL endpoint, Linked Data pages "
                                                 "and dumps over HTTP (waitress)"))
    sp.add_argument("--host", help="interface to listen on (TECHTIES_HOST, else 127.0.0.1)")
    sp.add_argument("--port", type=int, help="port to listen on (TECHTIES_PORT, else 5000)")
    sp.add_argument("--threads", type=int, default=8, help="request threads (8)")
    sp.set_defaults(func=cmd_serve)
    sp = with_store(sub.add_parser("query", help="run a SPARQL query against the store"))
    sp.add_argument("query", nargs="?", help="the query text, a file holding it, or the name "
                                             "of a library query (as --list shows it)")
    sp.add_argument("--format", help="json, xml, csv, tsv (SELECT/ASK); ttl, nt, jsonld, rdfxml")
    sp.add_argument("--param", action="append", metavar="NAME=VALUE",
                    help="a value for a parameter the .rq file's header declares (repeatable)")
    sp.add_argument("--list", action="store_true", help="list the query library in queries/")
    sp.set_defaults(func=cmd_query)
    sp = with_store(sub.add_parser("check", help="run every quality check"))
    sp.set_defaults(func=cmd_check)
    sp = sub.add_parser("anchor", help="write instances/anchors.ttl: where each evidence quote "
                                       "stands in its document (needs TECHTIES_SOURCES)")
    sp.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if the file is out of date or a quote is not found")
    sp.set_defaults(func=cmd_anchor)
    sp = with_store(sub.add_parser("export", help="dump the dataset"))
    sp.add_argument("--format", help=", ".join(RDF_FORMATS) + " (default: from OUT's "
                                     "extension, as import reads it)")
    sp.add_argument("out", nargs="?", help="output file, gzipped if it ends in .gz "
                                           "(default: standard output)")
    sp.set_defaults(func=cmd_export)
    sp = with_store(sub.add_parser("import", help="load an external data set into its own "
                                                  "named graph"))
    sp.add_argument("file", help="N-Triples, Turtle, N-Quads, TriG, RDF/XML or JSON-LD, "
                                 "gzipped or not")
    sp.add_argument("--graph", required=True, help="the named graph to load it into")
    sp.add_argument("--format", help="the file's format, if its extension does not say")
    sp.add_argument("--base", help="base IRI for relative IRIs in the file")
    sp.set_defaults(func=cmd_import)
    sp = with_store(sub.add_parser("backup", help="an online copy of the store and the "
                                                  "submission records, into a new directory"))
    sp.add_argument("dir", help="the directory to make (it must not exist, or be empty)")
    sp.set_defaults(func=cmd_backup)
    sp = with_store(sub.add_parser("restore", help="put a backup back in place of the store and "
                                                   "the submission records"))
    sp.add_argument("dir", help="a directory `techties backup` made")
    sp.set_defaults(func=cmd_restore)
    link = sub.add_parser("link", help="check the linksets; discover candidate links")
    link_sub = link.add_subparsers(dest="link_command", required=True)
    sp = link_sub.add_parser("check", help="check instances/links/ against the curated data")
    sp.set_defaults(func=cmd_link_check)
    sp = with_store(link_sub.add_parser("discover", help="propose links to an external data set"))
    sp.add_argument("--against", required=True, help="an RDF file, or a SPARQL endpoint URL")
    sp.add_argument("--type", help="only our entities of this class (State, tt:Company, IRI)")
    sp.add_argument("--accept", type=float, default=0.9, help="accept at or above (0.9)")
    sp.add_argument("--review", type=float, default=0.7, help="review at or above (0.7)")
    sp.add_argument("--out", default="var/discovery", help="where accepted.ttl and review.ttl "
                                                          "go (var/discovery)")
    sp.set_defaults(func=cmd_link_discover)
    _add_submission_commands(sub, with_store)
    return p


DAMAGED = 3
"""The exit status of any command that found the store damaged: a supervisor told not to
restart on it (systemd: ``RestartPreventExitStatus=3``) stops instead of looping."""


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    progress.enable(args.command != "serve")  # on a terminal; the server draws none
    try:
        namespaces.configure(read_namespace())
    except ValueError as exc:  # no IRI can be built, so no command can run
        print(f"techties: {exc}", file=sys.stderr)
        return 1
    try:
        return args.func(args)
    except store.DiskFull as exc:
        print(f"techties {args.command}: {exc}", file=sys.stderr)
        return 1
    except store.Damaged as exc:
        print(f"techties {args.command}: {exc}.\nRestore a backup (`techties restore DIR`), "
              "or move the directory away and run `techties load` to build a new store from "
              "the repository's files (without what the damaged one held beyond them).",
              file=sys.stderr)
        return DAMAGED
    except (FileNotFoundError, ValueError) as exc:
        print(f"techties {args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`techties load | head -1`): what it did not read is not
        # wanted. Standard output is pointed at /dev/null so that the interpreter's own
        # flush at exit does not fail too; exit as a process killed by SIGPIPE does.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE
    except TimeoutError as exc:  # a server's checkpoint to read could not be held
        print(f"techties {args.command}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
