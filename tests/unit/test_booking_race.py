"""Bookings under real concurrency (threads), on SQLite and on PostgreSQL: no double booking,
ever; one booking changed and cancelled at once ends as the one answer that said "done"; one
contact booking many times at once stays within its limit."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from tests.databases import database
from tests.support.fakes import FakeBot
from webapp import create_app
from webapp.booking import records, submissions
from webapp.booking.desk import Desk
from webapp.booking.records import BookingError, Details, Limits
from webapp.extensions import db
from webapp.models import AppointmentService, AvailabilityRule, Booking, BookingContact

NOW = datetime(2026, 10, 19, 12, 0, tzinfo=UTC)
PEOPLE = 50


def _app_with_service(url: str, fake_bot: FakeBot) -> Flask:
    """An app on the database at `url`, with a service open 09:00–12:00 on Tuesdays."""
    app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "SQLALCHEMY_DATABASE_URI": url})
    app.extensions["bot_client"] = fake_bot
    with app.app_context():
        db.create_all()
        service = AppointmentService(id="race", name="Race", duration_minutes=30)
        service.rules = [
            AvailabilityRule(
                weekday=1, start_time=time(9), end_time=time(12), valid_from=date(2026, 10, 1)
            )
        ]
        db.session.add(service)
        db.session.commit()
    return app


def _run_at_once(count: int, work: Callable[[int], None]) -> None:
    threads = [threading.Thread(target=work, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)


def _outcomes_at_once(app: Flask, count: int, book: Callable[[int], None]) -> Counter[str]:
    """Run book(0) … book(count - 1) on threads released together; count "booked" and each
    refusal's code."""
    start = threading.Barrier(count, timeout=30)
    outcomes: list[str] = []

    def attempt(n: int) -> None:
        with app.app_context():
            start.wait()
            try:
                book(n)
                outcomes.append("booked")
            except BookingError as err:
                outcomes.append(err.code)
            finally:
                db.session.remove()

    _run_at_once(count, attempt)
    return Counter(outcomes)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_fifty_people_at_once_get_exactly_one_booking(
    kind: str, tmp_path: Path, fake_bot: FakeBot
) -> None:
    with database(kind, tmp_path) as url:
        app = _app_with_service(url, fake_bot)
        with app.app_context():
            service = db.session.get(AppointmentService, "race")
            slot_id = records.free_slots(service, NOW)[0].id

        def book(n: int) -> None:
            details = Details(f"Person {n}", f"p{n}@example.org", None, 30, None, True)
            records.book(slot_id, details, "en", NOW)

        outcomes = _outcomes_at_once(app, PEOPLE, book)
        with app.app_context():
            held = db.session.scalar(sa.select(sa.func.count(Booking.id)))
            contacts = db.session.scalar(sa.select(sa.func.count(BookingContact.id)))
            db.session.remove()
            db.engine.dispose()
        print(f"\n{kind}: {PEOPLE} attempts at one slot -> {dict(outcomes)}")
        assert outcomes == {"booked": 1, "taken": PEOPLE - 1}
        assert held == 1 and contacts == 1


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_changes_and_a_cancel_of_one_booking_at_once_leave_one_winner_and_tell_the_rest(
    kind: str, tmp_path: Path, fake_bot: FakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five changes and a cancel, each having read the booking before any of them writes:
    one is done, the five others are told plainly that nothing was done, and the booking
    ends as the one "done" said."""
    with database(kind, tmp_path) as url:
        app = _app_with_service(url, fake_bot)
        with app.app_context():
            service = db.session.get(AppointmentService, "race")
            first, *others = [s.id for s in records.free_slots(service, NOW)]
            booking = records.book(
                first, Details("Sam", "sam@example.org", None, 30, None, True), "en", NOW
            )
            reference = booking.reference
            db.session.remove()

        everyone_has_read = threading.Barrier(6, timeout=30)
        find = records.find

        def find_then_wait(*args: str) -> Booking:
            found = find(*args)
            everyone_has_read.wait()
            return found

        monkeypatch.setattr(records, "find", find_then_wait)
        answers: dict[str, str] = {}

        def attempt(n: int) -> None:
            fields = {"reference": reference, "contact": "sam@example.org"}
            action = "cancel" if n == 5 else "change"
            if action == "change":
                fields["slot_id"] = str(others[n])
            with app.test_request_context():
                try:
                    reply = submissions.submit(Desk("en", now=NOW), action, fields)
                    answers[f"{action} {fields.get('slot_id', '')}".strip()] = reply.as_dict()
                finally:
                    db.session.remove()

        _run_at_once(6, attempt)
        with app.app_context():
            final = db.session.scalar(sa.select(Booking).where(Booking.reference == reference))
            history = [(e.status, e.slot_id) for e in final.events]
            state = (final.status, final.slot_id, final.active_slot_id)
            db.session.remove()
            db.engine.dispose()

    done = {name: a for name, a in answers.items() if not _told_nothing_was_done(a)}
    print(f"\n{kind}: one booking, 5 changes and a cancel at once -> done: {sorted(done)}")
    assert len(answers) == 6 and len(done) == 1, answers
    [(winner, reply)] = done.items()
    if winner == "cancel":
        assert "is cancelled" in reply["text"]
        assert state == ("cancelled", first, None)
        assert history == [("booked", first), ("cancelled", first)]
    else:
        moved_to = int(winner.split()[1])
        assert "has been changed" in reply["text"]
        assert state == ("changed", moved_to, moved_to)
        assert history == [("booked", first), ("changed", moved_to)]


def _told_nothing_was_done(answer: dict) -> bool:
    errors = [f.get("error") or "" for f in (answer.get("form") or {}).get("fields", [])]
    return any("at the same moment" in error and "nothing was" in error for error in errors)


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_one_contact_booking_many_times_at_once_stays_within_the_limit(
    kind: str, tmp_path: Path, fake_bot: FakeBot
) -> None:
    attempts, limit = 8, 3
    with database(kind, tmp_path) as url:
        app = _app_with_service(url, fake_bot)
        with app.app_context():
            service = db.session.get(AppointmentService, "race")
            slot_ids = [s.id for s in records.free_slots(service, NOW, attempts)]

        def book(n: int) -> None:
            details = Details(f"Sam {n}", "sam@example.org", None, 30, None, True)
            records.book(slot_ids[n], details, "en", NOW, limits=Limits(limit, 100))

        outcomes = _outcomes_at_once(app, attempts, book)
        with app.app_context():
            held = db.session.scalar(sa.select(sa.func.count(Booking.id)))
            db.session.remove()
            db.engine.dispose()
    print(f"\n{kind}: {attempts} bookings at once by one contact -> {dict(outcomes)}")
    assert outcomes == {"booked": limit, "contact_limit": attempts - limit}
    assert held == limit
