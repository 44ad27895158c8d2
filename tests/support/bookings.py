"""An appointment service with tomorrow's hours, and Sam booking one of its times."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask import Flask

from webapp.booking import availability, records
from webapp.booking.records import Details
from webapp.clock import LONDON, local_today
from webapp.extensions import db
from webapp.models import AppointmentService, AvailabilityRule, Slot

SAM = Details("Sam Smith", "sam@example.org", "07700 900123", 15, None, True)
SERVICE = "camhs_duty_call"


def tomorrow() -> date:
    return local_today() + timedelta(days=1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A Leicester wall-clock time, as stored (UTC)."""
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON).astimezone(UTC)


def add_camhs(
    app: Flask,
    weekdays: Iterable[int] | None = None,
    hours: tuple[time, time] = (time(9), time(11)),
    valid_from: date | None = None,
) -> str:
    """A phone-call service taking 30-minute appointments in these hours (09:00–11:00) on
    these weekdays (tomorrow's) from this day (today)."""
    with app.app_context():
        service = AppointmentService(
            id=SERVICE,
            name="CAMHS duty worker phone call",
            how_it_works="A duty worker will phone you.",
            mode="phone",
            duration_minutes=30,
            parent_contact_under_16=True,
        )
        service.rules = [
            AvailabilityRule(
                weekday=weekday,
                start_time=hours[0],
                end_time=hours[1],
                valid_from=valid_from or local_today(),
            )
            for weekday in (weekdays if weekdays is not None else [tomorrow().weekday()])
        ]
        db.session.add(service)
        db.session.commit()
    return SERVICE


def book(app: Flask, hour: int = 9, minute: int = 0) -> str:
    """Sam books tomorrow's appointment at this time in the chat; returns the reference."""
    with app.app_context():
        service = db.session.get(AppointmentService, SERVICE)
        availability.generate_slots(service, local_today(), records.HORIZON_DAYS)
        db.session.commit()
        slot_id = db.session.scalar(
            sa.select(Slot.id).where(Slot.starts_at == at(tomorrow(), hour, minute))
        )
        return records.book(slot_id, SAM, "en", datetime.now(UTC)).reference
