"""The app the submission tests talk to, and a way to serve it from a subprocess.

``server.app.create_app`` (the HTTP server's factory) when it is there; until it is, a bare
Flask app with the submissions blueprint alone, which is all these tests need. Run as a
script it serves that app on loopback: the kill -9 test's stand-in for ``techties serve``
while the server's own command does not exist yet.

    python tests/submission_app.py --store DIR --port N
"""

import argparse
import sys
from pathlib import Path

from flask import Flask

from server.config import load_settings
from server.submission import views

try:
    from server.app import create_app
except ImportError:  # the HTTP server is being built alongside
    create_app = None


def make_app(settings) -> Flask:
    if create_app is not None:
        return create_app(settings)
    app = Flask("techties")
    app.config["TECHTIES_SETTINGS"] = settings
    app.register_blueprint(views.bp)
    return app


def has_serve() -> bool:
    from server import cli

    return "serve" in cli.parser()._subparsers._group_actions[0].choices


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    from werkzeug.serving import run_simple

    app = make_app(load_settings(store=args.store))
    run_simple("127.0.0.1", args.port, app, threaded=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
