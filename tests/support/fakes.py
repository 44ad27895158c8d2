"""Fakes for the app's boundaries in unit tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from webapp.services.bot_client import BotReply, BotStatus, BotUnavailable


@dataclass
class FakeBot:
    """Stands in for the HTTP boundary to Rasa in unit tests: answers by a fixed table."""

    answers: dict[str, list[BotReply]] = field(default_factory=dict)
    default: list[BotReply] = field(default_factory=lambda: [BotReply("fallback", "fallback")])
    down: bool = False
    sent: list[tuple[str, str]] = field(default_factory=list)
    forgotten: list[str] = field(default_factory=list)
    forgotten_idle_before: list[datetime] = field(default_factory=list)

    def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotReply]:
        if self.down:
            raise BotUnavailable("fake bot is down")
        self.sent.append((sender_id, text))
        return self.answers.get(text, self.default)

    def status(self) -> BotStatus:
        if self.down:
            return BotStatus(False, "fake unreachable", {"fake": "unreachable"})
        return BotStatus(True, "ok", {"fake": "ok"})

    def forget(self, sender_id: str) -> bool:
        self.forgotten.append(sender_id)
        return not self.down

    def forget_idle(self, before: datetime) -> int | None:
        self.forgotten_idle_before.append(before)
        return None
