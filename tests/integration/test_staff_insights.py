"""A member of staff, on a phone and on a desktop, opens the missed questions, marks one as an
example of a new topic and downloads the examples, then opens the usage dashboard and
downloads its figures; axe-core finds no serious or critical problem on either page, and
neither is wider than the screen.

The web app runs without the assistant (`web_alone`): the questions it missed are put into
its database as the chat would keep them (already scrubbed), with their conversation."""

from __future__ import annotations

import sqlite3
import subprocess
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.support.browser import DESKTOP, PHONE, axe_problems, shot
from tests.support.live import LiveWeb

EMAIL = "insights.editor@example.org"
PASSWORD = "a long test passphrase 42"


def add_missed(web: LiveWeb, conversation_id: str, text: str) -> None:
    """A conversation with one message the assistant did not understand, as the chat keeps it."""
    path = web.env["DATABASE_URL"].removeprefix("sqlite:///")
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO conversation (id, created_at, updated_at, locale, had_crisis)"
            " VALUES (?, ?, ?, 'en', 0)",
            (conversation_id, now, now),
        )
        for sender in ("user", "bot"):
            db.execute(
                "INSERT INTO message (conversation_id, created_at, sender, text, locale, topic,"
                " crisis, handled_by) VALUES (?, ?, ?, 'x', 'en', 'fallback', 0, ?)",
                (conversation_id, now, sender, "bot" if sender == "user" else None),
            )
        db.execute(
            "INSERT INTO missed_question (conversation_id, created_at, locale, reason, text)"
            " VALUES (?, ?, 'en', 'fallback', ?)",
            (conversation_id, now, text),
        )


def no_wider_than_the_screen(page: Page, viewport: dict[str, int]) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{page.url} is {width} px wide"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_staff_open_the_missed_questions_and_the_usage_dashboard(
    browser: Browser, web_alone: LiveWeb, viewport: dict[str, int]
) -> None:
    web = web_alone
    try:
        web.flask("staff", "create-user", "--email", EMAIL, "--name", "Ines Editor",
                  "--role", "editor", "--password", PASSWORD)  # fmt: skip
    except subprocess.CalledProcessError:
        pass  # made by the first viewport's run
    name = "phone" if viewport == PHONE else "desktop"
    question = f"my name is [name], where do i park at the hospital ({name})"
    add_missed(web, f"insights-{name}", question)
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    page = context.new_page()
    page.viewport_name = name  # type: ignore[attr-defined]

    page.goto(f"{web.url}/staff/login")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Services")

    page.goto(f"{web.url}/staff/missed/")
    expect(page.locator("h1")).to_have_text("Missed questions")
    card = page.locator(".nhsuk-card", has_text=question)
    expect(card).to_be_visible()
    problems = {"missed": axe_problems(page)}
    no_wider_than_the_screen(page, viewport)
    shot(page, "30-staff-missed")
    card.get_by_label("What is this question?").select_option("new")
    card.get_by_label("Name of the new topic").fill("Parking at the hospital")
    card.get_by_role("button", name="Save").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("Saved")
    expect(page.locator(".nhsuk-card", has_text=question)).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the marked examples").click()
    examples = download.value.path().read_text()
    assert "- intent: parking_at_the_hospital" in examples and question in examples

    page.goto(f"{web.url}/staff/usage/")
    expect(page.locator("h1")).to_have_text("How the chat is used")
    expect(page.locator("svg.staff-chart")).to_have_count(7)
    expect(page.locator("#missed-section table")).to_contain_text("Missed questions")
    problems["usage"] = axe_problems(page)
    no_wider_than_the_screen(page, viewport)
    shot(page, "31-staff-usage")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download these figures (CSV)").click()
    figures = download.value.path().read_text()
    assert figures.startswith("week_start,conversations,messages")
    context.close()
    assert problems == {"missed": [], "usage": []}


def test_what_the_real_assistant_missed_reaches_staff_scrubbed(
    browser: Browser, web: LiveWeb, phone: Page
) -> None:
    """Through the trained assistant: a keyboard mash with a phone number in it falls back,
    and staff see it with the number taken out; a crisis message is never listed."""
    phone.goto(web.url)
    answers = phone.locator(".chat-message--bot")
    for n, text in enumerate(("qwrtz dfghj jkl 07700 900123", "i feel like i cant go on anymore")):
        count = answers.count()
        phone.locator("#message-text").fill(text)
        phone.locator("#message-text").press("Enter")
        # At least one answer more (an offer to switch language may come with it); the
        # assistant's first answer of a session can be slow on a busy machine.
        expect(answers.nth(count)).to_be_visible(timeout=90_000 if n == 0 else 20_000)
    expect(phone.locator("#crisis-card")).to_be_visible()
    try:
        web.flask("staff", "create-user", "--email", "real." + EMAIL, "--name", "Rea Editor",
                  "--role", "editor", "--password", PASSWORD)  # fmt: skip
    except subprocess.CalledProcessError:
        pass
    staff = browser.new_context(viewport=DESKTOP).new_page()
    staff.goto(f"{web.url}/staff/login")
    staff.get_by_label("Email address").fill("real." + EMAIL)
    staff.get_by_label("Password").fill(PASSWORD)
    staff.get_by_role("button", name="Sign in").click()
    staff.goto(f"{web.url}/staff/missed/?show=all")
    listed = staff.locator(".staff-missed")
    expect(listed).to_contain_text("qwrtz dfghj jkl [phone]")
    expect(listed).not_to_contain_text("07700")
    expect(listed).not_to_contain_text("go on anymore")
    staff.context.close()
