"""No double booking, ever: 50 people trying for the same slot at the same moment get exactly
one booking between them, on SQLite and on PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import FakeBot
from tests.databases import database
from webapp import create_app
from webapp.booking import bookings
from webapp.booking.bookings import Details, SlotUnavailable
from webapp.extensions import db
from webapp.models import AppointmentService, AvailabilityRule, Booking, BookingContact

NOW = datetime(2026, 10, 19, 12, 0, tzinfo=UTC)
PEOPLE = 50


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_fifty_people_at_once_get_exactly_one_booking(
    kind: str, tmp_path: Path, fake_bot: FakeBot
) -> None:
    with database(kind, tmp_path) as url:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
        app.extensions["bot_client"] = fake_bot
        with app.app_context():
            db.create_all()
            service = AppointmentService(id="race", name="Race", duration_minutes=30)
            service.rules = [
                AvailabilityRule(
                    weekday=1, start_time=time(9), end_time=time(10), valid_from=date(2026, 10, 1)
                )
            ]
            db.session.add(service)
            db.session.commit()
            slot_id = bookings.free_slots(service, NOW)[0].id

        start = threading.Barrier(PEOPLE)
        outcomes: list[str] = []

        def attempt(n: int) -> None:
            with app.app_context():
                start.wait()
                try:
                    details = Details(f"Person {n}", f"p{n}@example.org", None, 30, None, True)
                    bookings.book(slot_id, details, "en", NOW)
                    outcomes.append("booked")
                except SlotUnavailable as err:
                    outcomes.append(err.code)
                finally:
                    db.session.remove()

        threads = [threading.Thread(target=attempt, args=(n,)) for n in range(PEOPLE)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        with app.app_context():
            held = db.session.scalar(sa.select(sa.func.count(Booking.id)))
            contacts = db.session.scalar(sa.select(sa.func.count(BookingContact.id)))
            db.session.remove()
            db.engine.dispose()
        print(f"\n{kind}: {PEOPLE} attempts at one slot -> {dict(Counter(outcomes))}")
        assert Counter(outcomes) == {"booked": 1, "taken": PEOPLE - 1}
        assert held == 1 and contacts == 1
