"""``techties validate`` and ``techties submissions ...``: the command-line side of submissions.

Exit codes follow pySHACL's: 0 conforms (or done), 1 does not conform (or refused), 2 the
input cannot be used (a missing file, an unknown format, a syntax error).
"""

import gc
import getpass
import json
import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ..config import Settings
from ..formats import by_extension
from ..graph.report import Report, rule_namespace, sorted_quads
from ..store import lock
from ..store.dataset import open_dataset
from . import check, parse
from .records import NotFound, Records
from .service import Conflict, NoLongerConforms, Submissions

REPORT_FORMATS = ("text", "turtle", "json-ld", "json")


def _format(path: Path, name: str | None):
    if name:
        return parse.format_for(name)
    fmt = by_extension(path.name)
    if fmt is None:
        raise ValueError(f"{path}: cannot tell the RDF format from the extension; give --format "
                         "(ttl, trig, nt, nq, jsonld, rdfxml)")
    return fmt


def validate_files(settings: Settings, files: list[str], fmt: str | None,
                   report_format: str) -> int:
    """``techties validate``: each file checked as a submission would be, nothing submitted;
    the reports printed in ``report_format``."""
    if report_format not in REPORT_FORMATS:
        print(f"techties validate: --report takes {', '.join(REPORT_FORMATS)}", file=sys.stderr)
        return 2
    inputs = []
    for name in files:
        path = Path(name)
        try:
            inputs.append((path, path.read_bytes(), _format(path, fmt)))
        except (OSError, ValueError) as exc:
            print(f"techties validate: {exc}", file=sys.stderr)
            return 2
    reports = []
    with check.against(settings.store_location) as target:
        for path, data, file_format in inputs:
            try:
                _, report = check.check_body(data, file_format, target)
            except parse.ParseError as exc:
                print(f"{path}: {exc}", file=sys.stderr)
                return 2
            reports.append((path, report))
    _print_reports(reports, report_format)
    return 0 if all(r.conforms for _, r in reports) else 1


def _print_reports(reports: list[tuple[Path, Report]], report_format: str) -> None:
    if report_format == "text":
        for path, report in reports:
            print(f"{path}: {report.text()}")
    elif report_format == "json":
        docs = [{"file": str(path), **report.as_json()} for path, report in reports]
        print(json.dumps(docs[0] if len(docs) == 1 else docs, indent=2))
    else:
        graph = Graph()
        for _, report in reports:
            graph += report.graph()
        quads = sorted_quads(graph)
        fmt = ox.RdfFormat.TURTLE if report_format == "turtle" else ox.RdfFormat.JSON_LD
        prefixes = {"sh": "http://www.w3.org/ns/shacl#", "rule": str(rule_namespace())}
        sys.stdout.write(ox.serialize(quads, format=fmt, prefixes=prefixes).decode())


def _records(settings: Settings) -> Records:
    return Records.beside(settings.store_location, settings.submissions)


def _open(settings: Settings, *, write: bool) -> Submissions | None:
    """The submissions service over the store, opened read-write for a decision; None (with
    a message) if the store cannot be opened."""
    dataset = open_dataset(settings.store_location, command="submissions")
    try:
        if write:
            dataset.writable()
        else:
            dataset.checkpoint()
    except FileNotFoundError as exc:
        print(f"techties submissions: {exc}", file=sys.stderr)
        return None
    except lock.Busy as exc:
        print(f"techties submissions: refused: {exc}. Decide over HTTP instead: POST "
              "/submissions/<id>/accept or /reject with the write token.", file=sys.stderr)
        return None
    # "the store", not its path: the report is kept in the record, which the server shows
    return Submissions(dataset, _records(settings), settings,
                       check.InProcess(dataset, "the store"))


def submissions_list(settings: Settings, status: str | None) -> int:
    rows = _records(settings).list(status)
    for r in rows:
        print(f"{r.id}  {r.status:8}  {r.received}  {r.triples:5d} triples  {r.submitter}")
    print(f"{len(rows)} submission(s)" + (f" {status}" if status else ""))
    return 0


def submissions_show(settings: Settings, sid: str, data: bool) -> int:
    records = _records(settings)
    try:
        r = records.get(sid)
    except NotFound as exc:
        print(f"techties submissions: {exc}", file=sys.stderr)
        return 1
    print(f"submission {r.id}\n  status:    {r.status}\n  received:  {r.received}\n"
          f"  submitter: {r.submitter}\n  hash:      {r.sha256}\n  triples:   {r.triples}\n"
          f"  format:    {r.media_type}\n  graph:     {r.graph}")
    if r.decision:
        d = r.decision
        print(f"  decision:  {d['decision']} by {d['by']} at {d['at']}: {d['reason']}")
    print(Report.from_json(r.report).text())
    if data:
        sys.stdout.write(records.data(sid).decode("utf-8"))
    return 0


def submissions_submit(settings: Settings, file: str, fmt: str | None, submitter: str) -> int:
    path = Path(file)
    try:
        body, file_format = path.read_bytes(), _format(path, fmt)
    except (OSError, ValueError) as exc:
        print(f"techties submissions submit: {exc}", file=sys.stderr)
        return 2
    try:
        return _submit(settings, path, body, file_format, submitter)
    finally:
        gc.collect()  # as in submissions_decide: release the store now


def _submit(settings: Settings, path: Path, body: bytes, file_format, submitter: str) -> int:
    service = _open(settings, write=settings.submission_policy == "auto")
    if service is None:
        return 1
    try:
        record = service.submit(body, file_format.media_type, submitter)
    except parse.ParseError as exc:
        print(f"{path}: {exc}", file=sys.stderr)
        return 2
    print(f"submission {record.id}: {record.status}")
    print(Report.from_json(record.report).text())
    return 0 if record.status != "rejected" else 1


def submissions_decide(settings: Settings, sid: str, decision: str, reason: str | None) -> int:
    try:
        return _decide(settings, sid, decision, reason)
    finally:
        # rdflib's SPARQL engine (the inference step) leaves frames in reference cycles, and
        # with them this store: collect them so that the store is closed when this returns.
        gc.collect()


def _decide(settings: Settings, sid: str, decision: str, reason: str | None) -> int:
    service = _open(settings, write=True)
    if service is None:
        return 1
    by = f"{getpass.getuser()} (command line)"
    try:
        service.recover()
        if decision == "accept":
            record = service.accept(sid, by=by, reason=reason)
        else:
            record = service.reject(sid, by=by, reason=reason or "")
    except (NotFound, Conflict) as exc:
        print(f"techties submissions: {exc}", file=sys.stderr)
        return 1
    except NoLongerConforms as exc:
        print(f"techties submissions: {exc}; it stays pending:", file=sys.stderr)
        print(exc.report.text(), file=sys.stderr)
        return 1
    print(f"submission {record.id}: {record.status}"
          + (f" into <{record.graph}>" if record.status == "accepted" else ""))
    return 0
