"""One turn of a conversation (services/conversation.handle): what runs first, and that no
message is lost when several arrive at once."""

from __future__ import annotations

import logging
import threading

import pytest
import sqlalchemy as sa
from flask import Flask

from tests.conftest import FakeBot
from webapp.extensions import db
from webapp.models import Conversation, Message
from webapp.models.conversation import new_conversation_id
from webapp.reply_types import Incoming, Turn
from webapp.services import conversation as conversations
from webapp.services import renderer
from webapp.services.bot_client import BotReply
from webapp.services.conversation import transcript

RISK = "i took 30 paracetamol an hour ago"


def take_turn(app: Flask, conversation_id: str, incoming: Incoming, bot: FakeBot) -> Turn:
    with app.app_context():
        conversation = transcript.ensure_conversation(conversation_id, "en")
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


# ------------------------------------------------------------------------- safety replies

LANGUAGES = ["en", "gu", "pa", "ur", "pl", "so", "ar", "bn", "ro", "pt"]
KINDS = ["own_life", "emergency", "someone_else", "check_in"]


@pytest.mark.parametrize("locale", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_safety_reply_gives_every_number_in_every_language(
    app: Flask, locale: str, kind: str
) -> None:
    with app.test_request_context():
        reply = renderer.render_crisis(locale, True, kind)
        english = renderer.render_crisis("en", True, kind)
    for number in ("999", "111", "116 123", "85258", "0800 1111"):
        assert number in reply.text, (kind, locale, number)
    if locale != "en":
        assert reply.text != english.text, f"{kind} is not translated into {locale}"
    payloads = [b.payload for b in reply.buttons]
    assert payloads == (["/safety_yes", "/safety_no"] if kind == "check_in" else [])


def test_the_someone_else_reply_gives_the_central_access_point(app: Flask) -> None:
    with app.test_request_context():
        reply = renderer.render_crisis("en", True, "someone_else")
    assert "0808 800 3302" in reply.text and "Stay with them" in reply.text


def test_the_emergency_reply_leads_with_calling_999_now(app: Flask) -> None:
    with app.test_request_context():
        reply = renderer.render_crisis("en", True, "emergency")
    assert reply.text.startswith("Call 999 now")


def say(app: Flask, conversation_id: str, bot: FakeBot, text: str, payload: str | None = None):  # type: ignore[no-untyped-def]
    return take_turn(app, conversation_id, Incoming(text, "en", payload), bot)


def test_unclear_risk_is_asked_about_directly_and_yes_gives_the_full_reply(
    app: Flask, fake_bot: FakeBot
) -> None:
    conversation_id = new_conversation_id()
    asked = say(app, conversation_id, fake_bot, "i cant do this anymore")
    assert asked.crisis is True and "ending your life" in asked.replies[0].text
    yes = say(app, conversation_id, fake_bot, "Yes", "/safety_yes")
    assert yes.crisis is True and yes.topic == "crisis"
    assert yes.replies[0].text.startswith("You matter")
    assert fake_bot.sent == []


def test_no_to_the_check_in_carries_on_without_the_bot(app: Flask, fake_bot: FakeBot) -> None:
    conversation_id = new_conversation_id()
    say(app, conversation_id, fake_bot, "what is even the point of me")
    no = say(app, conversation_id, fake_bot, "No", "/safety_no")
    assert no.crisis is False and "numbers above" in no.replies[0].text
    assert "/camhs" in [b.payload for b in no.replies[0].buttons]
    assert fake_bot.sent == []


@pytest.mark.parametrize(("typed", "crisis"), [("yeah", True), ("maybe", True), ("no", False)])
def test_a_typed_answer_to_the_check_in_counts_like_its_button(
    app: Flask, fake_bot: FakeBot, typed: str, crisis: bool
) -> None:
    conversation_id = new_conversation_id()
    say(app, conversation_id, fake_bot, "i cant do this anymore")
    assert say(app, conversation_id, fake_bot, typed).crisis is crisis
    assert fake_bot.sent == []


def test_yes_means_nothing_special_when_no_check_in_was_asked(
    app: Flask, fake_bot: FakeBot
) -> None:
    turn = say(app, new_conversation_id(), fake_bot, "yes")
    assert turn.crisis is False and fake_bot.sent[-1][1] == "yes"


def test_the_assistants_crisis_guess_gives_the_crisis_reply_when_the_net_let_it_through(
    app: Flask, fake_bot: FakeBot
) -> None:
    fake_bot.answers["i just feel so flat"] = [BotReply("crisis", "crisis")]
    turn = say(app, new_conversation_id(), fake_bot, "i just feel so flat")
    assert fake_bot.sent, "the safety net let the message through to the assistant"
    assert turn.crisis is True and turn.topic == "crisis"
    assert "116 123" in turn.replies[0].text


@pytest.mark.parametrize(
    "typed",
    ["this maths homework is killing me", "doing a school project on self harm, any leaflets"],
)
def test_the_assistants_crisis_guess_stands_down_for_an_idiom_or_a_school_project(
    app: Flask, fake_bot: FakeBot, typed: str
) -> None:
    fake_bot.answers[typed] = [BotReply("crisis", "crisis")]
    turn = say(app, new_conversation_id(), fake_bot, typed)
    assert fake_bot.sent, "the safety net let the message through to the assistant"
    assert turn.crisis is False and turn.topic == "fallback"
    assert "116 123" not in turn.replies[0].text


def test_risk_over_several_messages_is_caught_and_not_counted_twice(
    app: Flask, fake_bot: FakeBot
) -> None:
    conversation_id = new_conversation_id()
    assert not say(app, conversation_id, fake_bot, "no one cares").crisis
    assert not say(app, conversation_id, fake_bot, "im done").crisis
    assert say(app, conversation_id, fake_bot, "bye").crisis
    # What the safety reply answered is not read again with the next message.
    assert not say(app, conversation_id, fake_bot, "bye").crisis


def test_the_log_names_the_layer_and_rule_never_the_text(
    app: Flask, fake_bot: FakeBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="webapp.services.conversation")
    say(app, new_conversation_id(), fake_bot, "would a whole box of co-codamol do it")
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "layer concepts, rule own_life.medicine_quantity, reply own_life" in logged
    assert "co-codamol" not in logged
