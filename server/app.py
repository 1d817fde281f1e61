"""The HTTP server: ``create_app(settings=None)`` builds the Flask application.

Settings come from :func:`server.config.load_settings` unless given (tests give their own).
One blueprint per concern; errors rendered in one place (:mod:`server.errors`); the store
is owned by a :class:`server.dataset.Dataset` (a ``RemoteDataset`` for a remote store),
queries run in :mod:`server.workers`.
"""

from flask import Flask

from . import (
    dumps,
    endpoint,
    errors,
    graphstore,
    health,
    home,
    pages,
    reconcile,
    vocabulary,
    workers,
)
from .config import Settings, load_settings
from .dataset import open_dataset
from .submission import offload
from .submission import views as submissions


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    app = Flask("server")
    app.config["TECHTIES_SETTINGS"] = settings
    app.json.sort_keys = False
    dataset = open_dataset(settings.store_location, workers.pool(settings.query_workers))
    app.extensions["techties.dataset"] = dataset
    errors.init_app(app)
    submissions.init_app(app, settings, open_store=dataset.writable, on_write=dataset.changed,
                         validate=offload.in_worker(dataset, settings.validation_timeout))
    for module in (endpoint, graphstore, home, pages, vocabulary, dumps, health):
        app.register_blueprint(module.bp)
    app.register_blueprint(reconcile.bp)
    app.register_blueprint(submissions.bp)
    return app
