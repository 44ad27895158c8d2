"""The only code that knows Rasa's HTTP and JSON shape."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

import requests

log = logging.getLogger(__name__)


class BotUnavailable(Exception):
    """Rasa did not answer in time, answered with an error, or answered nothing."""


@dataclass(frozen=True)
class BotReply:
    """One message from the assistant: a template key and topic, plus any data it named."""

    key: str
    topic: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BotStatus:
    ok: bool
    detail: str


class BotClient:
    """Talks to one Rasa server over its REST channel, with short timeouts."""

    def __init__(
        self, base_url: str, timeout: float, connect_timeout: float = 1.0, token: str = ""
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = (connect_timeout, timeout)
        self.token = token
        self._local = threading.local()

    @property
    def _session(self) -> requests.Session:
        # requests.Session is not guaranteed thread-safe; one per worker thread keeps pooling.
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotReply]:
        """Send one message and return the assistant's replies, or raise BotUnavailable."""
        url = f"{self.base_url}/webhooks/rest/webhook"
        body = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        try:
            response = self._session.post(url, json=body, timeout=self.timeout)
            response.raise_for_status()
            raw = response.json()
        except (requests.RequestException, ValueError) as err:
            raise BotUnavailable(f"{type(err).__name__}: {err}") from err
        replies = parse_replies(raw)
        if not replies:
            # Rasa's REST channel answers 200 [] when something failed inside it.
            raise BotUnavailable("Rasa answered with no messages")
        return replies

    def status(self) -> BotStatus:
        """Whether the server answers and has a model loaded."""
        params = {"token": self.token} if self.token else None
        try:
            response = self._session.get(
                f"{self.base_url}/status", params=params, timeout=self.timeout
            )
            response.raise_for_status()
            model = response.json().get("model_file")
        except (requests.RequestException, ValueError) as err:
            return BotStatus(False, f"unreachable: {type(err).__name__}")
        if not model:
            return BotStatus(False, "no model loaded")
        return BotStatus(True, "ok")


def parse_replies(raw: Any) -> list[BotReply]:
    """Turn Rasa's list of output messages into BotReply values, skipping unknown shapes."""
    if not isinstance(raw, list):
        return []
    replies = []
    for message in raw:
        custom = message.get("custom") if isinstance(message, dict) else None
        if isinstance(custom, dict) and isinstance(custom.get("key"), str):
            data = {k: v for k, v in custom.items() if k not in ("key", "topic")}
            replies.append(BotReply(custom["key"], str(custom.get("topic", "fallback")), data))
        else:
            # Plain text has no key to translate; the domain should never send it.
            log.warning("Ignoring a bot message without a template key: %r", message)
    return replies


def get_bot_client() -> BotClient:
    """The app's bot client (tests may put a fake in its place)."""
    from flask import current_app

    client: BotClient = current_app.extensions["bot_client"]
    return client


def init_app(app: Any) -> None:
    """Create the app's bot client from its configuration."""
    app.extensions["bot_client"] = BotClient(
        app.config["RASA_URL"],
        timeout=app.config["RASA_TIMEOUT"],
        connect_timeout=app.config["RASA_CONNECT_TIMEOUT"],
        token=app.config["RASA_TOKEN"],
    )
