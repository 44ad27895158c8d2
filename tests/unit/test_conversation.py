"""The conversation layer as a unit (services/conversation/): what runs first in a turn, that
no message is lost when several arrive at once, the answers the web app gives itself
(language, booking steps, a place said after cards), and the stored transcript."""

from __future__ import annotations

import logging
import threading

import pytest
import sqlalchemy as sa
from flask import Flask

from tests.support.bookings import SERVICE, add_camhs
from tests.support.fakes import FakeBot
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
    # Read together, the next two are risk: the net may see it at the second or the third.
    later = [say(app, conversation_id, fake_bot, text).crisis for text in ("im done", "bye")]
    assert later.count(True) == 1
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


# ------------------------------------------------------------- the web app's own answers


def test_when_the_bot_is_down_the_message_is_kept_and_a_holding_reply_sent(
    app: Flask, fake_bot: FakeBot
) -> None:
    fake_bot.down = True
    conversation_id = new_conversation_id()
    turn = say(app, conversation_id, fake_bot, "how long is the camhs wait")
    assert turn.bot_available is False and turn.topic == "fallback"
    with app.app_context():
        [kept] = transcript.history(db.session.get(Conversation, conversation_id))[:1]
    assert kept.text == "how long is the camhs wait" and kept.handled_by == "bot_unavailable"


def test_a_language_switch_is_answered_by_the_web_app_without_the_bot(
    app: Flask, fake_bot: FakeBot
) -> None:
    turn = say(app, new_conversation_id(), fake_bot, "Polski", "/set_locale_pl")
    assert (turn.topic, turn.locale, turn.page_locale) == ("language", "pl", "pl")
    assert fake_bot.sent == []


def test_a_booking_quick_reply_is_answered_by_the_booking_desk_without_the_bot(
    app: Flask, fake_bot: FakeBot
) -> None:
    add_camhs(app)
    turn = say(app, new_conversation_id(), fake_bot, "CAMHS", f"/book_service_{SERVICE}")
    assert turn.topic == "booking" and turn.replies[0].buttons
    assert all(b.payload.startswith("/book_slot_") for b in turn.replies[0].buttons)
    assert fake_bot.sent == []


def test_the_assistants_booking_key_starts_the_booking_desk_with_the_last_topic_first(
    app: Flask, fake_bot: FakeBot
) -> None:
    add_camhs(app)
    fake_bot.answers["i want to book a call"] = [BotReply("booking.start", "booking")]
    turn = say(app, new_conversation_id(), fake_bot, "i want to book a call")
    assert turn.topic == "booking"
    assert [b.payload for b in turn.replies[0].buttons] == [f"/book_service_{SERVICE}"]


def test_saying_where_after_a_reply_with_cards_shows_that_topic_again(
    app: Flask, fake_bot: FakeBot
) -> None:
    conversation_id = new_conversation_id()
    say(app, conversation_id, fake_bot, "how long is the camhs wait")
    sent = len(fake_bot.sent)
    turn = say(app, conversation_id, fake_bot, "we live in Oakham")
    assert turn.topic == "camhs" and len(fake_bot.sent) == sent
    with app.app_context():
        assert db.session.get(Conversation, conversation_id).area == "rutland"


# ------------------------------------------------------------------------- the transcript


def test_earlier_texts_go_back_to_the_last_safety_reply_and_no_further(
    app: Flask, fake_bot: FakeBot
) -> None:
    conversation_id = new_conversation_id()
    for text in ["hello", RISK, "hello again", "how long is the camhs wait"]:
        say(app, conversation_id, fake_bot, text)
    with app.app_context():
        conversation = db.session.get(Conversation, conversation_id)
        last = transcript.history(conversation)[-2]  # the person's last message
        assert transcript.earlier_texts(conversation, last) == ["hello again"]
        assert transcript.last_topic(conversation) == "camhs"


def test_an_unknown_conversation_id_is_not_found(app: Flask) -> None:
    with app.app_context(), pytest.raises(transcript.ConversationNotFound):
        transcript.open_conversation(new_conversation_id(), "en")


def test_deleting_a_conversation_removes_its_messages_and_asks_the_bot_to_forget_it(
    app: Flask, fake_bot: FakeBot
) -> None:
    conversation_id = new_conversation_id()
    say(app, conversation_id, fake_bot, "hello")
    with app.app_context():
        transcript.delete(conversation_id, fake_bot)
        assert db.session.get(Conversation, conversation_id) is None
        count = sa.select(sa.func.count()).select_from(Message)
        assert db.session.scalar(count.where(Message.conversation_id == conversation_id)) == 0
    assert fake_bot.forgotten == [conversation_id]
