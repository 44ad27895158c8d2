"""Accessibility in a real browser, on a phone and a desktop: axe-core finds no serious or
critical problem on the chat (English and Urdu, right to left) and the staff pages; the chat
works by keyboard alone and focus is never lost; new messages are announced; text at 200%
still fits; and animations respect prefers-reduced-motion.

axe-core comes from its npm package (node_modules/axe-core, a dev dependency) and is put
into the page by the test. Screenshots of each state go to test-artifacts/screenshots/."""

from __future__ import annotations

import re
import sqlite3
import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import (
    DESKTOP,
    PHONE,
    axe_problems,
    fill_booking_form,
    last_bot_message,
    reach_booking_form,
    send,
    shot,
    wait_for_answer,
)
from tests.support.live import LiveWeb

STAFF_EMAIL = "axe.admin@example.org"
STAFF_PASSWORD = "a long test passphrase 42"


def assert_focus_kept(page: Page) -> str:
    """Focus is on something (never the page itself); returns a short description of it."""
    focused: str = page.evaluate(
        """() => {
             const el = document.activeElement;
             if (!el || el === document.body || el === document.documentElement) return "";
             return el.id || el.name || el.className || el.tagName;
           }"""
    )
    assert focused, "focus was lost to the page"
    return focused


# --- axe-core -----------------------------------------------------------------------------


def test_axe_finds_no_serious_problem_on_the_english_chat(page: Page, web_url: str) -> None:
    page.goto(web_url)
    assert axe_problems(page) == []

    send(page, "are there any memory cafes in leicester for my nan")
    expect(last_bot_message(page).locator(".chat-service").first).to_be_visible()
    reach_booking_form(page)
    assert axe_problems(page) == []

    # A form sent with a mistake comes back with an error message beside the field.
    form = last_bot_message(page).locator("form.chat-reply-form")
    form.get_by_label("Your name").fill("Test Person")
    form.get_by_label("Email address").fill("not an email address")
    form.get_by_label("I agree that the team can use these details").check()
    count = page.locator(".chat-message--bot").count()
    form.get_by_role("button", name="Book this time").click()
    wait_for_answer(page, count)
    expect(last_bot_message(page).locator(".nhsuk-error-message")).to_be_visible()
    # Focus went to the field to put right.
    assert page.evaluate("() => document.activeElement.name") == "email"
    # Two forms on the page share no ids.
    ids = page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids))

    send(page, "i feel like i cant go on anymore")
    expect(page.locator("#crisis-card")).to_be_visible()
    assert axe_problems(page) == []
    shot(page, "20-axe-chat-en")


def test_axe_finds_no_serious_problem_on_the_urdu_chat(page: Page, web_url: str) -> None:
    page.goto(f"{web_url}/?lang=ur")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert axe_problems(page) == []
    send(page, "میری امی بہت بھولنے لگی ہیں، میموری کیفے کہاں ہے")
    assert axe_problems(page) == []
    page.goto(f"{web_url}/chat/delete")
    assert axe_problems(page) == []
    page.goto(web_url)
    shot(page, "21-axe-chat-ur")


def test_axe_finds_no_serious_problem_on_the_chat_pages_without_a_reply(
    page: Page, web_url: str
) -> None:
    page.goto(f"{web_url}/chat/delete")
    assert axe_problems(page) == []
    page.get_by_role("button", name="Delete this conversation").click()
    expect(page.locator(".nhsuk-notification-banner")).to_be_visible()
    assert axe_problems(page) == []


def _booked_day(web: LiveWeb) -> str:
    """The London date of the latest booking, read from the web app's own database."""
    path = web.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT slot.starts_at FROM booking JOIN slot ON slot.id = booking.slot_id"
            " ORDER BY booking.id DESC LIMIT 1"
        ).fetchone()
    assert row, "no booking to show on the staff bookings page"
    starts = datetime.fromisoformat(row[0]).replace(tzinfo=ZoneInfo("UTC"))
    return starts.astimezone(ZoneInfo("Europe/London")).date().isoformat()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_serious_problem_on_the_staff_pages(
    browser: Browser,
    web: LiveWeb,
    viewport: dict[str, int],
) -> None:
    try:
        web.flask(
            "staff", "create-user", "--email", STAFF_EMAIL, "--name", "Axe Admin",
            "--role", "admin", "--password", STAFF_PASSWORD,
        )  # fmt: skip
    except subprocess.CalledProcessError:
        pass  # made by the first viewport's run
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.viewport_name = "phone" if viewport == PHONE else "desktop"  # type: ignore[attr-defined]

    # A booking, so the day's page has a row with its buttons and forms.
    page.goto(web.url)
    reach_booking_form(page)
    fill_booking_form(page)
    count = page.locator(".chat-message--bot").count()
    last_bot_message(page).get_by_role("button", name="Book this time").click()
    wait_for_answer(page, count)
    expect(last_bot_message(page)).to_contain_text("LPT-")

    page.goto(f"{web.url}/staff/login")
    problems = {"login": axe_problems(page)}
    page.get_by_label("Email address").fill(STAFF_EMAIL)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Services")
    problems["services"] = axe_problems(page)
    page.goto(f"{web.url}/staff/services/leicester-memory-cafes/edit")
    problems["edit"] = axe_problems(page)
    page.goto(f"{web.url}/staff/bookings/?day={_booked_day(web)}")
    expect(page.locator(".nhsuk-table")).to_contain_text("LPT-")
    problems["bookings"] = axe_problems(page)
    shot(page, "22-axe-staff-bookings")
    # On a phone the day's bookings stack (the NHS.UK responsive table): nothing is off the
    # side of the screen, and a nurse can reach Attended and Cancel without scrolling across.
    width = page.evaluate("() => document.documentElement.scrollWidth")
    attended = page.get_by_role("button", name="Attended").first.bounding_box()
    cancel = page.locator("details summary", has_text="Cancel").first.bounding_box()
    context.close()
    assert width <= viewport["width"], f"the bookings page is {width} px wide"
    for box in (attended, cancel):
        assert box is not None and box["x"] + box["width"] <= viewport["width"]
    assert problems == {"login": [], "services": [], "edit": [], "bookings": []}


# --- keyboard, focus and announcements ------------------------------------------------------


def test_the_chat_works_by_keyboard_alone(page: Page, web_url: str) -> None:
    page.goto(web_url)
    visited: list[str] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        visited.append(assert_focus_kept(page))
        if page.evaluate("() => document.activeElement.classList.contains('chat-quick-reply')"):
            break
    assert "nhsuk-skip-link" in visited[0]
    assert "quick-exit" in visited
    assert "language-select" in visited
    expect(page.locator(".chat-quick-reply").first).to_be_focused()
    shot(page, "10-keyboard-focus-quick-reply")

    # Enter on a quick reply sends it; the answer comes and focus waits in the message box.
    bots = page.locator(".chat-message--bot").count()
    page.keyboard.press("Enter")
    wait_for_answer(page, bots)
    expect(last_bot_message(page)).to_contain_text("CAMHS")
    expect(page.locator("#message-text")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#chat-send")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.locator("#message-text")).to_be_focused()

    # Typing and Enter sends; focus stays in the box.
    page.keyboard.type("i want to book a phone call")
    bots = page.locator(".chat-message--bot").count()
    page.keyboard.press("Enter")
    wait_for_answer(page, bots)
    expect(page.locator("#message-text")).to_be_focused()

    def back_to(selector: str) -> None:
        """Shift+Tab from the message box until the latest answer's `selector` has focus."""
        target = last_bot_message(page).locator(selector)
        for _ in range(30):
            page.keyboard.press("Shift+Tab")
            assert_focus_kept(page)
            if target.evaluate("el => el === document.activeElement"):
                return
        raise AssertionError(f"{selector} was not reached by keyboard")

    for name in ("CAMHS duty worker phone call", None):
        button = ".chat-quick-reply" + (f'[data-title="{name}"]' if name else ":last-of-type")
        back_to(button)
        bots = page.locator(".chat-message--bot").count()
        page.keyboard.press("Enter")
        wait_for_answer(page, bots)
        expect(page.locator("#message-text")).to_be_focused()

    # The details form inside the answer: reached, filled and sent by keyboard alone.
    back_to("input[name=name]")
    page.keyboard.type("Test Person")
    page.keyboard.press("Tab")
    page.keyboard.type("test.person@example.org")
    consent = last_bot_message(page).locator("input[name=consent]")
    for _ in range(5):
        page.keyboard.press("Tab")
        assert_focus_kept(page)
        if consent.evaluate("el => el === document.activeElement"):
            break
    page.keyboard.press("Space")
    expect(consent).to_be_checked()
    page.keyboard.press("Tab")
    expect(last_bot_message(page).get_by_role("button", name="Book this time")).to_be_focused()
    bots = page.locator(".chat-message--bot").count()
    page.keyboard.press("Enter")
    assert_focus_kept(page)
    wait_for_answer(page, bots)
    expect(last_bot_message(page)).to_contain_text(re.compile(r"LPT-[A-Z0-9]{4}-[A-Z0-9]{4}"))
    expect(page.locator("#message-text")).to_be_focused()


def test_new_messages_are_announced_through_the_live_log(page: Page, web_url: str) -> None:
    page.goto(web_url)
    log = page.locator("#chat-log")
    expect(log).to_have_attribute("role", "log")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(page.locator("#chat-typing")).to_have_attribute("role", "status")
    page.evaluate(
        """() => {
             window.__added = [];
             new MutationObserver((changes) => {
               for (const change of changes)
                 for (const node of change.addedNodes)
                   if (node.classList?.contains('chat-message--bot'))
                     window.__added.push(node.textContent);
             }).observe(document.getElementById('chat-log'), {childList: true});
           }"""
    )
    send(page, "where is the nearest memory cafe")
    added = page.evaluate("() => window.__added")
    assert len(added) == 1 and "caf" in added[0].lower()
    # The answer sits inside the live region, so screen readers read it out.
    assert last_bot_message(page).evaluate("el => !!el.closest('[aria-live=polite]')")


# --- zoom and motion ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "viewport", [{"width": 640, "height": 1000}, PHONE], ids=["desktop-at-200", "phone"]
)
def test_text_at_200_percent_still_fits(
    browser: Browser,
    web_url: str,
    viewport: dict[str, int],
) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.viewport_name = f"{viewport['width']}px"  # type: ignore[attr-defined]
    page.goto(web_url)
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    send(page, "are there any memory cafes in leicester for my nan")
    send(page, "i feel like i cant go on anymore")
    reach_booking_form(page)
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    assert page.evaluate("() => getComputedStyle(document.body).fontSize") in ("32px", "38px")
    overflow = page.evaluate(
        """() => {
             const root = document.documentElement;
             const wide = [...document.querySelectorAll('body *')]
               .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1
                               && el.getClientRects().length)
               .map((el) => el.tagName + '.' + el.className);
             return {scroll: root.scrollWidth, client: root.clientWidth, wide: wide.slice(0, 10)};
           }"""
    )
    shot(page, "11-zoom-200")
    context.close()
    assert overflow["scroll"] <= overflow["client"] + 1, overflow


def test_animations_respect_reduced_motion(page: Page, web_url: str) -> None:
    page.add_init_script(
        """window.__scrolls = [];
           const original = Element.prototype.scrollIntoView;
           Element.prototype.scrollIntoView = function (options) {
             window.__scrolls.push(options && options.behavior);
             return original.call(this, options);
           };"""
    )
    dots = "() => getComputedStyle(document.querySelector('.chat-typing__dots span')).animationName"

    page.goto(web_url)
    assert page.evaluate(dots) == "chat-typing"
    send(page, "hello")
    assert "smooth" in page.evaluate("() => window.__scrolls")

    page.emulate_media(reduced_motion="reduce")
    page.reload()
    assert page.evaluate(dots) == "none"
    send(page, "where is the nearest memory cafe")
    scrolls = page.evaluate("() => window.__scrolls")
    assert scrolls and set(scrolls) == {"auto"}
    assert page.evaluate("() => getComputedStyle(document.documentElement).scrollBehavior") in (
        "auto",
        "",
    )
    page.evaluate("() => { document.getElementById('chat-typing').hidden = false; }")
    shot(page, "12-reduced-motion")
