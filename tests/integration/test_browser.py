"""The chat in a real browser (Playwright driving the system Chromium) on a phone and a
desktop: quick replies, typing, crisis card, start again, and switching language.

Screenshots of each state are saved under test-artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

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
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make setup` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport=request.param)
    page = context.new_page()
    page.viewport_name = request.node.callspec.id  # type: ignore[attr-defined]
    yield page
    context.close()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}-{page.viewport_name}.png", full_page=True)  # type: ignore[attr-defined]


def last_bot_message(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(".chat-message--bot").last


def send(page: Page, text: str) -> None:
    count = page.locator(".chat-message--bot").count()
    page.locator("#message-text").fill(text)
    page.locator("#message-text").press("Enter")
    expect(page.locator(".chat-message--bot")).to_have_count(count + 1, timeout=20_000)


def test_a_young_person_chats_on_a_phone(page: Page, web_url: str) -> None:
    page.goto(web_url)
    expect(page.locator(".nhsuk-header")).to_be_visible()
    expect(page.locator("#chat-log")).to_contain_text("not a person")
    shot(page, "01-welcome")

    bots = page.locator(".chat-message--bot").count()
    page.get_by_role("button", name="Mental health support for young people (CAMHS)").first.click()
    expect(page.locator(".chat-message--bot")).to_have_count(bots + 1, timeout=20_000)
    expect(last_bot_message(page)).to_contain_text("CAMHS")
    expect(page.locator(".chat-message--user").last).to_contain_text("CAMHS")
    shot(page, "02-quick-reply")

    send(page, "i feel like i cant go on anymore")
    expect(last_bot_message(page)).to_contain_text("116 123")
    expect(page.locator("#crisis-card")).to_be_visible()
    shot(page, "03-crisis")

    page.reload()
    expect(page.locator("#crisis-card")).to_be_visible()
    expect(page.locator(".chat-message--user")).to_have_count(2)

    page.get_by_role("button", name="Start again").click()
    expect(page.locator(".chat-message--user")).to_have_count(0)
    expect(page.locator("#crisis-card")).to_be_hidden()
    shot(page, "04-start-again")


def test_the_typing_indicator_shows_while_the_assistant_thinks(page: Page, web_url: str) -> None:
    page.goto(web_url)
    page.evaluate("() => { window.__typingSeen = false; }")
    page.evaluate(
        """() => new MutationObserver(() => {
             if (!document.getElementById('chat-typing').hidden) window.__typingSeen = true;
           }).observe(document.getElementById('chat-typing'), {attributes: true})"""
    )
    send(page, "where is the nearest memory cafe")
    assert page.evaluate("() => window.__typingSeen") is True
    expect(page.locator("#chat-typing")).to_be_hidden()


def test_script_typed_into_the_chat_is_shown_not_run(page: Page, web_url: str) -> None:
    page.goto(web_url)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    send(page, "<img src=x onerror=alert(1)><script>alert(2)</script>")
    page.reload()
    expect(page.locator(".chat-message--user").last).to_contain_text("<script>alert(2)</script>")
    assert dialogs == []


@pytest.mark.parametrize(
    ("code", "direction", "message"),
    [
        ("gu", "ltr", "મારા દીકરાને ખૂબ ચિંતા થાય છે, CAMHS માટે શું કરવું"),
        ("ur", "rtl", "میری امی بہت بھولنے لگی ہیں، میموری کیفے کہاں ہے"),
    ],
    ids=["gujarati", "urdu"],
)
def test_switching_language_changes_the_page_and_the_replies(
    page: Page, web_url: str, code: str, direction: str, message: str
) -> None:
    page.goto(web_url)
    page.locator("#language-select").select_option(code)
    page.locator(".language-picker__button").click()
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    send(page, message)
    reply = last_bot_message(page)
    expect(reply).to_have_attribute("lang", code)
    expect(reply).to_have_attribute("dir", direction)
    shot(page, f"05-language-{code}")
