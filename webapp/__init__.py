"""LPT signposting chat: the Flask app factory."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from jinja2 import ChainableUndefined, ChoiceLoader, PackageLoader, select_autoescape
from werkzeug.exceptions import HTTPException

from webapp.bounds import RowIdConverter
from webapp.config import INSTANCE, Config

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; `test_config` overrides settings for tests."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE),
        static_folder="static/build",
        static_url_path="/static",
    )
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)
    _configure_jinja(app)
    app.url_map.converters["int"] = RowIdConverter  # before any route: ids stay in range
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its set-up chatter, not events

    from webapp import i18n, retention, translate
    from webapp.booking import cli as booking_cli
    from webapp.chat import connections as chat_connections
    from webapp.chat import events  # noqa: F401  (registers handlers before init_app)
    from webapp.chat import resends as chat_resends
    from webapp.content import cli as content_cli
    from webapp.extensions import csrf, db, engine_options, migrate, socketio, socketio_queue
    from webapp.guides import cli as guides_cli
    from webapp.services import bot_client
    from webapp.staff import duty_socket  # noqa: F401  (the /duty handlers, before init_app)

    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config))
    db.init_app(app)
    migrate.init_app(app, db, directory=str(app.root_path + "/migrations"))
    i18n.init_app(app)
    csrf.init_app(app)
    bot_client.init_app(app)
    translate.init_app(app)
    content_cli.init_app(app)
    guides_cli.init_app(app)
    booking_cli.init_app(app)
    retention.init_app(app)
    socketio.init_app(
        app,
        cors_allowed_origins=app.config["SOCKETIO_CORS_ORIGINS"],
        max_http_buffer_size=app.config["SOCKETIO_MAX_MESSAGE_BYTES"],
        **socketio_queue(app.config),  # SOCKETIO_MESSAGE_QUEUE: several web processes
    )
    chat_connections.init_app(app)  # connections per client address, capped
    chat_resends.init_app(app)  # messages sent again after a dropped connection: answered once

    from webapp import assets, health, security, staff
    from webapp.api import routes as api
    from webapp.booking import routes as booking_routes
    from webapp.chat import routes as chat
    from webapp.guides import routes as guide_routes
    from webapp.offline import routes as offline

    app.register_blueprint(chat.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(assets.bp)
    app.register_blueprint(booking_routes.bp)
    app.register_blueprint(guide_routes.bp)
    app.register_blueprint(offline.bp)  # the manifest, the service worker, the offline pages
    csrf.exempt(api.bp)  # a JSON API that uses no cookies
    csrf.exempt(booking_routes.submit)
    staff.init_app(app)  # the staff area at /staff: sign-in, content editing
    security.init_app(app)  # headers, cookies, size and rate limits: after every blueprint

    _register_error_handlers(app)
    return app


def _configure_jinja(app: Flask) -> None:
    """Load NHS.UK frontend macros from their package, beside the app's own templates."""
    app.jinja_options = {
        **app.jinja_options,
        # Escape in the NHS.UK macros (.jinja) too, as they expect: their `text` params and
        # field values are then escaped, and only their `html` params are taken as markup.
        "autoescape": select_autoescape(["html", "htm", "xml", "jinja"]),
        "undefined": ChainableUndefined,  # the NHS.UK macros read optional nested params
        "loader": ChoiceLoader(
            [app.create_global_jinja_loader(), PackageLoader("nhsuk_frontend_jinja")]
        ),
    }


def _register_error_handlers(app: Flask) -> None:
    """Clear JSON errors on the API and plain pages elsewhere: never a stack trace."""

    def wants_json() -> bool:
        return request.path.startswith("/api/")

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException) -> ResponseReturnValue:
        code = (err.name or "error").lower().replace(" ", "_")
        if wants_json():
            body = {"error": {"code": code, "message": err.description}}
            return jsonify(body), err.code or 500
        page = render_template("error.html", status=err.code, message=err.description)
        # Flask only calls this with a code set (code-less proxy exceptions are returned as
        # they are); a None status would mean the default 200, as a bare page does.
        return (page, err.code) if err.code is not None else page

    @app.errorhandler(Exception)
    def unexpected(err: Exception) -> ResponseReturnValue:
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        message = "Something went wrong on our side. Please try again."
        if wants_json():
            return jsonify({"error": {"code": "server_error", "message": message}}), 500
        return render_template("error.html", status=500, message=message), 500
