"""``/health``: liveness and store statistics (quads, graphs, last load), and the answer
cache's (entries, bytes, hits, misses, hit rate), as JSON."""

import json

from flask import Blueprint, Response, current_app

from .. import store
from . import cache, evaluation

bp = Blueprint("health", __name__)


@bp.get("/health")
def health():
    settings = current_app.config["TECHTIES_SETTINGS"]
    body = {"status": "ok"}
    try:
        stats = evaluation.dataset().cached("statistics", store.statistics)
    except (FileNotFoundError, OSError) as exc:
        status = 503
        body = {"status": "unavailable",
                "store": str(exc).replace(str(settings.store_location), "<store>")}
    else:
        status = 200
        meta = store.load_meta(settings.store_location)
        body.update(stats)
        body["generation"] = evaluation.dataset().generation
        body["last_load"] = meta.get("loaded_at")
        body["loaded_files"] = meta.get("files", [])
        body["answer_cache"] = cache.statistics(current_app)
    return Response(json.dumps(body, indent=2) + "\n", status, mimetype="application/json",
                    headers={"Cache-Control": "no-store"})
