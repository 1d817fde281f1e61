"""The ``techties`` command line."""

import argparse
import sys
from pathlib import Path

from . import checks, load, sparql, store
from .config import load_settings
from .formats import RDF_FORMATS, lookup


def _store_path(args) -> Path:
    return load_settings(store=getattr(args, "store", None)).store_path


def cmd_load(args) -> int:
    path = _store_path(args)
    try:
        loaded = load.load(path)
    except load.NotConforming as exc:
        print("Refusing to load: the curated data does not conform to the shapes.",
              file=sys.stderr)
        print(exc.report.text(), file=sys.stderr)
        return 1
    total = sum(loaded.graphs.values())
    print(f"Loaded {total} triples in {len(loaded.graphs)} graphs into {path}:")
    for iri, count in loaded.graphs.items():
        print(f"  {count:6d}  {iri}")
    warnings = len(loaded.report.results)
    if warnings:
        print(f"{warnings} SHACL warning(s); `techties check` lists them.")
    return 0


def cmd_query(args) -> int:
    text = args.query
    if Path(text).is_file():
        text = Path(text).read_text(encoding="utf-8")
    db = store.open_store(_store_path(args), read_only=True)
    try:
        result = sparql.execute(db, text)
    except SyntaxError as exc:
        print(f"query syntax error: {exc}", file=sys.stderr)
        return 2
    fmt = lookup(args.format) if args.format else sparql.default_format(result)
    try:
        sparql.write(result, fmt, sys.stdout.buffer)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    return 0


def cmd_check(args) -> int:
    def say(outcome):
        mark = {True: "PASS", False: "FAIL", None: "SKIP"}[outcome.ok]
        print(f"{mark}  {outcome.name}: {outcome.detail}")

    return 0 if checks.run_all(_store_path(args), say) else 1


def cmd_export(args) -> int:
    fmt = RDF_FORMATS.get(lookup(args.format).name)
    if fmt is None:
        print(f"export writes RDF: choose one of {', '.join(RDF_FORMATS)}", file=sys.stderr)
        return 2
    db = store.open_store(_store_path(args), read_only=True)
    out = open(args.out, "wb") if args.out else sys.stdout.buffer
    try:
        if fmt.dataset:
            db.dump(out, fmt.oxigraph)
        else:
            # A triple format holds one graph: the union, as queries see it by default.
            db.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
                     use_default_graph_as_union=True).serialize(out, fmt.oxigraph)
    finally:
        if args.out:
            out.close()
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="techties", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    def with_store(sp):
        sp.add_argument("--store", help="store directory (default: TECHTIES_STORE or var/store)")
        return sp

    sp = with_store(sub.add_parser("load", help="validate the curated data and build the store"))
    sp.set_defaults(func=cmd_load)
    sp = with_store(sub.add_parser("query", help="run a SPARQL query against the store"))
    sp.add_argument("query", help="the query text, or a file holding it")
    sp.add_argument("--format", help="json, xml, csv, tsv (SELECT/ASK); ttl, nt, jsonld, rdfxml")
    sp.set_defaults(func=cmd_query)
    sp = with_store(sub.add_parser("check", help="run every quality check"))
    sp.set_defaults(func=cmd_check)
    sp = with_store(sub.add_parser("export", help="dump the dataset"))
    sp.add_argument("--format", required=True, help=", ".join(RDF_FORMATS))
    sp.add_argument("out", nargs="?", help="output file (default: standard output)")
    sp.set_defaults(func=cmd_export)
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (FileNotFoundError, ValueError) as exc:
        print(f"techties {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
