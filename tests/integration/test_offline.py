"""On a phone in a pocket, in a real browser: the chat can be installed (a manifest and a
service worker for the whole site); with no connection a page shows the crisis numbers in
the person's language; and a message typed while offline is sent once on reconnecting.

These need no assistant: the web app alone, whose Rasa address answers nothing (each message
gets the holding reply)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import axe_problems, send, shot, wait_for_answer
from tests.support.live import LiveWeb


def wait_for_the_worker(page: Page) -> None:
    """The worker controls the page once it has kept every offline page (it is installed
    only when all of them are)."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20_000)


def test_the_chat_can_be_installed(phone: Page, web_alone: LiveWeb) -> None:
    phone.goto(web_alone.url)
    href = phone.locator('link[rel="manifest"]').get_attribute("href")
    assert href == "/manifest.webmanifest?lang=en"
    manifest = phone.request.get(web_alone.url + href).json()
    assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
    wait_for_the_worker(phone)
    scope = phone.evaluate("() => navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == web_alone.url + "/"


@pytest.mark.parametrize(
    ("language", "heading", "direction"),
    [("ur", "آپ آف لائن ہیں", "rtl"), ("en", "You are offline", "ltr")],
)
def test_offline_a_page_shows_the_crisis_numbers_in_the_persons_language(
    phone: Page, web_alone: LiveWeb, language: str, heading: str, direction: str
) -> None:
    phone.goto(f"{web_alone.url}/?lang={language}")
    wait_for_the_worker(phone)
    phone.context.set_offline(True)
    phone.goto(web_alone.url + "/")
    expect(phone.get_by_role("heading", level=1)).to_have_text(heading)
    assert phone.locator("html").get_attribute("lang") == language
    assert phone.locator("html").get_attribute("dir") == direction
    for link in ("tel:999", "tel:116123", "tel:08088003302", "sms:85258?&body=SHOUT"):
        expect(phone.locator(f'a[href="{link}"]').first).to_be_visible()
    assert axe_problems(phone) == []
    shot(phone, f"offline-{language}")
    phone.context.set_offline(False)


def test_a_message_typed_offline_is_sent_once_on_reconnecting(
    phone: Page, web_alone: LiveWeb
) -> None:
    phone.goto(web_alone.url)
    send(phone, "hello")
    phone.context.set_offline(True)
    connection = phone.locator("#chat-connection")
    expect(connection).to_contain_text("You are offline")
    expect(phone.locator("#chat-offline a[href='tel:116123']")).to_be_visible()

    answers = phone.locator(".chat-message--bot").count()
    text = "is there a memory cafe near me"
    phone.locator("#message-text").fill(text)
    phone.locator("#message-text").press("Enter")
    waiting = phone.locator(".chat-message--user").last
    expect(waiting).to_contain_text(text)
    expect(waiting.locator(".chat-message__note")).to_have_text("Not sent yet")
    shot(phone, "offline-message-waiting")

    phone.context.set_offline(False)
    wait_for_answer(phone, answers)
    expect(waiting.locator(".chat-message__note")).to_have_count(0)
    expect(connection).to_have_text("You are back online.")
    expect(phone.locator("#chat-offline")).to_be_hidden()

    phone.wait_for_timeout(2_000)  # time for a second answer, were one coming
    phone.reload()
    said = phone.locator(".chat-message--user .chat-text", has_text=text)
    expect(said).to_have_count(1)


def test_a_message_typed_offline_survives_a_reload_and_is_sent_once_back_online(
    phone: Page, web_alone: LiveWeb
) -> None:
    phone.goto(web_alone.url)
    wait_for_the_worker(phone)
    send(phone, "hello")
    phone.context.set_offline(True)
    text = "can i bring my nan to the memory cafe"
    phone.locator("#message-text").fill(text)
    phone.locator("#message-text").press("Enter")
    expect(phone.locator(".chat-message__note")).to_have_text("Not sent yet")

    phone.reload()  # still offline: the offline page, with the numbers
    expect(phone.get_by_role("heading", level=1)).to_have_text("You are offline")
    phone.context.set_offline(False)
    phone.goto(web_alone.url)
    said = phone.locator(".chat-message--user .chat-text", has_text=text)
    expect(said).to_have_count(1)
    expect(phone.locator(".chat-message__note")).to_have_count(0, timeout=10_000)
    assert phone.evaluate("() => sessionStorage.getItem('lpt-chat-unsent')") is None

    phone.wait_for_timeout(2_000)  # time for a second send, were one coming
    phone.reload()
    expect(said).to_have_count(1)  # stored once, by the server


def test_leaving_quickly_forgets_the_guides_kept_for_reading_offline(
    phone: Page, web_alone: LiveWeb
) -> None:
    phone.goto(web_alone.url)
    wait_for_the_worker(phone)
    phone.goto(web_alone.url + "/help/anxiety-and-panic")
    phone.wait_for_function("() => caches.has('guides')", timeout=10_000)
    phone.goto(web_alone.url)
    unsent = '[{"text": "typed offline", "client_id": "c-1", "locale": "en"}]'
    phone.evaluate("(kept) => sessionStorage.setItem('lpt-chat-unsent', kept)", unsent)
    # The neutral site, answered here: the tests have no internet.
    phone.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(body="weather"))
    phone.locator("#quick-exit").click()
    phone.wait_for_url("https://www.bbc.co.uk/**")
    phone.goto(web_alone.url)  # the same tab, back: what was typed offline is gone too
    assert phone.evaluate("() => sessionStorage.getItem('lpt-chat-unsent')") is None
    expect(phone.locator(".chat-text", has_text="typed offline")).to_have_count(0)
    after = phone.context.new_page()
    after.goto(web_alone.url)
    assert after.evaluate("() => caches.has('guides')") is False
    assert after.evaluate("() => caches.keys()") != [], "the offline crisis pages stay"
