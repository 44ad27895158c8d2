"""Easy read with the real assistant and the app under gunicorn (issue 21): the switch is a
plain link kept in the browser's session, so it works over plain HTTP (no JavaScript) and in
a phone's browser; it changes the replies and the guides, and a crisis reply in easy read
still gives every number. axe finds nothing serious on the easy-read pages."""

from __future__ import annotations

import re

import requests
from playwright.sync_api import Page, expect

from tests.support.browser import (
    axe_problems,
    choose,
    last_bot_message,
    send,
    shot,
    wait_for_answer,
)

CAMHS_BUTTON = "Mental health support for young people (CAMHS)"
CAMHS_STANDARD = "CAMHS is the NHS service that helps children and young people"
CAMHS_EASY = "Mental health is how you feel and think."
SLEEP_STANDARD = "Sleep helps your body grow and your brain learn."
SLEEP_EASY = "Sleep helps your brain learn."


def send_without_javascript(browser: requests.Session, web_url: str, **form: str) -> str:
    """Post the chat's no-script form as a browser without JavaScript would; the page after."""
    page = browser.get(web_url, timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "the chat page has no CSRF token"
    sent = browser.post(f"{web_url}/chat/send", data={"csrf_token": token[1], **form}, timeout=30)
    assert sent.status_code == 200, sent.status_code
    return sent.text


def test_without_javascript_the_switch_changes_the_replies_and_the_guides(web_url: str) -> None:
    browser = requests.Session()
    assert CAMHS_STANDARD in send_without_javascript(browser, web_url, payload="/camhs")
    assert SLEEP_STANDARD in browser.get(f"{web_url}/help/sleep", timeout=10).text

    switched = browser.get(f"{web_url}/easy-read?on=1&next=/help/sleep", timeout=10)
    assert switched.url == f"{web_url}/help/sleep"
    assert SLEEP_EASY in switched.text and SLEEP_STANDARD not in switched.text
    page = send_without_javascript(browser, web_url, payload="/camhs")
    assert CAMHS_EASY in page
    assert "I am a computer. I am not a person." in page  # the welcome too


def test_an_easy_read_crisis_reply_gives_every_number(web_url: str) -> None:
    browser = requests.Session()
    browser.get(f"{web_url}/easy-read?on=1", timeout=10)
    page = send_without_javascript(browser, web_url, text="i want to end my life")
    assert "You matter. Help is here now." in page
    for number in ["999", "111", "option 2", "116 123", "SHOUT", "85258", "0800 1111"]:
        assert number in page, number


def test_on_a_phone_the_easy_read_switch_changes_a_reply_and_a_guide(
    phone: Page, web_url: str
) -> None:
    phone.goto(web_url)
    choose(phone, CAMHS_BUTTON)
    expect(last_bot_message(phone)).to_contain_text(CAMHS_STANDARD)

    phone.get_by_role("link", name=re.compile("Use easy read")).click()
    expect(phone.get_by_text("Easy read is on.")).to_be_visible()
    expect(phone.locator(".chat-message--bot").first).to_contain_text("I am not a person.")
    phone.wait_for_load_state("load")
    count = phone.locator(".chat-message--bot").count()
    welcome = phone.locator(".chat-message--bot").first
    welcome.get_by_role("button", name=CAMHS_BUTTON).click()
    wait_for_answer(phone, count)
    expect(last_bot_message(phone)).to_contain_text(CAMHS_EASY)
    assert axe_problems(phone) == []
    shot(phone, "easy-read-chat")

    send(phone, "i feel like i cant go on anymore")
    expect(phone.locator("#crisis-card")).to_be_visible()
    expect(last_bot_message(phone)).to_contain_text("116 123")
    expect(last_bot_message(phone)).to_contain_text("85258")

    phone.goto(f"{web_url}/help")
    expect(phone.get_by_text("Easy read is on.")).to_be_visible()
    assert axe_problems(phone) == []

    phone.goto(f"{web_url}/help/sleep")
    expect(phone.locator(".guide__body")).to_contain_text(SLEEP_EASY)
    # Larger text than the standard page's, as easy-read guidance asks.
    easy_size = phone.locator(".guide__body p").first.evaluate(
        "p => parseFloat(getComputedStyle(p).fontSize)"
    )
    assert axe_problems(phone) == []
    shot(phone, "easy-read-guide")

    phone.get_by_role("link", name="Use standard text").click()
    expect(phone.locator(".guide__body")).to_contain_text(SLEEP_STANDARD)
    standard_size = phone.locator(".guide__body p").first.evaluate(
        "p => parseFloat(getComputedStyle(p).fontSize)"
    )
    assert easy_size > standard_size
