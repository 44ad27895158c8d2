"""Messages the chat sends again after a dropped connection are answered once.

The chat page gives each message an id (`client_id`) and keeps it until the server
acknowledges it; a message sent just before the connection dropped may have arrived all the
same, so after reconnecting the page sends it again with the same id. The ids seen are
counted for a day in the store the rate limits use (RATELIMIT_STORAGE_URI: memory in one
process, or the Redis the web processes share), so a repeat is recognised by any process."""

from __future__ import annotations

import logging

from flask import Flask, current_app
from limits.storage import Storage, storage_from_string

log = logging.getLogger(__name__)
KEPT_SECONDS = 24 * 3600


def first_time(conversation_id: str, client_id: str) -> bool:
    """True the first time this conversation sends this message id, False on a repeat.
    A store that is down lets the message through: a message is never lost to it."""
    storage: Storage = current_app.extensions["chat_resends"]
    try:
        return storage.incr(f"chat-message/{conversation_id}/{client_id}", KEPT_SECONDS) == 1
    except Exception as err:
        log.warning("Message id store failed, message let through: %s", type(err).__name__)
        return True


def init_app(app: Flask) -> None:
    app.extensions["chat_resends"] = storage_from_string(app.config["RATELIMIT_STORAGE_URI"])
