"""Virtual appointments: slots from staff availability (across clock changes), booking with
no double booking, change and cancel by reference and contact, and every refusal leaving the
data as it was."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from icalendar import Calendar

from webapp.booking import availability, confirmation, fhir, records
from webapp.booking.records import BookingError, BookingNotFound, Details, SlotUnavailable
from webapp.extensions import db
from webapp.models import (
    AppointmentService,
    AvailabilityRule,
    Booking,
    BookingContact,
    Closure,
    OneOffAvailability,
    Slot,
)

# Clocks go back in the UK on Sunday 25 October 2026 (BST to GMT).
BEFORE_CHANGE = datetime(2026, 10, 19, 12, 0, tzinfo=UTC)
SAM = Details("Sam Smith", "sam@example.org", None, 15, None, True)


@pytest.fixture
def service(app: Flask) -> AppointmentService:
    with app.app_context():
        camhs = AppointmentService(
            id="camhs_duty_call",
            name="CAMHS duty worker phone call",
            how_it_works="A duty worker will phone you.",
            mode="phone",
            duration_minutes=30,
            topic="camhs",
            parent_contact_under_16=True,
        )
        camhs.rules = [
            AvailabilityRule(
                weekday=1, start_time=time(9), end_time=time(11), valid_from=date(2026, 10, 1)
            )
        ]
        db.session.add(camhs)
        db.session.commit()
        return camhs


def slots(app: Flask) -> list[Slot]:
    with app.app_context():
        return list(db.session.scalars(sa.select(Slot).order_by(Slot.starts_at)))


def first_free(app: Flask, now: datetime = BEFORE_CHANGE) -> int:
    with app.app_context():
        camhs = db.session.get(AppointmentService, "camhs_duty_call")
        return records.free_slots(camhs, now)[0].id


def test_slots_keep_their_wall_clock_time_across_the_clock_change(
    app: Flask, service: AppointmentService
) -> None:
    with app.app_context():
        camhs = db.session.get(AppointmentService, "camhs_duty_call")
        assert availability.generate_slots(camhs, date(2026, 10, 20), 8) == 8
        db.session.commit()
    found = slots(app)
    local = [availability.local(s.starts_at) for s in found]
    assert [t.strftime("%a %H:%M") for t in local[:4]] == [
        "Tue 09:00",
        "Tue 09:30",
        "Tue 10:00",
        "Tue 10:30",
    ]
    assert [t.strftime("%a %H:%M") for t in local[4:]] == [
        "Tue 09:00",
        "Tue 09:30",
        "Tue 10:00",
        "Tue 10:30",
    ]
    assert found[0].starts_at.hour == 8  # 09:00 BST is 08:00 UTC
    assert found[4].starts_at.hour == 9  # 09:00 GMT is 09:00 UTC


def test_generating_again_adds_nothing(app: Flask, service: AppointmentService) -> None:
    with app.app_context():
        camhs = db.session.get(AppointmentService, "camhs_duty_call")
        availability.generate_slots(camhs, date(2026, 10, 20), 14)
        assert availability.generate_slots(camhs, date(2026, 10, 20), 14) == 0


def test_one_off_hours_add_slots_and_closures_remove_days(
    app: Flask, service: AppointmentService
) -> None:
    with app.app_context():
        db.session.add(
            OneOffAvailability(
                service_id="camhs_duty_call",
                day=date(2026, 10, 22),
                start_time=time(14),
                end_time=time(15),
            )
        )
        db.session.add(
            Closure(
                service_id=None,
                starts_on=date(2026, 10, 27),
                ends_on=date(2026, 10, 27),
                reason="Training day",
            )
        )
        camhs = db.session.get(AppointmentService, "camhs_duty_call")
        availability.generate_slots(camhs, date(2026, 10, 20), 15)
        db.session.commit()
    days = [availability.local(s.starts_at).date() for s in slots(app)]
    assert date(2026, 10, 22) in days and date(2026, 10, 27) not in days
    assert date(2026, 11, 3) in days


def test_a_closure_withdraws_unbooked_slots_but_keeps_booked_ones(
    app: Flask, service: AppointmentService
) -> None:
    slot_id = first_free(app)
    with app.app_context():
        records.book(slot_id, SAM, "en", BEFORE_CHANGE)
        closure = Closure(
            service_id="camhs_duty_call",
            starts_on=date(2026, 10, 20),
            ends_on=date(2026, 10, 20),
            reason="Sickness",
        )
        db.session.add(closure)
        assert availability.apply_closure(closure) == 3
        db.session.commit()
    assert [s.cancelled for s in slots(app)][:4] == [False, True, True, True]


def test_a_booking_holds_its_slot_and_keeps_details_apart(
    app: Flask, service: AppointmentService
) -> None:
    slot_id = first_free(app)
    with app.app_context():
        booking = records.book(slot_id, SAM, "en", BEFORE_CHANGE)
        assert booking.reference.startswith("LPT-") and len(booking.reference) == 13
        assert booking.active_slot_id == slot_id
        assert booking.contact.name == "Sam Smith"
        assert [e.status for e in booking.events] == ["booked"]
        camhs = db.session.get(AppointmentService, "camhs_duty_call")
        assert slot_id not in [s.id for s in records.free_slots(camhs, BEFORE_CHANGE)]


def test_a_taken_slot_is_refused_with_the_next_free_times(
    app: Flask, service: AppointmentService
) -> None:
    slot_id = first_free(app)
    with app.app_context():
        records.book(slot_id, SAM, "en", BEFORE_CHANGE)
        with pytest.raises(SlotUnavailable) as err:
            records.book(
                slot_id, Details("Alex", None, "07700 900123", 30, None, True), "en", BEFORE_CHANGE
            )
        assert err.value.code == "taken" and err.value.next_slots
        assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 1
        assert db.session.scalar(sa.select(sa.func.count(BookingContact.id))) == 1


@pytest.mark.parametrize(
    ("slot", "code"),
    [("missing", "not_found"), ("withdrawn", "withdrawn"), ("past", "past")],
)
def test_missing_withdrawn_and_past_slots_are_refused(
    app: Flask, service: AppointmentService, slot: str, code: str
) -> None:
    slot_id = first_free(app)
    now = BEFORE_CHANGE
    with app.app_context():
        if slot == "missing":
            slot_id = 999_999
        elif slot == "withdrawn":
            db.session.get(Slot, slot_id).cancelled = True
            db.session.commit()
        else:
            now = datetime(2026, 10, 20, 8, 0, tzinfo=UTC)  # the slot starts now
        with pytest.raises(SlotUnavailable) as err:
            records.book(slot_id, SAM, "en", now)
        assert err.value.code == code
        assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


@pytest.mark.parametrize(
    ("details", "code"),
    [
        (Details("", "a@example.org", None, None, None, True), "invalid_name"),
        (Details("Sam", "not-an-email", None, None, None, True), "invalid_email"),
        (Details("Sam", None, "12345", None, None, True), "invalid_phone"),
        (Details("Sam", None, None, None, None, True), "missing_contact"),
        (Details("Sam", "a@example.org", None, 400, None, True), "invalid_age"),
        (
            Details("Sam", "a@example.org", None, None, date(2030, 1, 1), True),
            "invalid_date_of_birth",
        ),
        (Details("Sam", "a@example.org", None, None, None, False), "missing_consent"),
        (Details("<script>x</script>", "a@example.org", None, None, None, True), "invalid_name"),
    ],
)
def test_bad_details_are_refused_and_nothing_is_stored(
    app: Flask, service: AppointmentService, details: Details, code: str
) -> None:
    slot_id = first_free(app)
    with app.app_context():
        with pytest.raises(BookingError) as err:
            records.book(slot_id, details, "en", BEFORE_CHANGE)
        assert err.value.code == code
        assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


@pytest.mark.parametrize(
    ("age", "born", "code"),
    [
        (1, None, "outside_ages"),  # a toddler booked into a service for 16 and over
        (None, date(2024, 6, 1), "outside_ages"),  # the same, told by the date of birth
        (70, None, "outside_ages"),
        (16, None, None),
        (None, date(2000, 6, 1), None),
        (None, None, None),  # no age given: the team checks when it calls
    ],
)
def test_the_services_age_range_is_kept_when_booking(
    app: Flask, service: AppointmentService, age: int | None, born: date | None, code: str | None
) -> None:
    slot_id = first_free(app)
    details = Details("Sam", "a@example.org", None, age, born, True)
    with app.app_context():
        camhs = db.session.get(AppointmentService, "camhs_duty_call")
        camhs.min_age, camhs.max_age = 16, 65
        db.session.commit()
        if code is None:
            assert records.book(slot_id, details, "en", BEFORE_CHANGE).reference
            return
        with pytest.raises(BookingError) as err:
            records.book(slot_id, details, "en", BEFORE_CHANGE)
        assert err.value.code == code
        assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 0


def test_phone_numbers_are_accepted_as_people_write_them() -> None:
    assert records.normalise_phone("07700 900123") == "07700900123"
    assert records.normalise_phone("+44 7700 900123") == "07700900123"
    assert records.normalise_phone("0116-225-0000") == "01162250000"
    assert records.normalise_phone("call me") is None


def test_change_and_cancel_need_the_reference_and_the_contact(
    app: Flask, service: AppointmentService
) -> None:
    slot_id = first_free(app)
    with app.app_context():
        reference = records.book(slot_id, SAM, "en", BEFORE_CHANGE).reference
        with pytest.raises(BookingNotFound):
            records.find(reference, "someone@else.org")
        with pytest.raises(BookingNotFound):
            records.find("LPT-AAAA-AAAA", "sam@example.org")
        booking = records.find(reference.lower(), "SAM@example.org ")
        camhs = db.session.get(AppointmentService, "camhs_duty_call")
        later = records.free_slots(camhs, BEFORE_CHANGE)[-1]
        records.change(booking, later.id, BEFORE_CHANGE)
        assert (booking.slot_id, booking.active_slot_id, booking.status) == (
            later.id,
            later.id,
            "changed",
        )
        assert slot_id in [s.id for s in records.free_slots(camhs, BEFORE_CHANGE)]
        records.cancel(booking, "person")
        assert booking.status == "cancelled" and booking.active_slot_id is None
        assert [e.status for e in booking.events] == ["booked", "changed", "cancelled"]
        with pytest.raises(BookingError):
            records.cancel(booking, "person")


def test_the_fhir_export_validates_as_r4(app: Flask, service: AppointmentService) -> None:
    from fhir.resources.R4B.bundle import Bundle

    slot_id = first_free(app)
    with app.app_context():
        booking = records.book(slot_id, SAM, "en", BEFORE_CHANGE)
        exported = fhir.bundle(booking)
    parsed = Bundle.model_validate(exported)
    kinds = [entry.resource.get_resource_type() for entry in parsed.entry]
    assert kinds == ["Schedule", "Slot", "Appointment"]
    appointment = exported["entry"][2]["resource"]
    assert appointment["status"] == "booked" and appointment["slot"][0]["reference"].startswith(
        "Slot/"
    )
    assert "Sam Smith" not in str(exported)  # no personal details unless asked for


def test_the_calendar_file_parses_with_the_right_time(
    app: Flask, service: AppointmentService
) -> None:
    slot_id = first_free(app)
    with app.test_request_context():
        booking = records.book(slot_id, SAM, "en", BEFORE_CHANGE)
        parsed = Calendar.from_ical(confirmation.calendar_bytes(booking))
        start = booking.slot.starts_at
    event = next(iter(parsed.walk("VEVENT")))
    assert event.decoded("dtstart") == start
    assert event.decoded("dtend") == start + timedelta(minutes=30)
    assert booking.reference in str(event.get("summary"))
