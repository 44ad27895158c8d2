"""Example appointment hours are never offered as real: the seeded hours are marked as
examples, staff are asked to replace them, and the chat says a service has no times set yet
until its team sets its own."""

from __future__ import annotations

import re
from datetime import time

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.support.fakes import FakeBot
from tests.support.staff import BOOKER, make_user, sign_in
from webapp.booking import availability
from webapp.booking.cli import SEED_FILE
from webapp.booking.seed import seed
from webapp.clock import local_today
from webapp.extensions import db
from webapp.models import AppointmentService, AvailabilityRule, Slot
from webapp.services.bot_client import BotReply

SERVICE = "camhs_duty_call"
PAGE = f"/staff/bookings/services/{SERVICE}"


@pytest.fixture
def seeded(app: Flask, fake_bot: FakeBot) -> Flask:
    """A new database seeded as `make run` seeds it, and a chat that asks to book."""
    fake_bot.answers["i want to book a call"] = [BotReply("booking.start", "booking")]
    with app.app_context():
        assert seed(SEED_FILE, local_today()) == 3
    return app


def ask_for_times(client: FlaskClient, locale: str = "en") -> dict:
    """Ask to book and choose the CAMHS call; returns the reply with its times."""
    start = client.post(
        "/api/v1/messages", json={"text": "i want to book a call", "locale": locale}
    )
    cid = start.get_json()["conversation_id"]
    body = {"text": "CAMHS", "conversation_id": cid, "payload": f"/book_service_{SERVICE}"}
    return client.post("/api/v1/messages", json=body).get_json()["replies"][0]


def set_own_hours(app: Flask) -> None:
    with app.app_context():
        service = db.session.get(AppointmentService, SERVICE)
        availability.set_weekly_hours(service, list(range(7)), time(9), time(17), local_today())
        db.session.commit()


def test_the_seeded_hours_are_marked_as_examples_and_make_no_times(seeded: Flask) -> None:
    with seeded.app_context():
        rules = db.session.scalars(sa.select(AvailabilityRule)).all()
        service = db.session.get(AppointmentService, SERVICE)
        made = availability.generate_slots(service, local_today(), 28)
        own = availability.has_own_times(service)
    assert rules and all(rule.example for rule in rules)
    assert (made, own) == (0, False)


def test_the_chat_says_no_times_are_set_until_the_team_sets_its_own(
    seeded: Flask, client: FlaskClient
) -> None:
    before = ask_for_times(client)
    assert before["text"] == (
        "CAMHS duty worker phone call has no times set yet, so it cannot be booked here. "
        "Please call the service instead."
    )
    assert before.get("buttons", []) == []
    set_own_hours(seeded)
    after = ask_for_times(client)
    assert after["text"].startswith("Here are the next free times")
    assert after["buttons"] and all(
        b["payload"].startswith("/book_slot_") for b in after["buttons"]
    )


def test_no_times_set_yet_is_said_in_the_persons_language(
    seeded: Flask, client: FlaskClient
) -> None:
    reply = ask_for_times(client, locale="pl")
    assert "nie ustalono jeszcze żadnych terminów" in reply["text"]


def test_staff_see_a_banner_to_replace_the_example_hours(
    seeded: Flask, client: FlaskClient
) -> None:
    make_user(seeded, BOOKER, "bookings")
    sign_in(client, BOOKER)
    page = client.get(PAGE).get_data(as_text=True)
    assert "Replace the example hours" in page
    assert "no times set yet" in page
    assert re.search(r'nhsuk-tag--orange"\s*>\s*Example\s*<', page)
    set_own_hours(seeded)
    page = client.get(PAGE).get_data(as_text=True)
    assert "Replace the example hours" not in page


def test_setting_a_teams_hours_replaces_the_examples(seeded: Flask) -> None:
    result = seeded.test_cli_runner().invoke(
        args=[
            "bookings",
            "set-hours",
            SERVICE,
            "--weekdays",
            "0,2",
            "--start",
            "10:00",
            "--end",
            "12:00",
        ]
    )
    assert result.exit_code == 0, result.output
    with seeded.app_context():
        rules = db.session.scalars(
            sa.select(AvailabilityRule).where(AvailabilityRule.service_id == SERVICE)
        ).all()
        service = db.session.get(AppointmentService, SERVICE)
        assert availability.has_own_times(service)
        assert db.session.scalar(sa.select(sa.func.count(Slot.id))) == 0  # made when asked
    assert sorted((r.weekday, r.start_time, r.example) for r in rules) == [
        (0, time(10), False),
        (2, time(10), False),
    ]
