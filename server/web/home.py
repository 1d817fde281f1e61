"""``/``: the query UI: YASGUI (vendored in static/yasgui/, no CDN) pointed at ``/sparql``,
with every query of the queries/ library offered as a named example, and
``/queries/<name>.rq``: a library query with its parameters bound by the server
(:func:`server.graph.library.bind`, as ``techties query --param`` binds them), which the UI's
parameter fields call, so no text typed into a field is ever pasted into SPARQL. The library
is read at each request, so new query files show up without a restart. The editor completes
prefixes, classes, properties and entities from techties' own vocabulary and search index
(:mod:`server.web.search`), not from an outside service.
"""

from flask import Blueprint, Response, current_app, render_template, request

from .. import namespaces as ns
from ..graph import library
from . import errors

bp = Blueprint("home", __name__)


def _readable():
    for path in sorted(library.QUERIES_DIR.glob("*.rq")):
        try:  # a file being written may not have its header yet: left out, not an error
            yield library.parse(path)
        except (ValueError, OSError):
            continue


@bp.get("/")
def index():
    examples = [{"name": q.name, "title": q.title, "question": q.question, "tags": list(q.tags),
                 "params": [{"name": p.name, "type": p.type, "default": p.default or ""}
                            for p in q.params]}
                for q in _readable()]
    return render_template("home.html", examples=examples, local_prefix=ns.BASE,
                           id_namespace=ns.ID)


@bp.get("/queries/<name>.rq")
def bound(name: str):
    """The query ``name`` with ``?<parameter>=<value>`` bound, an empty value leaving its
    parameter unbound (the query then answers for every value); the defaults for the rest."""
    path = library.QUERIES_DIR / f"{name}.rq"  # a path segment: it holds no "/"
    try:
        query = library.parse(path)
    except (ValueError, OSError):
        raise errors.not_found(f"no query {name}.rq in the library") from None
    values = {key: value for key, value in request.args.items() if value.strip()}
    unbound = {key for key, value in request.args.items() if not value.strip()}
    try:
        text = query.bind(values, unbound)
    except ValueError as exc:
        raise errors.bad_request(str(exc)) from None
    return Response(text, content_type="application/sparql-query; charset=utf-8")


@bp.get("/help/row-limit")
def row_limit():
    """What a cut answer's marker links to (:mod:`server.web.truncation`)."""
    limit = current_app.config["TECHTIES_SETTINGS"].row_limit
    return render_template("row_limit.html", limit=limit)
