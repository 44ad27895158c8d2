"""Asking for someone else, with the real assistant: the reply speaks to the person asking
about the one they ask for, and offers support for carers (issue 21)."""

from __future__ import annotations

import requests
from playwright.sync_api import Page, expect

from tests.support.browser import last_bot_message, send, shot

DEMENTIA_CARER_SUPPORT = "alzheimers-society-dementia-support-line"


def say(web_url: str, text: str, conversation_id: str | None = None) -> dict:
    body = {"text": text, **({"conversation_id": conversation_id} if conversation_id else {})}
    response = requests.post(f"{web_url}/api/v1/messages", json=body, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def test_my_mum_keeps_forgetting_things_gets_carer_wording_and_dementia_carer_support(
    web_url: str,
) -> None:
    answer = say(web_url, "my mum keeps forgetting things")
    assert answer["topic"] == "memory_cafe" and answer["crisis"] is False
    reply = answer["replies"][0]
    assert "ask her GP to refer her" in reply["text"]
    assert reply["services"][0]["id"] == DEMENTIA_CARER_SUPPORT


def test_my_son_is_14_and_very_anxious_gets_camhs_wording_about_him(web_url: str) -> None:
    answer = say(web_url, "my son is 14 and very anxious")
    assert answer["topic"] == "camhs" and answer["crisis"] is False
    assert "You can ask his GP to refer him" in answer["replies"][0]["text"]


def test_someone_asks_about_their_mum_in_the_browser(page: Page, web_url: str) -> None:
    # On a phone and on a desktop (the `page` fixture).
    page.goto(web_url)
    send(page, "my mum keeps forgetting things")
    expect(last_bot_message(page)).to_contain_text("ask her GP to refer her", timeout=20_000)
    expect(last_bot_message(page)).to_contain_text("Alzheimer's Society Dementia Support Line")
    shot(page, "someone-else-memory")
