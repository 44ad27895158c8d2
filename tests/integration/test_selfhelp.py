"""Self-help through the real assistant: asking to calm down offers the exercises, which run
to the end or stop midway; and guide pages in a real browser, in English and in Urdu."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import socketio
from playwright.sync_api import Browser, expect

from tests.support.browser import PHONE, shot
from tests.support.sockets import send


@pytest.fixture
def sio(web_url: str) -> Iterator[socketio.SimpleClient]:
    client = socketio.SimpleClient()
    client.connect(web_url, namespace="/chat", transports=["websocket"])
    yield client
    client.disconnect()


def buttons(answer: dict) -> dict[str, str]:
    return {b["title"]: b["payload"] for r in answer["replies"] for b in r["buttons"]}


def test_a_breathing_exercise_runs_to_the_end(sio: socketio.SimpleClient) -> None:
    offer = send(sio, text="im panicking can you help me calm down", locale="en")[-1][1]
    assert offer["topic"] == "camhs"
    payload = buttons(offer)["Slow breathing"]
    steps = 0
    while payload:
        step = send(sio, text="Next", payload=payload)[-1][1]
        steps += 1
        payload = buttons(step).get("Next", "")
    assert steps == 7 and "Well done" in step["replies"][0]["text"]


def test_grounding_can_be_stopped_midway(sio: socketio.SimpleClient) -> None:
    offer = send(sio, text="can you do a grounding exercise with me", locale="en")[-1][1]
    first = send(sio, text="5-4-3-2-1", payload=buttons(offer)["5-4-3-2-1 grounding"])[-1][1]
    second = send(sio, text="Next", payload=buttons(first)["Next"])[-1][1]
    stopped = send(sio, text="Stop", payload=buttons(second)["Stop"])[-1][1]
    assert "stopped" in stopped["replies"][0]["text"]


def test_cant_sleep_offers_breathing_and_the_sleep_guide(sio: socketio.SimpleClient) -> None:
    answer = send(sio, text="its 3am and i still cant get to sleep", locale="en")[-1][1]
    assert "Slow breathing" in buttons(answer)
    links = [link["url"] for r in answer["replies"] for link in r.get("links", [])]
    assert "/help/sleep" in links


@pytest.mark.parametrize(("locale", "direction"), [("en", "ltr"), ("ur", "rtl")])
def test_a_guide_page_on_a_phone(
    browser: Browser,
    web_url: str,
    locale: str,
    direction: str,
) -> None:
    page = browser.new_context(viewport=PHONE).new_page()
    page.viewport_name = f"phone-{locale}"  # type: ignore[attr-defined]
    page.goto(f"{web_url}/?lang={locale}")
    page.goto(f"{web_url}/help/anxiety-and-panic")
    expect(page.locator("html")).to_have_attribute("dir", direction)
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".nhsuk-card--care--urgent")).to_contain_text("116 123")
    pdf = page.request.get(f"{web_url}/help/anxiety-and-panic.pdf")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth + 1")
    shot(page, "30-guide")
