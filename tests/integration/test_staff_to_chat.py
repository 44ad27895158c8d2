"""A member of staff changes a memory café's session time at /staff in a real browser, and
the very next chat reply (through the real assistant) shows the new time."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.support.browser import PHONE, shot
from tests.support.live import LiveWeb

CAFE = "leicester-memory-cafes"


def test_a_staff_edit_shows_in_the_next_chat_reply(browser: Browser, web: LiveWeb) -> None:
    web.flask(
        "staff",
        "create-user",
        "--email",
        "editor@example.org",
        "--name",
        "Eda Editor",
        "--role",
        "editor",
        "--password",
        "a long test passphrase 42",
    )
    staff = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    staff.viewport_name = "desktop"  # type: ignore[attr-defined]
    staff.goto(f"{web.url}/staff/")
    expect(staff).to_have_url(re.compile("/staff/login"))
    staff.get_by_label("Email address").fill("editor@example.org")
    staff.get_by_label("Password").fill("a long test passphrase 42")
    staff.get_by_role("button", name="Sign in").click()
    staff.goto(f"{web.url}/staff/services/{CAFE}/edit")
    schedule = "locations-0-schedules-0-"
    staff.locator(f'[name="{schedule}freq"]').select_option("WEEKLY")
    staff.locator(f'[name="{schedule}byday"]').fill("TU")
    staff.locator(f'[name="{schedule}opens_at"]').fill("13:15")
    staff.locator(f'[name="{schedule}closes_at"]').fill("15:45")
    staff.get_by_role("button", name=re.compile("^Save")).click()
    expect(staff.locator("body")).not_to_contain_text("There is a problem")
    shot(staff, "06-staff-edit")

    chat = browser.new_context(viewport=PHONE).new_page()
    chat.viewport_name = "phone"  # type: ignore[attr-defined]
    chat.goto(web.url)
    chat.locator("#message-text").fill("are there any memory cafes in leicester for my nan")
    chat.locator("#message-text").press("Enter")
    card = chat.locator(f'[data-service-id="{CAFE}"]').last
    expect(card).to_contain_text("13:15 to 15:45", timeout=20_000)
    shot(chat, "07-chat-after-staff-edit")
