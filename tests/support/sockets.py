"""A chat over Socket.IO with a real client (python-socketio)."""

from __future__ import annotations

import socketio


def send(sio: socketio.SimpleClient, **message: str) -> list[tuple[str, dict]]:
    """Emit user_message and collect events up to and including the bot's answer."""
    sio.emit("user_message", message)
    received = []
    while True:
        name, payload = sio.receive(timeout=30)
        received.append((name, payload))
        if name in {"bot_message", "bad_input", "server_error"}:
            return received
