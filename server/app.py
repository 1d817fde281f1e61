"""The HTTP server: ``create_app(settings=None)`` builds the Flask application.

Settings come from :func:`server.config.load_settings` unless given (tests give their own).
One blueprint per concern; errors rendered in one place (:mod:`server.web.errors`); the store
is owned by a :class:`server.store.dataset.Dataset` (a ``RemoteDataset`` for a remote store),
queries run in :mod:`server.query.workers`.
"""

from flask import Flask

from . import namespaces
from .config import Settings, load_settings
from .query import workers
from .store.dataset import open_dataset
from .submission import offload
from .web import (
    documents,
    dumps,
    errors,
    graphstore,
    health,
    home,
    ontology,
    pages,
    reconcile,
    sparql,
    submissions,
)


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    namespaces.configure(settings.namespace)
    app = Flask("server", template_folder="web/templates", static_folder="web/static")
    app.config["TECHTIES_SETTINGS"] = settings
    app.json.sort_keys = False
    pool = workers.pool(settings.query_workers, (namespaces.configure, (settings.namespace,)))
    dataset = open_dataset(settings.store_location, pool)
    app.extensions["techties.dataset"] = dataset
    errors.init_app(app)
    submissions.init_app(app, settings, open_store=dataset.writable, on_write=dataset.changed,
                         validate=offload.in_worker(dataset, settings.validation_timeout))
    for module in (sparql, graphstore, home, pages, documents, ontology, dumps, health):
        app.register_blueprint(module.bp)
    app.register_blueprint(reconcile.bp)
    app.register_blueprint(submissions.bp)
    return app
