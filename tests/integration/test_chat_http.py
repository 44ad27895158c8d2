"""Real conversations through the HTTP API with the real, trained assistant."""

from __future__ import annotations

import pytest
import requests

CRISIS_NUMBERS = ["999", "116 123", "85258"]


def say(web_url: str, text: str, conversation_id: str | None = None, **extra: str) -> dict:
    body = {"text": text, **extra}
    if conversation_id:
        body["conversation_id"] = conversation_id
    response = requests.post(f"{web_url}/api/v1/messages", json=body, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_health_is_ok_when_the_assistant_is_loaded(web_url: str) -> None:
    response = requests.get(f"{web_url}/healthz", timeout=10)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "bot": "ok", "db": "ok"}


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


def test_a_deleted_conversation_is_forgotten_by_the_assistant(web_url: str, rasa_url: str) -> None:
    from webapp.services.bot_client import BotClient

    conversation_id = say(web_url, "how long is the wait for camhs")["conversation_id"]
    tracker = f"{rasa_url}/conversations/{conversation_id}/tracker"
    assert any(e.get("event") == "user" for e in requests.get(tracker, timeout=10).json()["events"])
    assert BotClient(rasa_url, timeout=5).forget(conversation_id)
    events = requests.get(tracker, timeout=10).json()["events"]
    assert not any(e.get("event") == "user" for e in events)
