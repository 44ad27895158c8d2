"""Missed questions: the turns the assistant could not place are kept scrubbed (never a crisis
turn or a button), editors mark them, the marked ones download as Rasa NLU YAML, and they go
with their conversation, deleted by the person or by retention."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
import yaml
from flask import Flask
from flask.testing import FlaskClient

from tests.support.fakes import FakeBot
from tests.support.staff import BOOKER, make_user, sign_in
from webapp.config import ROOT
from webapp.extensions import db
from webapp.models import Conversation, MissedQuestion
from webapp.reply_types import Incoming
from webapp.retention import purge
from webapp.services import conversation as conversations
from webapp.services.bot_client import BotReply
from webapp.services.conversation import transcript
from webapp.staff.labels import LABELS

ASKED = "my name is Jo Bloggs, ring 07700 900123 about parking at LE1 6TP"


def say(app: Flask, bot: FakeBot, text: str, conversation_id: str = "c1", **kw: str) -> None:
    with app.app_context():
        conversation = transcript.ensure_conversation(conversation_id, "en")
        conversations.handle(conversation, Incoming(text, "en", **kw), bot)


def kept(app: Flask) -> list[tuple[str, str, str]]:
    with app.app_context():
        rows = db.session.execute(
            sa.select(MissedQuestion.text, MissedQuestion.reason, MissedQuestion.locale).order_by(
                MissedQuestion.id
            )
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def add_question(app: Flask, text: str, conversation_id: str = "c1", **kw: object) -> int:
    with app.app_context():
        if db.session.get(Conversation, conversation_id) is None:
            db.session.add(Conversation(id=conversation_id))
        question = MissedQuestion(
            conversation_id=conversation_id,
            text=text,
            locale=str(kw.pop("locale", "en")),
            reason="fallback",
            **kw,
        )
        db.session.add(question)
        db.session.commit()
        return question.id


# --- what is kept ---------------------------------------------------------------------------


def test_a_fallback_is_kept_scrubbed_and_the_typed_text_nowhere(
    app: Flask, fake_bot: FakeBot
) -> None:
    say(app, fake_bot, ASKED)
    [(text, reason, locale)] = kept(app)
    assert (reason, locale) == ("fallback", "en")
    assert text == "my name is [name], ring [phone] about parking at [postcode]"


def test_out_of_scope_is_kept_too(app: Flask, fake_bot: FakeBot) -> None:
    fake_bot.answers["can you fix my boiler"] = [BotReply("out_of_scope", "out_of_scope")]
    say(app, fake_bot, "can you fix my boiler")
    assert kept(app) == [("can you fix my boiler", "out_of_scope", "en")]


def test_understood_turns_buttons_and_crisis_turns_are_never_kept(
    app: Flask, fake_bot: FakeBot
) -> None:
    say(app, fake_bot, "how long is the camhs wait")
    say(app, fake_bot, "unknown button", payload="/something_odd")
    say(app, fake_bot, "i took 30 paracetamol an hour ago")  # the safety net answers
    say(app, fake_bot, "i feel like ending everything tbh")  # the assistant's crisis
    assert kept(app) == []


def test_nothing_is_kept_when_the_assistant_is_down(app: Flask, fake_bot: FakeBot) -> None:
    fake_bot.down = True
    say(app, fake_bot, "where can i park")
    assert kept(app) == []


def test_a_message_that_was_only_personal_details_still_keeps_its_markers(
    app: Flask, fake_bot: FakeBot
) -> None:
    say(app, fake_bot, "07700 900123")
    assert kept(app) == [("[phone]", "fallback", "en")]


# --- deleting -------------------------------------------------------------------------------


def test_deleting_the_conversation_deletes_its_missed_questions(
    app: Flask, fake_bot: FakeBot
) -> None:
    say(app, fake_bot, "where can i park", "mine")
    say(app, fake_bot, "what about buses", "theirs")
    with app.app_context():
        transcript.delete("mine", fake_bot)
    assert kept(app) == [("what about buses", "fallback", "en")]


def test_the_chat_page_delete_button_takes_them_too(app: Flask, client: FlaskClient) -> None:
    client.post("/chat/send", data={"text": "where can i park"})
    assert len(kept(app)) == 1
    client.post("/chat/delete")
    assert kept(app) == []


def test_retention_deletes_them_with_the_conversation(app: Flask) -> None:
    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    add_question(app, "old", "old")
    add_question(app, "new", "new")
    with app.app_context():
        for conversation_id, idle in (("old", 31), ("new", 29)):
            conversation = db.session.get(Conversation, conversation_id)
            assert conversation is not None
            conversation.updated_at = now - timedelta(days=idle)
        db.session.commit()
        purge(now, chat_days=30, booking_days=90)
    assert [text for text, _reason, _locale in kept(app)] == ["new"]


# --- the staff page -------------------------------------------------------------------------


def test_editors_see_each_question_with_its_language_and_date(
    app: Flask, editor: FlaskClient
) -> None:
    add_question(app, "wo ist das café", locale="pl")
    page = editor.get("/staff/missed/").text
    assert "wo ist das café" in page and "(pl)" in page
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT', page)
    assert 'href="/staff/missed/"' in editor.get("/staff/").text  # in the navigation


def test_booking_staff_are_forbidden_the_missed_questions(app: Flask, client: FlaskClient) -> None:
    question = add_question(app, "x")
    make_user(app, BOOKER, "bookings")
    sign_in(client, BOOKER)
    for method, url in (("GET", "/staff/missed/"), ("GET", "/staff/missed/examples.yml"),
                        ("POST", f"/staff/missed/{question}")):  # fmt: skip
        assert client.open(url, method=method).status_code == 403, url
    assert 'href="/staff/missed/"' not in client.get("/staff/bookings/").text


def test_marking_a_question_moves_it_to_the_marked_list(app: Flask, editor: FlaskClient) -> None:
    question = add_question(app, "memory group for nan")
    response = editor.post(f"/staff/missed/{question}", data={"mark": "topic:memory_cafe"})
    assert response.status_code == 302
    assert ">memory group for nan</bdi>" not in editor.get("/staff/missed/").text
    marked = editor.get("/staff/missed/?show=marked").text
    assert ">memory group for nan</bdi>" in marked and "marked by ed.editor@nhs.net" in marked
    with app.app_context():
        saved = db.session.get(MissedQuestion, question)
        assert saved is not None and (saved.decision, saved.intent) == ("topic", "memory_cafe")


def test_a_new_topic_needs_a_name_and_is_kept_as_an_intent_name(
    app: Flask, editor: FlaskClient
) -> None:
    question = add_question(app, "where do i park")
    refused = editor.post(f"/staff/missed/{question}", data={"mark": "new", "new_intent": "?"})
    assert refused.status_code == 400 and "Give the new topic a name" in refused.text
    assert f'href="#mark-{question}"' in refused.text
    editor.post(f"/staff/missed/{question}", data={"mark": "new", "new_intent": "Parking, cars"})
    with app.app_context():
        saved = db.session.get(MissedQuestion, question)
        assert saved is not None and (saved.decision, saved.intent) == ("new", "parking_cars")


@pytest.mark.parametrize("mark", ["topic:not_an_intent", "everything", "topic:"])
def test_an_unknown_choice_is_refused(app: Flask, editor: FlaskClient, mark: str) -> None:
    question = add_question(app, "x")
    assert editor.post(f"/staff/missed/{question}", data={"mark": mark}).status_code == 400


def test_nothing_and_unmarking(app: Flask, editor: FlaskClient) -> None:
    question = add_question(app, "asdf")
    editor.post(f"/staff/missed/{question}", data={"mark": "nothing"})
    editor.post(f"/staff/missed/{question}", data={"mark": ""})
    with app.app_context():
        saved = db.session.get(MissedQuestion, question)
        assert saved is not None and saved.decision is None and saved.decided_by is None


def test_the_marked_examples_download_as_rasa_nlu_yaml(app: Flask, editor: FlaskClient) -> None:
    add_question(app, "memory  group\nfor nan", decision="topic", intent="memory_cafe")
    add_question(app, "memory group for nan", decision="topic", intent="memory_cafe")
    add_question(app, "grupa pamięci", locale="pl", decision="topic", intent="memory_cafe")
    add_question(app, "where do i park [phone](x)", decision="new", intent="parking")
    add_question(app, "asdf", decision="nothing")
    add_question(app, "not marked")
    response = editor.get("/staff/missed/examples.yml")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = yaml.safe_load(response.text)
    assert data["version"] == "3.1"
    entries = [(e["intent"], e["examples"]) for e in data["nlu"]]
    assert entries == [
        ("memory_cafe", "- memory group for nan\n"),
        ("parking", "- where do i park [phone] (x)\n"),
        ("memory_cafe", "- grupa pamięci\n"),
    ]
    assert "# pl" in response.text and "a new intent" in response.text


def test_every_intent_staff_can_choose_is_one_the_assistant_has() -> None:
    domain: set[str] = set()
    for path in Path(ROOT / "bot" / "domain").glob("*.yml"):
        domain |= set(yaml.safe_load(path.read_text()).get("intents", []))
    assert set(LABELS["intents"]) == domain - {"unclear"}
