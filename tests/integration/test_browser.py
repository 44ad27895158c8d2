"""The chat in a real browser (Playwright driving the system Chromium) on a phone and a
desktop: quick replies, typing, crisis card, start again, switching language, booking,
"leave this site quickly", deleting the conversation, and no request to any other site.

Screenshots of each state are saved under test-artifacts/screenshots/."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.support.browser import (
    choose,
    fill_booking_form,
    last_bot_message,
    reach_booking_form,
    send,
    shot,
    wait_for_answer,
)


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


def test_booking_a_call_in_the_browser(page: Page, web_url: str) -> None:
    page.goto(web_url)
    reach_booking_form(page)
    fill_booking_form(page)
    shot(page, "13-booking-form")

    count = page.locator(".chat-message--bot").count()
    last_bot_message(page).get_by_role("button", name="Book this time").click()
    wait_for_answer(page, count)
    done = last_bot_message(page)
    expect(done).to_contain_text(re.compile(r"LPT-[A-Z0-9]{4}-[A-Z0-9]{4}"))
    calendar = done.locator("a[download]")
    expect(calendar).to_have_attribute("href", re.compile(r"\.ics$"))
    # The calendar file is served by the app itself.
    response = page.request.get(calendar.evaluate("link => link.href"))
    assert response.ok and "BEGIN:VCALENDAR" in response.text()
    # Focus went back to the message box, not to the page.
    assert page.evaluate("() => document.activeElement.id") == "message-text"
    shot(page, "14-booking-confirmation")


QUICK_EXIT = "https://www.bbc.co.uk/weather"


def neutral_site(page: Page) -> None:
    """Answer for the neutral site in the browser itself: no request leaves the machine."""
    page.route(
        "https://www.bbc.co.uk/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<title>Weather</title><h1>Weather</h1>"
        ),
    )


@pytest.mark.parametrize("how", ["button", "escape"])
def test_leave_this_site_quickly_replaces_the_page_and_its_history_entry(
    page: Page, web_url: str, how: str
) -> None:
    neutral_site(page)
    page.goto(f"{web_url}/healthz")  # somewhere to go back to
    page.goto(web_url)
    send(page, "my son is very anxious")
    button = page.get_by_role("button", name="Leave this site quickly")
    expect(button).to_be_visible()
    expect(button).to_have_attribute("href", QUICK_EXIT)
    assert button.bounding_box()["y"] < 80  # type: ignore[index]  # at the top of the page
    if how == "button":
        button.focus()
        shot(page, "15-quick-exit")
    history = page.evaluate("() => history.length")

    if how == "button":
        page.keyboard.press("Enter")
    else:
        for _ in range(3):
            page.keyboard.press("Escape")
    page.wait_for_url(QUICK_EXIT)
    expect(page.locator("h1")).to_have_text("Weather")
    assert page.evaluate("() => history.length") == history
    # Back goes to the page before the chat: the chat's own entry was replaced.
    page.go_back()
    assert urlsplit(page.url).path == "/healthz"
    page.go_forward()
    assert page.url == QUICK_EXIT


def test_deleting_the_conversation_removes_it_for_good(page: Page, web_url: str) -> None:
    page.goto(web_url)
    send(page, "where is the nearest memory cafe")
    expect(page.locator(".chat-message--user")).to_have_count(1)

    page.get_by_role("button", name="Delete this conversation").click()
    expect(page.locator("h1")).to_have_text("Are you sure you want to delete this conversation?")
    expect(page.get_by_role("button", name="Leave this site quickly")).to_be_visible()
    shot(page, "16-delete-confirm")
    page.get_by_role("button", name="Delete this conversation").click()

    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "Your conversation has been deleted."
    )
    expect(page.locator(".chat-message--user")).to_have_count(0)
    expect(page.locator(".chat-message--bot")).to_have_count(1)  # the welcome only
    # The banner's script moves focus to it once the page has loaded: wait for that, as
    # expect() waits, rather than read the focus the moment the banner shows.
    page.wait_for_function("() => document.activeElement !== document.body", timeout=5_000)
    shot(page, "17-deleted")

    page.reload()
    expect(page.locator(".chat-message--user")).to_have_count(0)
    expect(page.locator("#chat-log")).not_to_contain_text("memory cafe")
    expect(page.locator(".nhsuk-notification-banner")).to_have_count(0)
    # The new conversation works.
    send(page, "hello")
    expect(page.locator(".chat-message--user")).to_have_count(1)


def test_no_page_asks_any_other_site_for_anything(page: Page, web_url: str) -> None:
    """Fonts, scripts, styles, icons and the socket all come from the app's own origin."""
    origin = urlsplit(web_url).netloc
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.on("websocket", lambda socket: seen.append(socket.url))

    page.goto(web_url)
    choose(page, "Mental health support for young people (CAMHS)")
    send(page, "i feel like i cant go on anymore")
    expect(page.locator("#crisis-card")).to_be_visible()
    reach_booking_form(page)
    fill_booking_form(page)
    count = page.locator(".chat-message--bot").count()
    last_bot_message(page).get_by_role("button", name="Book this time").click()
    wait_for_answer(page, count)
    expect(last_bot_message(page)).to_contain_text("LPT-")
    page.locator("#language-select").select_option("ur")
    page.locator(".language-picker__button").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    send(page, "میری امی بہت بھولنے لگی ہیں، میموری کیفے کہاں ہے")
    page.goto(f"{web_url}/chat/delete")
    page.wait_for_load_state("networkidle")

    assert any(urlsplit(url).path.endswith(".css") for url in seen)
    assert any(urlsplit(url).path.endswith(".js") for url in seen)
    elsewhere = [u for u in seen if not u.startswith("data:") and urlsplit(u).netloc != origin]
    assert elsewhere == []
