"""``/``: the query UI: YASGUI (vendored in static/yasgui/, no CDN) pointed at ``/sparql``,
with every query of the queries/ library offered as a named example. The library is read
at each request, so new query files show up without a restart.
"""

from flask import Blueprint, render_template

from . import library

bp = Blueprint("home", __name__)


@bp.get("/")
def index():
    examples = []
    for path in sorted(library.QUERIES_DIR.glob("*.rq")):
        try:  # a file being written may not have its header yet: left out, not an error
            query = library.parse(path)
        except (ValueError, OSError):
            continue
        try:
            text = query.bind()  # the declared defaults, as `techties query` binds them
        except ValueError:
            text = query.text
        examples.append({"name": query.name, "title": query.title,
                         "question": query.question, "text": text,
                         "tags": list(query.tags)})
    return render_template("home.html", examples=examples)
