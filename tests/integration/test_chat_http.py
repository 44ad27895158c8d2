"""Real conversations through the HTTP API with the real, trained assistant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests
import sqlalchemy as sa

from tests.support.live import LiveWeb
from webapp.models import Conversation

CRISIS_NUMBERS = ["999", "116 123", "85258"]


def say(web_url: str, text: str, conversation_id: str | None = None, **extra: str) -> dict:
    body = {"text": text, **extra}
    if conversation_id:
        body["conversation_id"] = conversation_id
    response = requests.post(f"{web_url}/api/v1/messages", json=body, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def user_texts(rasa_url: str, conversation_id: str, token: str) -> list[str]:
    """What the person said, as Rasa's tracker of the conversation holds it."""
    tracker = f"{rasa_url}/conversations/{conversation_id}/tracker"
    response = requests.get(tracker, params={"token": token}, timeout=10)
    assert response.status_code == 200, response.text
    return [e["text"] for e in response.json()["events"] if e.get("event") == "user"]


def test_health_is_ok_when_the_assistant_is_loaded(web_url: str, rasa_url: str) -> None:
    response = requests.get(f"{web_url}/healthz", timeout=10)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "bot": "ok",
        "db": "ok",
        "bot_servers": {rasa_url: "ok"},
    }


def test_rasa_refuses_its_api_without_the_token_and_the_chat_works_with_it(
    web_url: str, rasa_url: str, rasa_token: str
) -> None:
    answer = say(web_url, "how long is the wait for camhs")
    assert answer["topic"] == "camhs"
    tracker = f"{rasa_url}/conversations/{answer['conversation_id']}/tracker"
    for params in ({}, {"token": "not-the-token"}):
        assert requests.get(tracker, params=params, timeout=10).status_code == 401
        wipe = requests.put(f"{tracker}/events", params=params, json=[], timeout=10)
        assert wipe.status_code == 401
        assert requests.get(f"{rasa_url}/status", params=params, timeout=10).status_code == 401
    texts = user_texts(rasa_url, answer["conversation_id"], rasa_token)
    assert texts == ["how long is the wait for camhs"]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("hiya", "greeting"),
        (
            "my son is 14 and so anxious he wont go to school, how do we get help from camhs",
            "camhs",
        ),
        ("is there a memory cafe near oadby for my nan, she has alzheimers", "memory_cafe"),
        ("where can i take my 2 year old to play and meet other parents", "play_and_stay"),
        ("doctors is shut and my ear is killing me, where do i go", "nhs_111"),
        ("whats the weather going to be like in leicester tomorrow", "out_of_scope"),
        ("i want to book a video call with someone", "booking"),
        ("can i talk to an actual person please", "human_handoff"),
        ("thanks thats really helpful", "thanks"),
    ],
)
def test_the_assistant_understands_each_topic(web_url: str, text: str, topic: str) -> None:
    answer = say(web_url, text)
    assert answer["topic"] == topic
    assert answer["crisis"] is False
    assert answer["replies"] and all(r["text"] for r in answer["replies"])


def test_a_quick_reply_payload_goes_straight_to_its_topic(web_url: str) -> None:
    answer = say(web_url, "Memory cafés and dementia", payload="/memory_cafe")
    assert answer["topic"] == "memory_cafe"


def test_a_message_that_suggests_risk_gets_the_crisis_reply(web_url: str) -> None:
    answer = say(web_url, "honestly i just want to disappear and never wake up")
    assert answer["crisis"] is True and answer["topic"] == "crisis"
    assert all(n in answer["replies"][0]["text"] for n in CRISIS_NUMBERS)


def test_hyperbole_does_not_get_the_crisis_reply(web_url: str) -> None:
    answer = say(web_url, "i would literally kill for a cheese toastie right now")
    assert answer["crisis"] is False


def test_an_unclear_message_gets_the_fallback_with_the_topic_menu(web_url: str) -> None:
    answer = say(web_url, "zzkq vprt blorf")
    assert answer["topic"] == "fallback"
    assert [b["payload"] for b in answer["replies"][0]["buttons"]][:4] == [
        "/camhs",
        "/memory_cafe",
        "/play_and_stay",
        "/nhs_111",
    ]


def test_a_conversation_carries_on_over_several_turns(web_url: str) -> None:
    first = say(web_url, "hello")
    conversation_id = first["conversation_id"]
    second = say(web_url, "how long will my daughter wait for camhs", conversation_id)
    third = say(web_url, "cheers, bye", conversation_id)
    assert second["conversation_id"] == third["conversation_id"] == conversation_id
    assert (first["topic"], second["topic"]) == ("greeting", "camhs")
    assert third["topic"] in {"thanks", "goodbye"}


def test_script_in_a_message_is_answered_not_run(web_url: str) -> None:
    answer = say(web_url, "<script>alert('hi')</script>")
    assert answer["replies"] and "<script>" not in answer["replies"][0]["text"]


def test_a_deleted_conversation_is_forgotten_by_the_assistant(
    web_url: str, rasa_url: str, rasa_token: str
) -> None:
    from webapp.services.bot_client import BotClient

    conversation_id = say(web_url, "how long is the wait for camhs")["conversation_id"]
    assert user_texts(rasa_url, conversation_id, rasa_token)
    assert BotClient(rasa_url, timeout=5, token=rasa_token).forget(conversation_id)
    assert user_texts(rasa_url, conversation_id, rasa_token) == []


def test_a_conversation_past_its_retention_is_forgotten_by_the_assistant_too(
    web: LiveWeb, rasa_url: str, rasa_token: str
) -> None:
    old, recent = (say(web.url, "how long is the wait for camhs") for _ in range(2))
    engine = sa.create_engine(web.env["DATABASE_URL"])
    with engine.begin() as db:  # idle for a day longer than the default 30
        long_ago = datetime.now(UTC) - timedelta(days=31)
        db.execute(
            sa.update(Conversation)
            .where(Conversation.id == old["conversation_id"])
            .values(updated_at=long_ago)
        )
    engine.dispose()

    assert "Deleted 1 conversations" in web.flask("retention", "purge").stdout
    assert user_texts(rasa_url, old["conversation_id"], rasa_token) == []
    assert user_texts(rasa_url, recent["conversation_id"], rasa_token) != []
