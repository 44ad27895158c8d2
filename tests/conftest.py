"""Fixtures shared by every test: an app on a fresh database, its clients, and a fake bot."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

# Keep the secret key and any default database out of the checkout while testing.
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="lpt-chat-test-"))

import pytest  # noqa: E402
from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402

from webapp import create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.services.bot_client import BotReply, BotStatus, BotUnavailable  # noqa: E402


@dataclass
class FakeBot:
    """Stands in for the HTTP boundary to Rasa in unit tests: answers by a fixed table."""

    answers: dict[str, list[BotReply]] = field(default_factory=dict)
    default: list[BotReply] = field(default_factory=lambda: [BotReply("fallback", "fallback")])
    down: bool = False
    sent: list[tuple[str, str]] = field(default_factory=list)

    def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotReply]:
        if self.down:
            raise BotUnavailable("fake bot is down")
        self.sent.append((sender_id, text))
        return self.answers.get(text, self.default)

    def status(self) -> BotStatus:
        return BotStatus(False, "unreachable: fake") if self.down else BotStatus(True, "ok")


@pytest.fixture
def fake_bot() -> FakeBot:
    return FakeBot(
        answers={
            "hello": [BotReply("greet", "greeting")],
            "/camhs": [BotReply("camhs", "camhs")],
            "how long is the camhs wait": [BotReply("camhs", "camhs")],
            "i feel like ending everything tbh": [BotReply("crisis", "crisis")],
        }
    )


@pytest.fixture
def app(tmp_path: Any, fake_bot: FakeBot) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'test.sqlite3'}",
            "WTF_CSRF_ENABLED": False,
        }
    )
    app.extensions["bot_client"] = fake_bot
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
