"""How many Socket.IO connections each client address holds open, capped per web process.

Each open WebSocket holds one of a web process's threads, so one client opening hundreds
could stall the site. SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS caps the chat connections (namespace
/chat) of one address: one more is refused by the connect handler (chat/events.py) with a
message the chat page shows. The Engine.IO connections they travel over are capped too, at
ENGINE_SPARE more, so a client that opens them without ever joining the chat is stopped as
well; the spare ones let a browser over the cap connect far enough to be told why.

The counts are kept per web process, as the threads they protect are: behind nginx an address
may hold up to the cap in each process. (A count shared through Redis would outlive a process
that stopped without closing its connections.) The address is the one the rate limits count
(REMOTE_ADDR, from X-Forwarded-For when TRUSTED_PROXIES is set; see security.init_app).
RATELIMIT_ENABLED=0 or a cap of 0 lifts both caps."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any

from flask import Flask, current_app
from flask_babel import gettext as _

log = logging.getLogger(__name__)
ENGINE_SPARE = 2


class OpenConnections:
    """The connections open from each address, by id; safe to use from many threads.

    `alive`, when given, tells whether a connection counted is still open: those that are
    not are dropped when their address is next counted, should their end have gone unseen."""

    def __init__(self, alive: Callable[[str], bool] | None = None) -> None:
        self._alive = alive
        self._lock = threading.Lock()
        self._by_address: dict[str, set[str]] = {}
        self._address_of: dict[str, str] = {}

    def open(self, connection: str, address: str, cap: int) -> bool:
        """Count `connection` against its address, unless the address already has `cap`."""
        with self._lock:
            held = self._by_address.setdefault(address, set())
            if self._alive is not None and len(held) >= cap:
                for gone in [c for c in held if not self._alive(c)]:
                    held.discard(gone)
                    self._address_of.pop(gone, None)
            if len(held) >= cap:
                return False
            held.add(connection)
            self._address_of[connection] = address
            return True

    def close(self, connection: str) -> None:
        """The connection ended: its place is free (an unknown one changes nothing)."""
        with self._lock:
            address = self._address_of.pop(connection, None)
            held = self._by_address.get(address or "", set())
            held.discard(connection)
            if address is not None and not held:
                del self._by_address[address]


def chat_cap(config: Mapping[str, Any]) -> int:
    """The cap on chat connections per address; 0 when there is none."""
    return int(config["SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS"]) if config["RATELIMIT_ENABLED"] else 0


def chats() -> OpenConnections:
    """The current app's chat connections (namespace /chat), by Socket.IO sid."""
    found: OpenConnections = current_app.extensions["chat_connections"]
    return found


def refusal() -> str:
    """What a browser over the cap is told, in its language."""
    return _(
        "Too many chats are open from your internet connection. Please close a chat in "
        "another window or tab, then reload this page. If you need help now, call NHS 111, "
        "or 999 in an emergency."
    )


def init_app(app: Flask) -> None:
    """Keep count of the app's connections, and cap Engine.IO's. Call after socketio.init_app."""
    from webapp.extensions import socketio

    app.extensions["chat_connections"] = OpenConnections()
    eio = socketio.server.eio
    engines = OpenConnections(alive=lambda eio_sid: eio_sid in eio.sockets)
    connected: Callable[..., Any] = eio.handlers["connect"]  # python-socketio's own
    disconnected: Callable[..., Any] = eio.handlers["disconnect"]

    def on_connect(eio_sid: str, environ: dict[str, Any]) -> Any:
        cap = chat_cap(app.config)
        address = str(environ.get("REMOTE_ADDR") or "")
        if cap and not engines.open(eio_sid, address, cap + ENGINE_SPARE):
            log.info("Engine.IO connection refused: its address holds %d", cap + ENGINE_SPARE)
            with app.request_context(environ):  # in the browser's language, in the 401
                return refusal()
        return connected(eio_sid, environ)

    def on_disconnect(eio_sid: str, reason: Any = None) -> Any:
        engines.close(eio_sid)
        return disconnected(eio_sid, reason)

    eio.on("connect", on_connect)
    eio.on("disconnect", on_disconnect)
