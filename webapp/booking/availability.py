"""Staff availability (weekly patterns, one-off hours, closures) turned into slots.

Patterns are in Leicester wall-clock time, so a Tuesday 09:00 slot stays at 09:00 across the
clock changes; slots are stored in UTC."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from webapp.clock import LONDON, utc_of
from webapp.extensions import db
from webapp.models import (
    AppointmentService,
    AvailabilityRule,
    Closure,
    OneOffAvailability,
    Slot,
)


def generate_slots(service: AppointmentService, first_day: date, days: int) -> int:
    """Create the slots the availability gives for these days; returns how many were new.
    Running it again adds nothing; closed days get no slots."""
    last_day = first_day + timedelta(days=days - 1)
    existing = set(
        db.session.scalars(
            sa.select(Slot.starts_at).where(
                Slot.service_id == service.id,
                Slot.starts_at >= utc_of(first_day, time(0)),
                Slot.starts_at < utc_of(last_day + timedelta(days=1), time(0)),
            )
        )
    )
    created = 0
    for starts_at in sorted(open_times(service, first_day, days) - existing):
        ends_at = starts_at + timedelta(minutes=service.duration_minutes)
        db.session.add(Slot(service_id=service.id, starts_at=starts_at, ends_at=ends_at))
        created += 1
    db.session.flush()
    return created


def open_times(service: AppointmentService, first_day: date, days: int) -> set[datetime]:
    """The slot start times (UTC) the availability gives for these days, closures left out."""
    last_day = first_day + timedelta(days=days - 1)
    closed = _closed_days(service.id, first_day, last_day)
    starts: set[datetime] = set()
    for day in _days(first_day, last_day):
        if day not in closed:
            for start, end in windows(service, day):
                starts.update(_slot_starts(day, start, end, service.duration_minutes))
    return starts


def has_own_times(service: AppointmentService) -> bool:
    """Whether the team has set hours of its own (example hours do not count)."""
    own_rule = sa.select(AvailabilityRule.id).where(
        AvailabilityRule.service_id == service.id, AvailabilityRule.example.is_(False)
    )
    extra = sa.select(OneOffAvailability.id).where(OneOffAvailability.service_id == service.id)
    return db.session.scalar(sa.select(sa.or_(own_rule.exists(), extra.exists()))) or False


def windows(service: AppointmentService, day: date) -> list[tuple[time, time]]:
    """The opening windows on one day: the team's weekly rules that apply, plus one-off
    hours. Example rules open nothing."""
    rules = db.session.scalars(
        sa.select(AvailabilityRule).where(
            AvailabilityRule.service_id == service.id,
            AvailabilityRule.example.is_(False),
            AvailabilityRule.weekday == day.weekday(),
            AvailabilityRule.valid_from <= day,
            sa.or_(AvailabilityRule.valid_to.is_(None), AvailabilityRule.valid_to >= day),
        )
    )
    extra = db.session.scalars(
        sa.select(OneOffAvailability).where(
            OneOffAvailability.service_id == service.id, OneOffAvailability.day == day
        )
    )
    found = [(r.start_time, r.end_time) for r in rules]
    found += [(o.start_time, o.end_time) for o in extra]
    return sorted(found)


def set_weekly_hours(
    service: AppointmentService, weekdays: list[int], start: time, end: time, first_day: date
) -> None:
    """Give a service the team's own weekly hours, replacing its example hours."""
    for rule in list(service.rules):
        if rule.example:
            service.rules.remove(rule)
    for weekday in weekdays:
        service.rules.append(
            AvailabilityRule(weekday=weekday, start_time=start, end_time=end, valid_from=first_day)
        )
    db.session.flush()


def apply_closure(closure: Closure) -> int:
    """Withdraw unbooked slots on the closed days; returns how many were withdrawn."""
    from webapp.models import Booking

    held = sa.select(Booking.active_slot_id).where(Booking.active_slot_id.is_not(None))
    query = sa.select(Slot).where(
        Slot.starts_at >= utc_of(closure.starts_on, time(0)),
        Slot.starts_at < utc_of(closure.ends_on + timedelta(days=1), time(0)),
        Slot.cancelled.is_(False),
        Slot.id.not_in(held),
    )
    if closure.service_id is not None:
        query = query.where(Slot.service_id == closure.service_id)
    slots = list(db.session.scalars(query))
    for slot in slots:
        slot.cancelled = True
    return len(slots)


def local(moment: datetime) -> datetime:
    """A stored UTC time as Leicester wall-clock time."""
    return moment.astimezone(LONDON)


def _slot_starts(day: date, start: time, end: time, minutes: int) -> Iterator[datetime]:
    step = timedelta(minutes=minutes)
    wall = datetime.combine(day, start)
    while wall + step <= datetime.combine(day, end):
        yield wall.replace(tzinfo=LONDON).astimezone(UTC)
        wall += step


def _closed_days(service_id: str, first_day: date, last_day: date) -> set[date]:
    closures = db.session.scalars(
        sa.select(Closure).where(
            sa.or_(Closure.service_id == service_id, Closure.service_id.is_(None)),
            Closure.starts_on <= last_day,
            Closure.ends_on >= first_day,
        )
    )
    days: set[date] = set()
    for closure in closures:
        days.update(_days(max(closure.starts_on, first_day), min(closure.ends_on, last_day)))
    return days


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
