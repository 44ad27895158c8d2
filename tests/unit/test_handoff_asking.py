"""Asking for a person: in words the assistant understands or with the button, the reply says
what will happen and how long it may take, in the person's language. Out of hours it says
when someone is next there, what to do now and offers to leave a message; within hours the
chat joins the duty team's queue, and the assistant stays quiet while it waits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.support.duty import ASK, TUESDAY_EVENING, TUESDAY_MORNING, chat, say
from tests.support.duty import handoff_states as handoffs
from tests.support.fakes import FakeBot
from webapp.extensions import db
from webapp.models import HandoffEvent, Message
from webapp.services.bot_client import BotReply


def test_within_hours_asking_joins_the_queue_and_says_how_long_it_may_take(
    app: Flask, client: FlaskClient, duty_team: str, at: Callable[[datetime], None]
) -> None:
    at(TUESDAY_MORNING)
    reply = say(chat(app, client), ASK)[0]
    assert reply["topic"] == "human_handoff"
    assert "up to 20 minutes" in reply["replies"][0]["text"]
    assert handoffs(app) == [("camhs-duty", "waiting", False)]
    with app.app_context():
        assert db.session.scalars(sa.select(HandoffEvent.kind)).all() == ["asked"]


def test_the_talk_to_a_person_button_asks_without_the_assistant(
    app: Flask,
    client: FlaskClient,
    duty_team: str,
    fake_bot: FakeBot,
    at: Callable[[datetime], None],
) -> None:
    at(TUESDAY_MORNING)
    reply = say(chat(app, client), "Talk to a person", payload="/talk_to_person")[0]
    assert "up to 20 minutes" in reply["replies"][0]["text"]
    assert fake_bot.sent == []
    assert handoffs(app) == [("camhs-duty", "waiting", False)]


def test_out_of_hours_the_reply_names_the_next_time_the_numbers_and_a_message_to_leave(
    app: Flask, client: FlaskClient, duty_team: str, at: Callable[[datetime], None]
) -> None:
    at(TUESDAY_EVENING)
    reply = say(chat(app, client), ASK)[0]["replies"][0]
    assert "Someone will be here next on Wednesday 9 December at 09:00." in reply["text"]
    for number in ("999", "111", "116 123", "85258"):
        assert number in reply["text"]
    assert [b["payload"] for b in reply["buttons"]] == ["/handoff_leave_message", "/handoff_cancel"]
    assert any(link["url"].startswith("/help") for link in reply["links"])
    assert handoffs(app) == []  # nothing is queued until they leave a message


def test_the_reply_comes_in_the_persons_language(
    app: Flask, client: FlaskClient, duty_team: str, at: Callable[[datetime], None]
) -> None:
    at(TUESDAY_EVENING)
    reply = say(chat(app, client), "czy mogę porozmawiać z człowiekiem", locale="pl")[0]
    text = reply["replies"][0]["text"]
    assert reply["locale"] == "pl"
    assert "środa" in text.lower() and "09:00" in text


def test_a_message_left_out_of_hours_is_kept_for_the_duty_worker_and_not_sent_to_the_assistant(
    app: Flask,
    client: FlaskClient,
    duty_team: str,
    fake_bot: FakeBot,
    at: Callable[[datetime], None],
) -> None:
    at(TUESDAY_EVENING)
    sio = chat(app, client)
    say(sio, ASK)
    prompt = say(sio, "Leave a message", payload="/handoff_leave_message")[0]
    assert "Type your message below" in prompt["replies"][0]["text"]
    saved = say(sio, "my son has not slept for a week, please call")[0]
    assert "Your message is saved" in saved["replies"][0]["text"]
    assert fake_bot.sent == [(saved["conversation_id"], ASK)]
    assert handoffs(app) == [("camhs-duty", "left", False)]
    with app.app_context():
        kept = db.session.scalar(
            sa.select(Message).where(Message.text.like("my son has not slept%"))
        )
        assert kept is not None and kept.handled_by == "duty"


def test_while_the_chat_waits_the_assistant_is_not_asked_and_nothing_is_answered(
    app: Flask,
    client: FlaskClient,
    duty_team: str,
    fake_bot: FakeBot,
    at: Callable[[datetime], None],
) -> None:
    at(TUESDAY_MORNING)
    sio = chat(app, client)
    say(sio, ASK)
    sio.emit("user_message", {"text": "hello"}, namespace="/chat")
    assert [e["name"] for e in sio.get_received("/chat")] == []
    assert [text for _, text in fake_bot.sent] == [ASK]


def test_back_to_the_assistant_ends_the_wait_and_the_assistant_answers_again(
    app: Flask,
    client: FlaskClient,
    duty_team: str,
    fake_bot: FakeBot,
    at: Callable[[datetime], None],
) -> None:
    at(TUESDAY_MORNING)
    sio = chat(app, client)
    say(sio, ASK)
    back = say(sio, "Back to the assistant", payload="/handoff_cancel")[0]
    assert "talking to the assistant again" in back["replies"][0]["text"]
    assert handoffs(app) == [("camhs-duty", "handed_back", False)]
    assert say(sio, "hello")[0]["topic"] == "greeting"


def test_a_risk_message_while_waiting_gets_the_crisis_reply_and_flags_the_chat(
    app: Flask, client: FlaskClient, duty_team: str, at: Callable[[datetime], None]
) -> None:
    at(TUESDAY_MORNING)
    sio = chat(app, client)
    say(sio, ASK)
    crisis = say(sio, "im going to kms")[0]
    assert crisis["crisis"] is True and "116 123" in crisis["replies"][0]["text"]
    assert handoffs(app) == [("camhs-duty", "waiting", True)]


def test_with_no_duty_team_the_assistant_gives_the_numbers_as_before(
    app: Flask, client: FlaskClient, fake_bot: FakeBot
) -> None:
    fake_bot.answers[ASK] = [BotReply("human_handoff", "human_handoff")]
    reply = say(chat(app, client), ASK)[0]
    assert "I am a computer" in reply["replies"][0]["text"]
    assert handoffs(app) == []


def test_past_the_teams_usual_wait_the_person_is_told_once_that_no_one_has_joined_yet(
    app: Flask, client: FlaskClient, duty_team: str, at: Callable[[datetime], None]
) -> None:
    from webapp.staff.overdue import tell_overdue

    at(TUESDAY_MORNING)
    sio = chat(app, client)
    say(sio, ASK)
    with app.test_request_context():  # as the web process's check runs
        assert tell_overdue(TUESDAY_MORNING + timedelta(minutes=19)) == 0
        assert tell_overdue(TUESDAY_MORNING + timedelta(minutes=20)) == 1
        assert tell_overdue(TUESDAY_MORNING + timedelta(minutes=40)) == 0  # once
    told = [e["args"][0] for e in sio.get_received("/chat") if e["name"] == "bot_message"]
    reply = told[-1]["replies"][0]
    assert "no one from the team has been able to join yet" in reply["text"]
    assert "116 123" in reply["text"] and reply["buttons"][0]["payload"] == "/handoff_cancel"
    with app.app_context():
        assert "overdue" in db.session.scalars(sa.select(HandoffEvent.kind)).all()
