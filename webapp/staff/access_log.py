"""Who saw which booking: each booking shown to staff with the person's details, and each
export, is logged with the member of staff and the time. Kept RETENTION_BOOKING_ACCESS_DAYS
(webapp/retention.py), longer than the details themselves."""

from __future__ import annotations

from collections.abc import Iterable

from webapp import clock
from webapp.extensions import db
from webapp.models import Booking, BookingAccess


def record(bookings: Iterable[Booking], action: str, actor: str) -> None:
    """Log that `actor` viewed or exported these bookings' details, and commit."""
    now = clock.now()
    lines = [BookingAccess(booking_id=b.id, action=action, actor=actor, at=now) for b in bookings]
    if lines:
        db.session.add_all(lines)
        db.session.commit()
