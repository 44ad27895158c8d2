"""One turn of a conversation (services/conversation.handle): what runs first, and that no
message is lost when several arrive at once."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa
from flask import Flask

from tests.conftest import FakeBot
from webapp.extensions import db
from webapp.models import Conversation, Message
from webapp.models.conversation import new_conversation_id
from webapp.services import conversation as conversations
from webapp.services.conversation import Incoming
from webapp.services.replies import Turn

RISK = "i took 30 paracetamol an hour ago"


def take_turn(app: Flask, conversation_id: str, incoming: Incoming, bot: FakeBot) -> Turn:
    with app.app_context():
        conversation = conversations.ensure_conversation(conversation_id, "en")
        return conversations.handle(conversation, incoming, bot)


def test_four_first_messages_sent_at_once_are_all_stored_and_answered(
    app: Flask, fake_bot: FakeBot
) -> None:
    conversation_id = new_conversation_id()
    texts = ["hello", "how long is the camhs wait", RISK, "hello again"]
    turns: dict[str, Turn] = {}
    start = threading.Barrier(len(texts))

    def send(text: str) -> None:
        start.wait()
        turns[text] = take_turn(app, conversation_id, Incoming(text, "en"), fake_bot)

    threads = [threading.Thread(target=send, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(turns) == sorted(texts)
    assert turns[RISK].crisis is True
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Conversation)) == 1
        stored = db.session.scalars(
            sa.select(Message.text).where(
                Message.conversation_id == conversation_id, Message.sender == "user"
            )
        ).all()
        assert sorted(stored) == sorted(texts)


@pytest.mark.parametrize(
    "payload",
    ["/set_locale_pl", "/book_service_camhs_duty_call", "/book_slot_1", "/exercise_breathing_1"],
)
def test_typed_risk_sent_with_any_payload_gets_the_crisis_reply_first(
    app: Flask, fake_bot: FakeBot, payload: str
) -> None:
    # The no-script form sends the typed text and a button's payload together.
    turn = take_turn(app, new_conversation_id(), Incoming(RISK, "en", payload), fake_bot)
    assert turn.crisis is True and turn.topic == "crisis"
    assert "999" in turn.replies[0].text
    assert fake_bot.sent == []
