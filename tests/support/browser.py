"""The chat in a real browser (Playwright driving the system Chromium): the viewports,
screenshots, and a person's steps (type, choose a quick reply, reach the booking form).
The `browser` and `page` fixtures are in tests/integration/conftest.py."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from scripts.stack import ROOT

SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
# The closed network refuses Chromium's background connections; don't make them.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    # A whole-page picture shows sticky parts (the quick exit bar) where the page is
    # scrolled to; from the top, they are where they belong.
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=SHOTS / f"{name}-{page.viewport_name}.png", full_page=True)  # type: ignore[attr-defined]


def axe_problems(page: Page) -> list[str]:
    """Run axe-core on the page as it is now; its serious and critical violations, as text.

    The script is evaluated through the DevTools protocol rather than added as a <script>
    element, so the page's Content Security Policy does not stand in its way."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: `make setup` (npm ci) installs it")
    if page.evaluate("() => typeof window.axe") == "undefined":
        page.evaluate(AXE.read_text() + "\n;undefined")
    result: dict[str, Any] = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['impact']} {v['id']}: {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def last_bot_message(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(".chat-message--bot").last


def wait_for_answer(page: Page, count: int) -> None:
    """Wait until the chat shows one more answer than `count`; else fail with what the page
    said instead (e.g. the status line's refusal)."""
    try:
        expect(page.locator(".chat-message--bot")).to_have_count(count + 1, timeout=20_000)
    except AssertionError as err:
        status = page.locator("#chat-status")
        said = status.inner_text() if status.is_visible() else "nothing"
        raise AssertionError(f"no answer came; the status line said: {said}") from err


def send(page: Page, text: str) -> None:
    # After a navigation (the language picker posts and reloads) the new page's elements
    # exist before chat.js has run; Enter typed then would only add a new line.
    page.wait_for_load_state("load")
    count = page.locator(".chat-message--bot").count()
    page.locator("#message-text").fill(text)
    page.locator("#message-text").press("Enter")
    wait_for_answer(page, count)


def choose(page: Page, name: str | re.Pattern[str]) -> None:
    """Click a quick reply in the latest answer and wait for the next answer."""
    count = page.locator(".chat-message--bot").count()
    last_bot_message(page).get_by_role("button", name=name).first.click()
    wait_for_answer(page, count)


SLOT_TIME = re.compile(r"\d{2}:\d{2}")


def reach_booking_form(page: Page) -> None:
    """Ask to book, then choose a service and the first free time with the quick replies."""
    send(page, "i want to book a phone call")
    choose(page, "CAMHS duty worker phone call")
    choose(page, SLOT_TIME)
    expect(last_bot_message(page).locator("form.chat-reply-form")).to_be_visible()


def fill_booking_form(page: Page) -> None:
    form = last_bot_message(page).locator("form.chat-reply-form")
    form.get_by_label("Your name").fill("Test Person")
    form.get_by_label("Email address").fill("test.person@example.org")
    form.get_by_label("I agree that the team can use these details").check()
