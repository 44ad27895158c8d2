"""Guided exercises in the chat: offered when someone asks to calm down, run step by step
with Next and Stop, and never in the way of the crisis reply."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.support.fakes import FakeBot
from webapp.guides.exercises import STEPS
from webapp.services.bot_client import BotReply


def say(client: FlaskClient, text: str, cid: str | None = None, **extra: str) -> dict:
    body = {"text": text, **extra}
    if cid:
        body["conversation_id"] = cid
    response = client.post("/api/v1/messages", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_asking_to_calm_down_offers_both_exercises(client: FlaskClient, fake_bot: FakeBot) -> None:
    fake_bot.answers["help me calm down"] = [BotReply("calm_down", "camhs")]
    reply = say(client, "help me calm down")["replies"][0]
    payloads = [b["payload"] for b in reply["buttons"]]
    assert payloads[:2] == ["/exercise_breathing_1", "/exercise_grounding_1"]


def test_an_exercise_runs_step_by_step_to_the_end(client: FlaskClient) -> None:
    cid = say(client, "hello")["conversation_id"]
    payload, seen = "/exercise_grounding_1", []
    for _ in range(len(STEPS["grounding"])):
        reply = say(client, "Next", cid, payload=payload)["replies"][0]
        seen.append(reply["text"])
        buttons = {b["title"]: b["payload"] for b in reply["buttons"]}
        payload = buttons.get("Next", "")
    assert "5 things you can see" in seen[1]
    assert "Well done" in seen[-1] and payload == ""


def test_an_exercise_can_be_stopped_midway(client: FlaskClient) -> None:
    cid = say(client, "hello")["conversation_id"]
    reply = say(client, "Next", cid, payload="/exercise_breathing_3")["replies"][0]
    stop = next(b for b in reply["buttons"] if b["title"] == "Stop")
    stopped = say(client, "Stop", cid, payload=stop["payload"])["replies"][0]
    assert "stopped" in stopped["text"]


def test_risk_during_an_exercise_gets_the_crisis_reply(client: FlaskClient) -> None:
    cid = say(client, "hello")["conversation_id"]
    say(client, "Next", cid, payload="/exercise_breathing_2")
    answer = say(client, "this isnt working i just want to die", cid)
    assert answer["crisis"] is True and "116 123" in answer["replies"][0]["text"]
