"""``/dumps/``: the whole dataset to download (described in VoID at ``/void``:
:mod:`server.web.void`).

``/dumps/techties.nq`` and ``.trig`` hold every graph; ``.ttl``, ``.nt``, ``.jsonld`` and
``.rdf`` the union of the graphs (what queries see by default). Each is streamed from a
query worker, with its media type and a file name to save it under. (``/dumps`` redirects to
``/dumps/`` by Werkzeug's strict slashes.)
"""

from flask import Blueprint, render_template

from ..formats import RDF_FORMATS
from . import description, errors, evaluation

bp = Blueprint("dumps", __name__)

ORDER = description.DUMPS
BY_EXTENSION = {RDF_FORMATS[name].extension: RDF_FORMATS[name] for name in ORDER}


@bp.get("/dumps/")
def index():
    files = [(f"techties.{RDF_FORMATS[n].extension}", RDF_FORMATS[n]) for n in ORDER]
    return render_template("dumps.html", files=files)


@bp.get("/dumps/techties.<extension>")
def dump(extension: str):
    fmt = BY_EXTENSION.get(extension)
    if fmt is None:
        raise errors.not_found(f"no dump techties.{extension}: there are "
                               + ", ".join(f"techties.{e}" for e in BY_EXTENSION))
    return evaluation.dump(None, fmt, {
        "Content-Disposition": f'attachment; filename="techties.{fmt.extension}"'})
