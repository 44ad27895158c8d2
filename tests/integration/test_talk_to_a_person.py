"""Talking to a person, in two real browsers on the real stack: a young person on a phone and
a duty worker on a desktop. Out of hours the chat names the next time; within hours the
worker takes the chat, each sees the other's messages, a risk message reaches the worker
flagged while the person gets the numbers, and after the hand-back the assistant answers.
The duty inbox and the chat page pass axe.

The web app runs on its own database here: its duty teams would hold other tests' chats."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from scripts import stack
from tests.support.browser import (
    DESKTOP,
    PHONE,
    axe_problems,
    choose,
    last_bot_message,
    send,
    shot,
)
from tests.support.live import LiveWeb, running_web
from webapp import clock

WORKER, PASSWORD = "sam.nurse@nhs.net", "a long test password for sam"
# Two teams: CAMHS duty on now, every day; 0-19 nursing only on a day that is not today.
TEAMS = """
from datetime import time
from webapp import create_app
from webapp.extensions import db
from webapp.models import DutyHours, DutyTeam
app = create_app()
with app.app_context():
    camhs = DutyTeam(id="camhs-duty", name="CAMHS duty", topics=["camhs"], position=0,
                     typical_wait_minutes=20)
    camhs.hours = [DutyHours(weekday=d, start_time=time(0), end_time=time(23, 59))
                   for d in range(7)]
    nursing = DutyTeam(id="nursing", name="0-19 nursing", topics=["play_and_stay"], position=1)
    nursing.hours = [DutyHours(weekday={other_day}, start_time=time(9), end_time=time(17))]
    db.session.add_all([camhs, nursing])
    db.session.commit()
"""


@pytest.fixture(scope="module")
def duty_web(rasa_url: str, logs: Path) -> Iterator[LiveWeb]:
    """The web app on the session's Rasa server, with the two duty teams and Sam, a school
    nurse of CAMHS duty."""
    with running_web(rasa_url, logs, "duty") as web:
        other_day = (clock.local_today() + timedelta(days=2)).weekday()
        script = TEAMS.format(other_day=other_day)
        environment = {**os.environ, **web.env}
        subprocess.run([sys.executable, "-c", script], cwd=stack.ROOT, env=environment, check=True)
        web.flask("staff", "create-user", "--email", WORKER, "--name", "Sam Patel",
                  "--role", "duty", "--password", PASSWORD)  # fmt: skip
        web.flask("staff", "set-team", "--email", WORKER, "--team", "camhs-duty",
                  "--job-title", "School nurse")  # fmt: skip
        yield web


@pytest.fixture
def person(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.viewport_name = "phone"  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def duty_worker(browser: Browser, duty_web: LiveWeb) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.viewport_name = "desktop"  # type: ignore[attr-defined]
    page.goto(f"{duty_web.url}/staff/login")
    page.get_by_label("Email address").fill(WORKER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_have_text("Inbox")
    yield page
    context.close()


def type_to_worker(page: Page, text: str) -> None:
    """The person types while a worker has the chat: no answer from the assistant comes."""
    page.locator("#message-text").fill(text)
    page.locator("#message-text").press("Enter")


def test_out_of_hours_the_person_is_told_when_someone_is_next_there(
    person: Page, duty_web: LiveWeb
) -> None:
    person.goto(duty_web.url)
    choose(person, "Play and Stay for young children")
    send(person, "can i talk to a real person")
    answer = last_bot_message(person)
    expect(answer).to_contain_text("No one from the team is here to chat right now.")
    expect(answer).to_contain_text("Someone will be here next on")
    expect(answer).to_contain_text("116 123")
    expect(answer.get_by_role("button", name="Leave a message")).to_be_visible()
    shot(person, "30-handoff-out-of-hours")


def test_a_duty_worker_takes_the_chat_and_hands_it_back(
    person: Page, duty_worker: Page, duty_web: LiveWeb
) -> None:
    person.goto(duty_web.url)
    send(person, "how long is the camhs wait")
    choose(person, "Talk to a person")
    expect(last_bot_message(person)).to_contain_text("up to 20 minutes")

    duty_worker.reload()
    row = duty_worker.locator("#inbox-rows tbody tr").first
    expect(row).to_contain_text("Waiting")
    expect(row).to_contain_text("English")
    assert axe_problems(duty_worker) == []
    row.get_by_role("link").click()
    expect(duty_worker.locator("#inbox-log")).to_contain_text("how long is the camhs wait")
    duty_worker.get_by_role("button", name="Take this chat").click()
    expect(last_bot_message(person)).to_contain_text("Sam, School nurse, has joined the chat.")

    duty_worker.get_by_label("Your reply").fill("Hi, I'm Sam. How are things?")
    duty_worker.get_by_role("button", name="Send").click()
    expect(person.locator(".chat-message--staff").last).to_contain_text("How are things?")
    expect(person.locator(".chat-message--staff").last).to_contain_text("Sam, School nurse")

    type_to_worker(person, "not great to be honest")
    expect(duty_worker.locator("#inbox-log")).to_contain_text("not great to be honest")
    assert axe_problems(duty_worker) == []
    shot(duty_worker, "31-handoff-worker")

    type_to_worker(person, "i feel like i cant go on anymore")
    expect(last_bot_message(person)).to_contain_text("116 123")
    expect(duty_worker.locator("#inbox-risk")).to_be_visible()
    expect(duty_worker.locator(".inbox-message--risk").last).to_contain_text("cant go on")
    shot(person, "32-handoff-person")
    assert axe_problems(person) == []

    duty_worker.get_by_role("button", name="Hand back to the assistant").click()
    expect(last_bot_message(person)).to_contain_text("You are talking to the assistant again")
    send(person, "hello")
    expect(last_bot_message(person)).to_contain_text("What would you like help with")


def test_the_duty_team_pages_pass_axe(browser: Browser, duty_web: LiveWeb) -> None:
    admin, password = "ada.duty.admin@nhs.net", "a long test password for ada"
    duty_web.flask("staff", "create-user", "--email", admin, "--name", "Ada Admin",
                   "--role", "admin", "--password", password)  # fmt: skip
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(f"{duty_web.url}/staff/login")
    page.get_by_label("Email address").fill(admin)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{duty_web.url}/staff/duty-teams")
    expect(page.locator("h1")).to_have_text("Duty teams")
    problems = {"teams": axe_problems(page)}
    page.get_by_role("link", name="CAMHS duty").click()
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("On duty now")
    problems["team"] = axe_problems(page)
    context.close()
    assert problems == {"teams": [], "team": []}
