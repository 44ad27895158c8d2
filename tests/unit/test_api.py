"""POST /api/v1/messages and GET /healthz behave as the contract says (bot faked at HTTP)."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.fakes import FakeBot
from webapp import create_app
from webapp.extensions import db
from webapp.models import Conversation, Message
from webapp.services.bot_client import BotReply


def post(client: FlaskClient, body: object) -> tuple[int, dict]:
    data = body if isinstance(body, bytes) else json.dumps(body)
    response = client.post(
        "/api/v1/messages", data=data, headers={"Content-Type": "application/json"}
    )
    return response.status_code, response.get_json()


def test_a_first_message_starts_a_conversation_and_answers_in_contract_shape(
    client: FlaskClient,
) -> None:
    status, body = post(client, {"text": "hello"})
    assert status == 200
    assert set(body) == {"conversation_id", "locale", "topic", "crisis", "replies"}
    assert body["topic"] == "greeting" and body["crisis"] is False and body["locale"] == "en"
    assert len(body["conversation_id"]) >= 20
    assert body["replies"][0]["text"] and body["replies"][0]["buttons"]


def test_the_conversation_id_carries_the_conversation_on(
    client: FlaskClient, app: Flask, fake_bot: FakeBot
) -> None:
    _, first = post(client, {"text": "hello"})
    status, second = post(
        client, {"text": "how long is the camhs wait", "conversation_id": first["conversation_id"]}
    )
    assert status == 200 and second["topic"] == "camhs"
    assert second["conversation_id"] == first["conversation_id"]
    assert {sender for sender, _ in fake_bot.sent} == {first["conversation_id"]}
    with app.app_context():
        messages = db.session.scalars(db.select(Message)).all()
    assert [m.sender for m in messages] == ["user", "bot", "user", "bot"]


def test_a_risk_message_gets_the_crisis_reply_without_asking_the_bot(
    client: FlaskClient, fake_bot: FakeBot
) -> None:
    status, body = post(client, {"text": "I want to kill myself"})
    assert status == 200
    assert body["crisis"] is True and body["topic"] == "crisis"
    assert all(n in body["replies"][0]["text"] for n in ["999", "116 123", "85258", "0800 1111"])
    assert fake_bot.sent == []


def test_when_the_model_understands_risk_the_crisis_reply_comes_first(
    client: FlaskClient, app: Flask, fake_bot: FakeBot
) -> None:
    # Words the safety net lets through, so that only the model's crisis guess can answer.
    typed = "tell me more about the waiting list please"
    fake_bot.answers[typed] = [BotReply("crisis", "crisis"), BotReply("camhs", "camhs")]
    _, body = post(client, {"text": typed})
    assert fake_bot.sent, "the safety net answered before the model was asked"
    assert body["crisis"] is True
    assert "116 123" in body["replies"][0]["text"]
    with app.app_context():
        kept = db.session.scalars(db.select(Message).where(Message.sender == "user")).one()
    assert kept.handled_by == "bot" and kept.crisis


def test_when_the_bot_is_down_the_message_is_kept_and_a_holding_reply_sent(
    client: FlaskClient, app: Flask, fake_bot: FakeBot
) -> None:
    fake_bot.down = True
    status, body = post(client, {"text": "how long is the camhs wait"})
    assert status == 200
    assert "116 123" in body["replies"][0]["text"] and "saved" in body["replies"][0]["text"]
    with app.app_context():
        kept = db.session.scalars(db.select(Message).where(Message.sender == "user")).one()
    assert kept.text == "how long is the camhs wait" and kept.handled_by == "bot_unavailable"


def test_a_crisis_is_answered_even_when_the_bot_is_down(
    client: FlaskClient, fake_bot: FakeBot
) -> None:
    fake_bot.down = True
    _, body = post(client, {"text": "i took too many pills"})
    assert body["crisis"] is True and "999" in body["replies"][0]["text"]


def test_html_in_a_message_is_stored_and_echoed_only_as_text(
    client: FlaskClient, app: Flask
) -> None:
    text = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    status, body = post(client, {"text": text})
    assert status == 200
    with app.app_context():
        stored = db.session.scalars(db.select(Message).where(Message.sender == "user")).one()
    assert stored.text == text
    page = client.get("/").get_data(as_text=True)
    assert "<script>alert" not in page


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 400, "missing_text"),
        ({"text": None}, 400, "missing_text"),
        ({"text": 12}, 400, "invalid_text"),
        ({"text": ""}, 400, "empty_text"),
        ({"text": "x" * 10_000}, 413, "text_too_long"),
        ({"text": "hi", "locale": "tlh"}, 400, "unknown_locale"),
        ({"text": "hi", "conversation_id": "doesnotexist123"}, 404, "unknown_conversation"),
        (b'{"text": "hi"', 400, "invalid_json"),
        (b"\xff\xfe", 400, "invalid_json"),
        (b"[" * 50_000, 400, "invalid_json"),
        (["text"], 400, "invalid_body"),
    ],
    ids=[
        "no-text",
        "null-text",
        "number-text",
        "empty-text",
        "10k-text",
        "unknown-locale",
        "unknown-conversation",
        "malformed-json",
        "invalid-utf8",
        "deep-nesting",
        "not-an-object",
    ],
)
def test_bad_input_gets_a_clear_4xx_error(
    client: FlaskClient, app: Flask, body: object, status: int, code: str
) -> None:
    got_status, got = post(client, body)
    assert got_status == status
    assert got["error"]["code"] == code and got["error"]["message"]
    with app.app_context():
        assert db.session.scalars(db.select(Conversation)).all() == []


def test_a_body_over_the_size_limit_is_refused_as_json(client: FlaskClient) -> None:
    status, body = post(client, b'{"text": "' + b"x" * (1024 * 1024) + b'"}')
    assert status == 413
    assert body["error"]["code"] == "request_entity_too_large"


def test_wrong_method_on_the_api_answers_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/messages")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_health_is_ok_when_database_and_bot_answer(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ok",
        "bot": "ok",
        "db": "ok",
        "bot_servers": {"fake": "ok"},
    }


def test_health_names_the_bot_when_it_is_down(client: FlaskClient, fake_bot: FakeBot) -> None:
    fake_bot.down = True
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["db"] == "ok" and body["bot"] != "ok" and body["status"] != "ok"


def test_health_names_the_database_when_it_is_down(fake_bot: FakeBot) -> None:
    app = create_app(
        {"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite:////nonexistent/dir/db.sqlite3"}
    )
    app.extensions["bot_client"] = fake_bot
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["db"] != "ok" and response.get_json()["bot"] == "ok"
