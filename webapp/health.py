"""Readiness: is the database answering, and has each Rasa server a model loaded?"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from webapp.extensions import db
from webapp.services.bot_client import get_bot_client

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 while the database and at least one Rasa server answer ("degraded" when some Rasa
    server does not); 503 naming the part that is not ready. Each Rasa server's state is in
    `bot_servers`."""
    body: dict[str, Any] = {"status": "ok", "bot": "ok", "db": "ok"}
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as err:
        current_app.logger.error("Health check: database failed: %s", type(err).__name__)
        db.session.rollback()
        body["db"] = "unavailable"
    bot = get_bot_client().status()
    body["bot_servers"] = dict(bot.servers)
    if not bot.ok:
        current_app.logger.warning("Health check: bot %s", bot.detail)
        body["bot"] = bot.detail
    elif bot.degraded:
        body["bot"] = body["status"] = "degraded"
    if body["db"] != "ok" or not bot.ok:
        body["status"] = "unavailable"
        return jsonify(body), 503
    return jsonify(body)
