"""Free slots kept in line with a service's availability, whenever staff change it: the next
28 days' open times are offered, others withdrawn; a booked slot is never withdrawn, moved
or removed."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from webapp import clock
from webapp.booking import availability, records
from webapp.extensions import db
from webapp.models import AppointmentService, Booking, Slot


def refresh_slots(service: AppointmentService) -> tuple[int, int]:
    """Bring the next 28 days' future slots in line with the availability: open times are
    offered (new, or again), others withdrawn, and so is any free time overlapping a booked
    one. Booked slots are never touched. Returns (offered, withdrawn)."""
    db.session.flush()
    now, first_day = clock.now(), clock.local_today()
    end = clock.utc_of(first_day + timedelta(days=records.HORIZON_DAYS))
    future = (
        sa.select(Slot)
        .where(Slot.service_id == service.id, Slot.starts_at > now, Slot.starts_at < end)
        .order_by(Slot.starts_at)
    )
    offered_before = {s.starts_at for s in db.session.scalars(future) if not s.cancelled}
    availability.generate_slots(service, first_day, records.HORIZON_DAYS)
    slots = list(db.session.scalars(future))
    ids = [s.id for s in slots]
    held_ids = set(
        db.session.scalars(sa.select(Booking.active_slot_id).where(Booking.active_slot_id.in_(ids)))
    )
    held = [(s.starts_at, s.ends_at) for s in slots if s.id in held_ids]
    wanted = availability.open_times(service, first_day, records.HORIZON_DAYS)
    length = timedelta(minutes=service.duration_minutes)
    offered = withdrawn = 0
    for slot in slots:
        if slot.id in held_ids:
            continue
        ends_at = slot.starts_at + length
        is_open = slot.starts_at in wanted and not any(
            s < ends_at and slot.starts_at < e for s, e in held
        )
        slot.cancelled = not is_open
        if is_open:
            slot.ends_at = ends_at
        was_offered = slot.starts_at in offered_before
        offered += int(is_open and not was_offered)
        withdrawn += int(was_offered and not is_open)
    db.session.flush()
    return offered, withdrawn
