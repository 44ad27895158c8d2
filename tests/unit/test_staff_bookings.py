"""The bookings section of the staff area: the day's appointments and what staff record about
them, the FHIR export, and each appointment service's availability."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fhir.resources.R4B.bundle import Bundle
from flask import Flask
from flask.testing import FlaskClient

from tests.support.bookings import SERVICE, add_camhs, book, tomorrow
from tests.support.fakes import FakeBot
from tests.support.staff import (
    ADMIN,
    BOOKER,
    EDITOR,
    PASSWORD,
    form_data,
    forms,
    make_user,
    requests_to,
    sign_in,
    staff_rules,
)
from webapp import create_app
from webapp.booking import availability
from webapp.clock import local_today
from webapp.extensions import db
from webapp.models import (
    AppointmentService,
    AvailabilityRule,
    Booking,
    BookingAccess,
    Closure,
    Slot,
)
from webapp.retention import purge

PAGE = f"/staff/bookings/services/{SERVICE}"


@pytest.fixture
def camhs(app: Flask) -> str:
    return add_camhs(app)


def stored(app: Flask, reference: str) -> dict[str, Any]:
    with app.app_context():
        booking = db.session.scalar(sa.select(Booking).filter_by(reference=reference))
        return {
            "status": booking.status,
            "active_slot_id": booking.active_slot_id,
            "events": [(e.status, e.actor, e.reason) for e in booking.events],
        }


def slot_times(app: Flask, **where: Any) -> list[tuple[datetime, bool]]:
    """(Leicester start time, withdrawn) of every slot, soonest first."""
    with app.app_context():
        query = sa.select(Slot).filter_by(**where).order_by(Slot.starts_at)
        return [(availability.local(s.starts_at), s.cancelled) for s in db.session.scalars(query)]


def count(app: Flask, model: type) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


# --- The day's bookings -------------------------------------------------------------------


def test_the_day_view_lists_each_booking_with_the_persons_details(
    app: Flask, camhs: str, booker: FlaskClient
) -> None:
    reference = book(app, 9, 30)
    page = booker.get(f"/staff/bookings/?day={tomorrow().isoformat()}")
    assert page.status_code == 200
    for shown in (reference, "Sam Smith", "sam@example.org", "07700900123", "09:30–10:00",
                  "CAMHS duty worker phone call", "Booked",
                  "Download for the patient record system"):  # fmt: skip
        assert shown in page.text, shown
    assert "FHIR record" not in page.text  # a word staff need not know
    assert reference not in booker.get(f"/staff/bookings/?day={local_today()}").text


def test_the_day_view_opens_on_today_and_steps_a_day_at_a_time(
    app: Flask, booker: FlaskClient
) -> None:
    page = booker.get("/staff/bookings/").text
    assert "Today" in page and "No appointments are booked on this day." in page
    for day in (local_today() - timedelta(days=1), tomorrow()):
        assert f"/staff/bookings/?day={day.isoformat()}" in page
    assert "Enter a real date" in booker.get("/staff/bookings/?day=31-12-2026").text


@pytest.mark.parametrize("status", ["attended", "did_not_attend"])
def test_marking_attendance_records_which_member_of_staff_did_it(
    app: Flask, camhs: str, booker: FlaskClient, status: str
) -> None:
    reference = book(app)
    response = booker.post(f"/staff/bookings/{reference}/mark", data={"status": status})
    assert response.status_code == 302
    after = stored(app, reference)
    assert after["status"] == status
    assert after["events"][-1] == (status, f"staff:{BOOKER}", "")
    assert after["active_slot_id"] is not None  # it happened: the time stays taken


def test_cancelling_with_a_reason_frees_the_slot_and_keeps_the_reason(
    app: Flask, camhs: str, booker: FlaskClient
) -> None:
    reference = book(app)
    response = booker.post(
        f"/staff/bookings/{reference}/cancel",
        data={"reason": "Duty worker off sick"},
        follow_redirects=True,
    )
    assert f"{reference} (" in response.text and "is cancelled" in response.text
    after = stored(app, reference)
    assert after["status"] == "cancelled" and after["active_slot_id"] is None
    assert after["events"][-1] == ("cancelled", f"staff:{BOOKER}", "Duty worker off sick")


def test_cancelling_without_a_reason_is_refused_and_nothing_changes(
    app: Flask, camhs: str, booker: FlaskClient
) -> None:
    reference = book(app)
    before = stored(app, reference)
    response = booker.post(f"/staff/bookings/{reference}/cancel", data={"reason": "   "})
    assert response.status_code == 400
    assert "Say why the booking is cancelled." in response.text
    assert stored(app, reference) == before


def test_cancelling_a_cancelled_booking_says_so_and_changes_nothing(
    app: Flask, camhs: str, booker: FlaskClient
) -> None:
    reference = book(app)
    booker.post(f"/staff/bookings/{reference}/cancel", data={"reason": "Asked by phone"})
    before = stored(app, reference)
    for action, data in (("cancel", {"reason": "Again"}), ("mark", {"status": "attended"})):
        response = booker.post(f"/staff/bookings/{reference}/{action}", data=data)
        assert response.status_code == 400
        assert f"Nothing was changed: {reference} is no longer booked" in response.text
    assert stored(app, reference) == before


def test_the_fhir_export_downloads_a_valid_r4_bundle_naming_the_person(
    app: Flask, camhs: str, booker: FlaskClient
) -> None:
    reference = book(app)
    response = booker.get(f"/staff/bookings/{reference.lower()}/fhir.json")
    assert response.status_code == 200
    assert response.mimetype == "application/fhir+json"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{reference}.fhir.json"'
    )
    bundle = Bundle.model_validate(response.get_json())
    appointment = bundle.entry[2].resource
    assert appointment.identifier[0].value == reference and appointment.status == "booked"
    assert "Sam Smith" in [p.actor.display for p in appointment.participant]
    assert booker.get("/staff/bookings/LPT-NONE-NONE/fhir.json").status_code == 404


# --- Availability -------------------------------------------------------------------------


def test_the_services_page_lists_each_appointment_service(
    app: Flask, camhs: str, booker: FlaskClient
) -> None:
    page = booker.get("/staff/bookings/services").text
    assert "CAMHS duty worker phone call" in page and PAGE in page
    assert "Add weekly hours" in booker.get(PAGE).text


def test_adding_weekly_hours_creates_slots_for_the_next_28_days(
    app: Flask, camhs: str, booker: FlaskClient
) -> None:
    thursday_after = tomorrow() + timedelta(days=2)
    response = booker.post(
        f"{PAGE}/rules",
        data={
            "weekday": str(thursday_after.weekday()),
            "start": "14:00",
            "end": "15:00",
            "valid_from": local_today().isoformat(),
        },
        follow_redirects=True,
    )
    assert "Weekly hours on" in response.text
    added = [t for t, _withdrawn in slot_times(app) if t.weekday() == thursday_after.weekday()]
    assert len(added) == 8  # two a day, on four days in 28
    assert {t.strftime("%H:%M") for t in added} == {"14:00", "14:30"}
    assert added[0].date() == thursday_after


def test_a_closure_withdraws_free_times_and_keeps_booked_ones(
    app: Flask, camhs: str, booker: FlaskClient
) -> None:
    reference = book(app, 9, 30)
    day = tomorrow().isoformat()
    response = booker.post(
        f"{PAGE}/closures",
        data={"starts_on": day, "ends_on": day, "reason": "Training day", "scope": "service"},
        follow_redirects=True,
    )
    assert "3 free times were withdrawn" in response.text
    assert "1 booked appointment falls on those days" in response.text
    that_day = [(t.strftime("%H:%M"), w) for t, w in slot_times(app) if t.date() == tomorrow()]
    assert that_day == [("09:00", True), ("09:30", False), ("10:00", True), ("10:30", True)]
    assert stored(app, reference)["status"] == "booked"
    later = [w for t, w in slot_times(app) if t.date() > tomorrow()]
    assert later and not any(later)  # other weeks untouched


def test_removing_a_closure_offers_its_times_again(
    app: Flask, camhs: str, booker: FlaskClient
) -> None:
    book(app)
    day = tomorrow().isoformat()
    booker.post(f"{PAGE}/closures", data={"starts_on": day, "ends_on": day, "scope": "all"})
    with app.app_context():
        closure_id = db.session.scalar(sa.select(Closure.id))
    booker.post(f"{PAGE}/closures/{closure_id}/remove")
    assert count(app, Closure) == 0
    assert not any(w for t, w in slot_times(app) if t.date() == tomorrow())


def test_removing_weekly_hours_withdraws_free_times_but_never_a_booked_one(
    app: Flask, camhs: str, booker: FlaskClient
) -> None:
    reference = book(app, 10)
    with app.app_context():
        rule_id = db.session.scalar(sa.select(AvailabilityRule.id))
    response = booker.post(f"{PAGE}/rules/{rule_id}/remove", follow_redirects=True)
    assert "0 added, 15 withdrawn" in response.text  # 4 a week for 4 weeks, less the booked
    offered = [t.strftime("%H:%M") for t, withdrawn in slot_times(app) if not withdrawn]
    assert offered == ["10:00"]
    assert stored(app, reference)["status"] == "booked"


def test_a_new_appointment_length_re_times_free_slots_around_booked_ones(
    app: Flask, camhs: str, booker: FlaskClient
) -> None:
    book(app, 10)
    data = form_data(booker.get(PAGE).text, action=f"{PAGE}/details")
    assert data["name"] == "CAMHS duty worker phone call" and data["mode"] == "phone"
    response = booker.post(f"{PAGE}/details", data={**data, "duration_minutes": "60"})
    assert response.status_code == 302
    that_day = [(t.strftime("%H:%M"), w) for t, w in slot_times(app) if t.date() == tomorrow()]
    # 09:00–10:00 is open; 10:00–11:00 would overlap the booked 10:00, so only it stays.
    assert that_day == [("09:00", False), ("09:30", True), ("10:00", False), ("10:30", True)]


@pytest.mark.parametrize(
    ("action", "data", "field", "message"),
    [
        ("rules", {"weekday": "1", "start": "12:00", "end": "09:00"}, "rule-end",
         "The end time must be after the start time."),
        ("rules", {"weekday": "7", "start": "09:00", "end": "12:00"}, "rule-weekday",
         "Choose a day of the week."),
        ("rules", {"weekday": "1", "start": "09:00", "end": "12:00", "valid_to": "2026-01-01"},
         "rule-valid_to", "The last date must not be before the first date."),
        ("hours", {"day": "next tuesday", "start": "09:00", "end": "10:00"}, "hours-day",
         "Enter the date"),
        ("closures", {"starts_on": "2031-01-02", "ends_on": "2031-01-01", "scope": "all"},
         "closure-ends_on", "The last date must not be before the first date."),
        ("details", {"name": "X", "mode": "phone", "duration_minutes": "300"},
         "duration_minutes", "Enter a length from 5 to 240 minutes"),
        ("details", {"name": "X", "mode": "fax", "duration_minutes": "30"}, "mode",
         "Choose video or phone."),
    ],
)  # fmt: skip
def test_bad_availability_is_refused_by_its_field_and_nothing_is_saved(
    app: Flask,
    camhs: str,
    booker: FlaskClient,
    action: str,
    data: dict[str, str],
    field: str,
    message: str,
) -> None:
    data = {"valid_from": local_today().isoformat(), **data}
    before = (count(app, AvailabilityRule), count(app, Closure), count(app, Slot))
    response = booker.post(f"{PAGE}/{action}", data=data)
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text and message in response.text
    assert f'href="#{field}"' in response.text  # the error summary links to the field
    assert (count(app, AvailabilityRule), count(app, Closure), count(app, Slot)) == before
    with app.app_context():
        service = db.session.get(AppointmentService, SERVICE)
        assert (service.name, service.mode, service.duration_minutes) == (
            "CAMHS duty worker phone call",
            "phone",
            30,
        )


# --- Who can reach it ---------------------------------------------------------------------


def test_signed_out_visitors_are_sent_to_sign_in(
    app: Flask, camhs: str, client: FlaskClient
) -> None:
    reference = book(app)
    for method, url in (
        ("GET", "/staff/bookings/"),
        ("GET", f"/staff/bookings/{reference}/fhir.json"),
        ("POST", f"/staff/bookings/{reference}/cancel"),
        ("GET", PAGE),
        ("POST", f"{PAGE}/rules"),
    ):
        response = client.open(url, method=method, data={"reason": "x"})
        assert response.status_code == 302, url
        assert response.location.startswith("/staff/login"), url
    assert stored(app, reference)["status"] == "booked"


def test_the_staff_access_walk_covers_every_bookings_page(app: Flask) -> None:
    walked = {r.endpoint for r in staff_rules(app)}
    ours = {
        r.endpoint for r in app.url_map.iter_rules() if r.endpoint.startswith("staff_bookings.")
    }
    assert {"staff_bookings.day", "staff_bookings.cancel", "staff_bookings.fhir_export"} <= ours
    assert ours <= walked  # so no bookings page answers without sign-in


def test_booking_staff_and_admins_see_the_bookings_and_content_editors_do_not(
    app: Flask, camhs: str, client: FlaskClient
) -> None:
    reference = book(app)
    for email, role in ((BOOKER, "bookings"), (ADMIN, "admin")):
        make_user(app, email, role)
        sign_in(client, email)
        assert 'href="/staff/bookings/"' in client.get("/staff/bookings/services").text
        assert reference in client.get(f"/staff/bookings/?day={tomorrow().isoformat()}").text
        client.post("/staff/logout")
    make_user(app, EDITOR, "editor")
    sign_in(client, EDITOR)
    assert 'href="/staff/bookings/' not in client.get("/staff/").text
    rules = [r for r in staff_rules(app) if r.endpoint.startswith("staff_bookings.")]
    for method, url in requests_to(app, rules):
        response = client.open(url, method=method, data={"reason": "x", "status": "attended"})
        assert response.status_code == 403, (method, url)
    forbidden = [f"/staff/bookings/?day={tomorrow().isoformat()}",
                 f"/staff/bookings/{reference}/fhir.json"]  # fmt: skip
    for url in forbidden:
        response = client.get(url)
        assert response.status_code == 403 and "Sam Smith" not in response.text, url
    assert stored(app, reference)["status"] == "booked"
    assert [who for _ref, who, _action in access_log(app)] == [f"staff:{BOOKER}", f"staff:{ADMIN}"]


def access_log(app: Flask) -> list[tuple[str, str, str]]:
    """(reference, who, viewed or exported) for each line of the bookings' access log."""
    with app.app_context():
        query = sa.select(BookingAccess).order_by(BookingAccess.id)
        return [(a.booking.reference, a.actor, a.action) for a in db.session.scalars(query)]


def test_each_booking_shown_with_the_persons_details_is_logged_as_viewed(
    app: Flask, camhs: str, booker: FlaskClient
) -> None:
    first, second = book(app, 9), book(app, 10)
    booker.get(f"/staff/bookings/?day={tomorrow().isoformat()}")
    assert access_log(app) == [
        (first, f"staff:{BOOKER}", "viewed"),
        (second, f"staff:{BOOKER}", "viewed"),
    ]
    booker.get(f"/staff/bookings/?day={local_today().isoformat()}")  # no bookings that day
    booker.get(PAGE)  # availability: nobody's details
    assert len(access_log(app)) == 2


def test_a_refused_change_shows_the_day_again_and_logs_that_view(
    app: Flask, camhs: str, booker: FlaskClient
) -> None:
    reference = book(app)
    assert booker.post(f"/staff/bookings/{reference}/cancel", data={}).status_code == 400
    assert access_log(app) == [(reference, f"staff:{BOOKER}", "viewed")]


def test_each_export_is_logged_with_who_made_it(
    app: Flask, camhs: str, booker: FlaskClient
) -> None:
    reference = book(app)
    booker.get(f"/staff/bookings/{reference}/fhir.json")
    assert access_log(app) == [(reference, f"staff:{BOOKER}", "exported")]


def test_the_access_log_is_deleted_after_its_retention_period(
    app: Flask, camhs: str, booker: FlaskClient
) -> None:
    reference = book(app)
    booker.get(f"/staff/bookings/{reference}/fhir.json")
    days = app.config["RETENTION_BOOKING_ACCESS_DAYS"]
    assert days == 365
    with app.app_context():
        now = datetime.now(UTC)
        kept = purge(now + timedelta(days=days - 1), 30, 90, access_days=days)
        assert kept.booking_access == 0
        gone = purge(now + timedelta(days=days + 1), 30, 90, access_days=days)
        assert gone.booking_access == 1
    assert access_log(app) == []


@pytest.fixture
def csrf_client(tmp_path: Path, fake_bot: FakeBot) -> Iterator[tuple[Flask, FlaskClient]]:
    """An app with CSRF protection on, as in production, and booking staff signed in with it."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'csrf.sqlite3'}",
            "WTF_CSRF_ENABLED": True,
        }
    )
    app.extensions["bot_client"] = fake_bot
    with app.app_context():
        db.create_all()
    make_user(app, BOOKER, "bookings")
    client = app.test_client()
    login = form_data(client.get("/staff/login").text, action="/staff/login")
    client.post("/staff/login", data={**login, "email": BOOKER, "password": PASSWORD})
    yield app, client
    with app.app_context():
        db.engine.dispose()


def test_every_bookings_form_carries_a_token_and_none_works_without(
    csrf_client: tuple[Flask, FlaskClient],
) -> None:
    app, client = csrf_client
    add_camhs(app)
    reference = book(app)
    pages = (f"/staff/bookings/?day={tomorrow().isoformat()}", PAGE)
    posting = [f for page in pages for f in forms(client.get(page).text)
               if f["attrs"].get("method") == "post"]  # fmt: skip
    assert len(posting) >= 8
    for form in posting:
        assert "csrf_token" in [name for name, _value in form["fields"]], form["attrs"]
    before = stored(app, reference)
    response = client.post(f"/staff/bookings/{reference}/cancel", data={"reason": "No token"})
    assert response.status_code == 400 and "Your changes were not saved" in response.text
    assert stored(app, reference) == before
