"""The usage dashboard: weekly counts from SQL (on SQLite and PostgreSQL), drawn as SVG with a
table beside each chart, downloadable as CSV, open to every staff role, and no text of any
message on it."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.staff import BOOKER, make_user, sign_in
from webapp import clock
from webapp.extensions import db
from webapp.models import (
    AppointmentService,
    Booking,
    Conversation,
    Message,
    MissedQuestion,
    Slot,
)
from webapp.models.conversation import new_conversation_id
from webapp.staff.charts import bar_chart, nice_top
from webapp.staff.usage_queries import monday, usage

NOW = datetime(2026, 12, 9, 15, 0, tzinfo=UTC)  # a Wednesday
THIS_WEEK = date(2026, 12, 7)
LAST_WEEK = date(2026, 11, 30)
SECRET = "a secret only the person typed"


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return NOW


def chat(when: datetime, locale: str, turns: list[tuple[str | None, bool, str]]) -> None:
    """A conversation begun `when`, with a person's message and the answer for each turn:
    (topic, crisis, handled_by)."""
    conversation = Conversation(
        id=new_conversation_id(), created_at=when, updated_at=when, locale=locale
    )
    db.session.add(conversation)
    for topic, crisis, handled_by in turns:
        for sender in ("user", "bot"):
            db.session.add(
                Message(
                    conversation=conversation, sender=sender, text=SECRET, locale=locale,
                    topic=topic, crisis=crisis, created_at=when,
                    handled_by=handled_by if sender == "user" else None,
                )
            )  # fmt: skip
        if topic == "fallback":
            db.session.add(
                MissedQuestion(
                    conversation_id=conversation.id, created_at=when, locale=locale,
                    reason="fallback", text=SECRET,
                )
            )  # fmt: skip


def book(made: datetime, starts: datetime, status: str, n: int) -> None:
    service = db.session.get(AppointmentService, "svc") or AppointmentService(id="svc", name="S")
    slot = Slot(service=service, starts_at=starts, ends_at=starts + timedelta(minutes=30))
    db.session.add(Booking(reference=f"LPT-T-{n}", slot=slot, status=status, created_at=made))


@pytest.fixture
def data(app: Flask, now: datetime) -> None:
    with app.app_context():
        chat(NOW - timedelta(hours=1), "en", [("camhs", False, "bot"), ("fallback", False, "bot")])
        chat(NOW - timedelta(days=2), "pl", [("crisis", True, "safety_net")])
        chat(NOW - timedelta(days=8), "en", [("memory_cafe", False, "bot")] * 3)
        chat(NOW - timedelta(days=8), "ur", [("fallback", False, "bot")])
        chat(NOW - timedelta(weeks=20), "en", [("camhs", False, "bot")])  # out of range
        book(NOW - timedelta(days=9), NOW - timedelta(days=7), "did_not_attend", 1)
        book(NOW - timedelta(days=1), NOW + timedelta(days=20), "cancelled", 2)
        book(NOW - timedelta(days=1), NOW - timedelta(hours=2), "cancelled", 3)
        book(NOW - timedelta(days=1), NOW + timedelta(days=1), "booked", 4)
        db.session.commit()


def test_weeks_are_counted_in_sql_by_monday(app: Flask, data: None) -> None:
    with app.app_context():
        figures = usage(NOW.date(), weeks=2)
    assert figures.weeks == (LAST_WEEK, THIS_WEEK)
    assert figures.counts == {
        "conversations": [2, 2],
        "messages": [4, 3],
        "crisis": [0, 1],
        "answered": [4, 2],
        "missed": [1, 1],
        "bookings": [1, 3],
        "cancelled": [0, 1],  # the one cancelled for next month is not in these weeks
        "did_not_attend": [1, 0],
    }
    assert figures.topics == {
        "memory_cafe": [3, 0],
        "fallback": [1, 1],
        "camhs": [0, 1],
        "crisis": [0, 1],
    }
    assert figures.languages == {"en": [1, 1], "ur": [1, 0], "pl": [0, 1]}
    assert figures.missed_rate() == [25.0, 50.0]


def test_a_week_with_nothing_counts_zero_and_has_no_rate(app: Flask, now: datetime) -> None:
    with app.app_context():
        figures = usage(NOW.date(), weeks=4)
    assert figures.weeks[0] == THIS_WEEK - timedelta(weeks=3)
    assert figures.counts["messages"] == [0, 0, 0, 0]
    assert figures.missed_rate() == [None] * 4


def test_monday_is_the_start_of_the_week() -> None:
    assert monday(date(2026, 12, 13)) == THIS_WEEK  # a Sunday
    assert monday(THIS_WEEK) == THIS_WEEK


def test_the_dashboard_draws_each_chart_with_its_table_and_no_text(
    app: Flask, data: None, editor: FlaskClient
) -> None:
    page = editor.get("/staff/usage/?weeks=4").text
    assert page.count('class="staff-chart"') == 7
    assert len(re.findall(r'<svg[^>]*role="img"[^>]*aria-labelledby="', page)) == 7
    assert page.count("<table") == 7
    assert SECRET not in page
    assert "Memory cafés and dementia" in page and "Not understood" in page
    assert 'href="/staff/usage/usage.csv?weeks=4"' in page
    assert 'href="/staff/usage/"' in page  # in the navigation


def test_an_unknown_range_shows_twelve_weeks(
    app: Flask, now: datetime, editor: FlaskClient
) -> None:
    page = editor.get("/staff/usage/?weeks=9999").text
    assert re.search(r'<option value="12" selected>', page)


def test_the_figures_download_as_csv(app: Flask, data: None, admin: FlaskClient) -> None:
    response = admin.get("/staff/usage/usage.csv?weeks=4")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["week_start"] for row in rows][-2:] == ["2026-11-30", "2026-12-07"]
    last = rows[-1]
    assert (last["conversations"], last["messages"], last["crisis"]) == ("2", "3", "1")
    assert (last["missed"], last["missed_rate_percent"], last["bookings"]) == ("1", "50.0", "3")
    assert (last["topic:camhs"], last["language:pl"]) == ("1", "1")
    assert rows[0]["missed_rate_percent"] == ""
    assert SECRET not in response.text


def test_every_staff_role_sees_the_dashboard(
    app: Flask, now: datetime, client: FlaskClient
) -> None:
    assert client.get("/staff/usage/").status_code == 302  # signed out: to sign in
    assert client.get("/staff/usage/usage.csv").status_code == 302
    make_user(app, BOOKER, "bookings")
    sign_in(client, BOOKER)
    assert client.get("/staff/usage/").status_code == 200
    assert client.get("/staff/usage/usage.csv").status_code == 200
    assert 'href="/staff/usage/"' in client.get("/staff/bookings/").text


def test_the_scale_tops_at_a_round_number() -> None:
    assert [nice_top(v) for v in (0, 1, 3, 7, 10, 11, 240, 999)] == [1, 1, 5, 10, 10, 20, 500, 1000]


def test_a_chart_escapes_its_words_and_stacks_or_sets_bars_side_by_side() -> None:
    weeks = [THIS_WEEK]
    svg = bar_chart("c", "<b>", weeks, [("<i>", [2]), ("two", [3])])
    assert "<b>" not in svg and "&lt;b&gt;" in svg and "&lt;i&gt;" in svg
    assert svg.count("<rect") == 4  # two bars, two legend keys
    side = bar_chart("c", "t", weeks, [("a", [2]), ("b", [3])], side_by_side=True)
    xs = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width', side)
    assert len(set(xs[:2])) == 2
