"""The HTTP server: ``create_app(settings=None)`` builds the Flask application.

Settings come from :func:`server.config.load_settings` unless given (tests give their own).
One blueprint per concern; errors rendered in one place (:mod:`server.web.errors`). The app
owns what it is built with, so two apps in one process share nothing but the namespace: its
worker pool (:mod:`server.query.workers`, where queries and checks run; ended with the app,
or by ``techties serve``), its dataset (:class:`server.store.dataset.Dataset`, or a
``RemoteDataset`` for a remote store), the search index kept in step with it
(:class:`server.search.index.Served`), its submissions service, and the gate of its writes
(:class:`server.submission.writes.Writes`).
"""

import weakref

from flask import Flask

from . import namespaces
from .config import Settings, load_settings
from .query import workers
from .search import index as search_index
from .store.dataset import open_dataset
from .submission import offload
from .submission.records import Records
from .submission.service import Submissions
from .submission.writes import Writes
from .web import (
    browse,
    cache,
    compression,
    cors,
    documents,
    dumps,
    errors,
    graphstore,
    health,
    home,
    inputs,
    limits,
    metrics,
    ontology,
    pages,
    reconcile,
    search,
    sparql,
    submissions,
    void,
    workbench,
)


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    namespaces.configure(settings.namespace)
    app = Flask("server", template_folder="web/templates", static_folder="web/static")
    app.config["TECHTIES_SETTINGS"] = settings
    app.json.sort_keys = False
    pool = workers.Pool(settings.query_workers, (namespaces.configure, (settings.namespace,)),
                        queue_length=settings.query_queue, wait=settings.query_timeout)
    weakref.finalize(app, pool.close)
    dataset = open_dataset(settings.store_location)
    app.extensions["techties.pool"] = pool
    app.extensions["techties.dataset"] = dataset
    app.extensions["techties.search"] = search_index.Served(
        dataset, search_index.location(settings.store_location, settings.search_index))
    errors.init_app(app)
    inputs.init_app(app)
    cors.init_app(app)
    compression.init_app(app)
    cache.init_app(app, settings.answer_cache)  # after compression: it keeps answers unpacked
    records = Records.beside(settings.store_location, settings.submissions)
    limits.init_app(app, settings)
    check = offload.InWorker(pool, dataset, settings.validation_timeout)
    submissions.init_app(app, Submissions(dataset, records, settings, check=check))
    app.extensions["techties.writes"] = Writes(settings, check)
    metrics.init_app(app, pool, records)
    for module in (sparql, graphstore, home, browse, pages, documents, ontology, dumps, void,
                   health, search):
        app.register_blueprint(module.bp)
    app.register_blueprint(reconcile.bp)
    app.register_blueprint(workbench.bp)  # before submissions': /submissions/new, not <sid>
    app.register_blueprint(submissions.bp)
    return app
