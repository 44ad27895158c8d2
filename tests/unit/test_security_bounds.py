"""Numbers and dates beyond what the app or its database can hold — a 40-digit slot id, a
29-digit quick reply, a 23-digit staff id, the year 9999, a superscript digit — get a clear
answer (404, 400 with the field named, or a plain chat reply) and a log line: never a 500."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.support.bookings import SERVICE, add_camhs
from tests.support.staff import CAFE
from webapp.booking import records
from webapp.extensions import db
from webapp.models import AppointmentService, Booking

HUGE = "9" * 40
STAFF_ID = "1" * 23


@pytest.fixture
def slot_id(app: Flask) -> str:
    """The first free time of the CAMHS call service (tomorrow morning)."""
    add_camhs(app)
    with app.app_context():
        service = db.session.get(AppointmentService, SERVICE)
        return str(records.free_slots(service, datetime.now(UTC))[0].id)


@pytest.fixture
def admin(app: Flask, cafe: str, admin: FlaskClient) -> FlaskClient:
    """An admin signed in, with the test café and the CAMHS call service."""
    add_camhs(app)
    return admin


def submit(client: FlaskClient, **fields: str) -> dict:
    response = client.post("/api/v1/bookings", json=fields)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["replies"][0]


# --- The chat and its booking forms -------------------------------------------------------


def test_a_40_digit_slot_id_gets_a_plain_reply_and_a_log_line(
    app: Flask, slot_id: str, client: FlaskClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        booked = submit(
            client, action="book", slot_id=HUGE, name="Jo", email="jo@example.org", consent="on"
        )
    assert "cannot find that time" in booked["text"]
    assert "out of range" in caplog.text
    done = submit(
        client, action="book", slot_id=slot_id, name="Jo", email="jo@example.org", consent="on"
    )
    reference = done["text"].split("reference is ")[1][:13]
    changed = submit(
        client, action="change", reference=reference, contact="jo@example.org", slot_id=HUGE
    )
    assert "cannot find that time" in changed["text"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("age", HUGE, "age in years"),
        ("age", "²", "age in years"),
        ("date_of_birth", "0001-01-01", "date of birth"),
        ("date_of_birth", "9999-12-31", "date of birth"),
    ],
)
def test_out_of_range_details_come_back_with_the_message_by_the_field(
    app: Flask, slot_id: str, client: FlaskClient, field: str, value: str, message: str
) -> None:
    with app.app_context():
        db.session.get(AppointmentService, SERVICE).needs_date_of_birth = True
        db.session.commit()
    fields = {
        "name": "Jo",
        "email": "jo@example.org",
        "consent": "on",
        "date_of_birth": "2012-05-01",
    }
    reply = submit(client, action="book", slot_id=slot_id, **{**fields, field: value})
    errors = {f["name"]: f["error"] for f in reply["form"]["fields"] if f["error"]}
    assert message in errors[field].lower()
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


def test_a_29_digit_book_slot_quick_reply_gets_a_plain_reply(
    app: Flask, slot_id: str, client: FlaskClient
) -> None:
    response = client.post(
        "/api/v1/messages", json={"text": "that one", "payload": "/book_slot_" + "9" * 29}
    )
    assert response.status_code == 200
    assert "no longer available" in response.get_json()["replies"][0]["text"]


# --- The staff area -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/staff/users/{STAFF_ID}/deactivate",
        f"/staff/users/{STAFF_ID}/reactivate",
        f"/staff/services/{CAFE['id']}/history/{STAFF_ID}/roll-back",
        f"/staff/guides/any-guide/history/{STAFF_ID}/roll-back",
        f"/staff/bookings/services/{SERVICE}/rules/{STAFF_ID}/remove",
        f"/staff/bookings/services/{SERVICE}/hours/{STAFF_ID}/remove",
        f"/staff/bookings/services/{SERVICE}/closures/{STAFF_ID}/remove",
    ],
)
def test_a_23_digit_id_in_a_staff_address_is_not_found(
    admin: FlaskClient, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        assert admin.post(path).status_code == 404
    assert "out of range" in caplog.text


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2026-13-01"])
def test_a_day_beyond_the_calendar_is_refused_plainly(admin: FlaskClient, day: str) -> None:
    page = admin.get(f"/staff/bookings/?day={day}")
    assert page.status_code == 400
    assert "Enter a real date" in page.text


@pytest.mark.parametrize(
    ("form", "data", "field"),
    [
        ("closures", {"starts_on": "9999-12-30", "ends_on": "9999-12-31"}, "closure-ends_on"),
        ("hours", {"day": "9999-12-31", "start": "09:00", "end": "10:00"}, "hours-day"),
        (
            "rules",
            {
                "weekday": "1",
                "start": "09:00",
                "end": "10:00",
                "valid_from": "2026-01-01",
                "valid_to": "9999-12-31",
            },
            "rule-valid_to",
        ),  # fmt: skip
        ("rules", {"weekday": "²", "start": "09:00", "end": "10:00"}, "rule-weekday"),
        (
            "details",
            {"name": "CAMHS call", "mode": "phone", "duration_minutes": "³"},
            "duration_minutes",
        ),
    ],
)
def test_staff_availability_forms_refuse_numbers_and_dates_out_of_range(
    admin: FlaskClient, form: str, data: dict[str, str], field: str
) -> None:
    posted = {**data, "scope": "service"} if form == "closures" else data
    response = admin.post(f"/staff/bookings/services/{SERVICE}/{form}", data=posted)
    assert response.status_code == 400
    assert f'href="#{field}"' in response.text


def test_an_unreadable_version_on_a_staff_edit_counts_as_out_of_date(
    admin: FlaskClient,
) -> None:
    page = admin.post(f"/staff/services/{CAFE['id']}/edit", data={"version": "²", "name": "Café"})
    assert page.status_code < 500


@pytest.mark.parametrize("index", ["9" * 5000, "١"])
def test_a_row_number_too_long_or_not_ascii_in_a_staff_form_gets_no_500(
    admin: FlaskClient, index: str
) -> None:
    page = admin.post(
        f"/staff/services/{CAFE['id']}/edit",
        data={"version": "1", "name": "Café", f"locations-{index}-name": "Hall"},
    )
    assert page.status_code < 500
