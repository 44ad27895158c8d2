"""The assistant answers in the language a message is written in, offers once to switch the
page, and the picker and quick replies switch it."""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient

from tests.support.fakes import FakeBot
from webapp.services.bot_client import BotReply


def post(client: FlaskClient, body: dict) -> dict:
    response = client.post(
        "/api/v1/messages", data=json.dumps(body), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_a_message_in_another_language_is_answered_in_it_with_one_offer(
    client: FlaskClient, fake_bot: FakeBot
) -> None:
    text = "moja córka czeka na CAMHS od miesięcy"
    fake_bot.answers[text] = [BotReply("camhs", "camhs")]
    first = post(client, {"text": text, "locale": "en"})
    assert first["locale"] == "pl"
    offer = first["replies"][-1]
    assert offer["buttons"] == [
        {"title": offer["buttons"][0]["title"], "payload": "/set_locale_pl"}
    ]
    assert "Polski" in offer["text"]

    again = post(client, {"text": text, "conversation_id": first["conversation_id"]})
    assert again["locale"] == "pl"
    assert all(b["payload"] != "/set_locale_pl" for r in again["replies"] for b in r["buttons"])


def test_short_messages_keep_the_page_language(client: FlaskClient) -> None:
    answer = post(client, {"text": "hello", "locale": "gu"})
    assert answer["locale"] == "gu"
    assert len(answer["replies"]) == 1


def test_choosing_to_switch_changes_the_page_language(client: FlaskClient) -> None:
    first = post(client, {"text": "hello"})
    switched = post(
        client,
        {
            "text": "Polski",
            "payload": "/set_locale_pl",
            "conversation_id": first["conversation_id"],
        },
    )
    assert switched["topic"] == "language" and switched["page_locale"] == "pl"
    assert switched["locale"] == "pl"
    later = post(client, {"text": "hello", "conversation_id": first["conversation_id"]})
    assert later["locale"] == "pl"


def test_a_crisis_in_another_language_gets_no_language_offer(client: FlaskClient) -> None:
    answer = post(client, {"text": "nie chcę już żyć, mam dość wszystkiego", "locale": "en"})
    assert answer["crisis"] is True and answer["locale"] == "pl"
    assert len(answer["replies"]) == 1


def test_the_picker_sets_the_page_language_and_direction(client: FlaskClient) -> None:
    response = client.get("/?lang=ur")
    assert response.status_code == 302
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="ur"' in html and 'dir="rtl"' in html


def test_the_picker_ignores_an_unknown_language(client: FlaskClient) -> None:
    client.get("/?lang=xx")
    assert '<html lang="en"' in client.get("/").get_data(as_text=True)


def test_the_browser_language_is_used_when_nothing_was_chosen(client: FlaskClient) -> None:
    html = client.get("/", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"})
    assert '<html lang="pl"' in html.get_data(as_text=True)


def test_the_picker_shows_every_language_in_its_own_script(client: FlaskClient) -> None:
    html = client.get("/").get_data(as_text=True)
    for name in ["ગુજરાતી", "ਪੰਜਾਬੀ", "اردو", "Polski", "Soomaali", "العربية", "বাংলা"]:
        assert name in html


def test_a_language_switch_without_javascript_is_remembered(
    client: FlaskClient, app: Flask
) -> None:
    client.post("/chat/send", data={"payload": "/set_locale_ar", "text": "العربية"})
    assert '<html lang="ar"' in client.get("/").get_data(as_text=True)
