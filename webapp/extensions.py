"""Extensions created bare here and bound to the app in the factory (the rate limiter in
security.init_app)."""

from collections.abc import Mapping
from typing import Any

import socketio as python_socketio
import sqlalchemy as sa
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_socketio import SocketIO
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from webapp.models.base import Base

# Objects keep their loaded values after a commit. A session lives for one request or
# Socket.IO event, so nothing goes stale across requests, and a chat turn (which commits the
# person's message before asking Rasa) does not reload its conversation row after each
# commit: reloading would be a third of the web process's work in a turn.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
socketio = SocketIO()
babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, headers_enabled=True)


def engine_options(config: Mapping[str, Any]) -> dict[str, Any]:
    """create_engine options for the app's database.

    A chat turn holds a connection only for its own reads and writes, never while Rasa
    thinks; but one threaded web process serves hundreds of chats, and with SQLAlchemy's
    default pool (5 + 10 overflow) turns queued for a connection at 200 chats. PostgreSQL
    connections are checked before use, so a restarted server costs no failed turn; a SQLite
    file cannot go away like that, and the check would cost every turn a round trip."""
    url = sa.engine.make_url(config["SQLALCHEMY_DATABASE_URI"])
    sqlite = url.get_backend_name() == "sqlite"
    if sqlite and url.database in (None, "", ":memory:"):
        return {}  # one shared in-memory connection (Flask-SQLAlchemy's StaticPool)
    options: dict[str, Any] = {
        "pool_size": int(config["DB_POOL_SIZE"]),
        "max_overflow": int(config["DB_MAX_OVERFLOW"]),
    }
    if not sqlite:
        options["pool_pre_ping"] = True
    return options


def socketio_queue(config: Mapping[str, Any]) -> dict[str, Any]:
    """socketio.init_app options for SOCKETIO_MESSAGE_QUEUE: a Redis manager through which
    every web process passes on what it emits to a room, or (no queue) one process's own.

    The client manager is always given, so an app built without a queue never inherits the
    one of an app built before it (the SocketIO object keeps its options between calls)."""
    url = str(config.get("SOCKETIO_MESSAGE_QUEUE") or "")
    if not url:
        return {"client_manager": None}  # python-socketio's in-process manager
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ValueError(f"SOCKETIO_MESSAGE_QUEUE must be a redis:// URL, not {url!r}")
    # Fail fast when Redis is unreachable: what a process emits still reaches its own chats
    # (the manager delivers locally before publishing), and its listener reconnects itself.
    manager = python_socketio.RedisManager(
        url,
        channel=str(config.get("SOCKETIO_CHANNEL") or "lpt-chat"),
        redis_options={"socket_connect_timeout": 2, "socket_keepalive": True},
    )
    return {"client_manager": manager}
