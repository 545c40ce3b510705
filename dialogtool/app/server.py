"""The Flask app over one round kept in memory, and a server on the loopback address only."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import Flask
from werkzeug.serving import BaseWSGIServer, make_server

from ..model import Analysis, Round
from ..pipeline import DEFAULT_OUT, build
from .desk import Desk
from .routes import pages

LOOPBACK = "127.0.0.1"


def create_app(round_: Round, out_dir: Path = DEFAULT_OUT, analysis: Analysis | None = None) -> Flask:
    """The app over `round_` (built now unless `analysis` is given), downloads written to `out_dir`.

    A note that cannot be read is skipped and named on the overview, rather than keeping
    the investigators from the other twenty."""
    app = Flask(__name__)
    app.secret_key = secrets.token_bytes(32)
    app.config.update(SESSION_COOKIE_SAMESITE="Strict", SESSION_COOKIE_HTTPONLY=True, MAX_CONTENT_LENGTH=1_000_000)
    app.extensions["dialogtool"] = Desk(analysis or build(round_, keep_going=True), Path(out_dir))
    app.register_blueprint(pages)
    return app


def serve(app: Flask, port: int = 0) -> BaseWSGIServer:
    """A threaded server for `app` on 127.0.0.1 (`port` 0: a free one); call serve_forever() on it."""
    return make_server(LOOPBACK, port, app, threaded=True)


def address(server: BaseWSGIServer) -> str:
    """The address to open in the browser."""
    return f"http://{LOOPBACK}:{server.server_port}/"
