"""Staff pages for virtual appointments: the day's bookings, with each booking's details,
marks and cancellation, and its FHIR export. The blueprint's availability pages are in
staff/availability.py.

Times are shown in Leicester wall-clock time."""

from __future__ import annotations

import json
from datetime import date, timedelta

import sqlalchemy as sa
from babel.dates import format_date
from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm import contains_eager, selectinload

from webapp import bounds, clock
from webapp.booking import availability, records
from webapp.booking.desk import Desk, slot_label
from webapp.booking.records import ACTIVE, BookingConflict, BookingError
from webapp.extensions import db
from webapp.models import Booking, Slot
from webapp.staff import access_log
from webapp.staff.auth import form_expired, require_bookings
from webapp.staff.page_helpers import render

bp = Blueprint("staff_bookings", __name__, url_prefix="/staff/bookings")
bp.before_request(require_bookings)
bp.register_error_handler(CSRFError, form_expired)

STATUS_TAGS = {
    "booked": (_l("Booked"), "blue"),
    "changed": (_l("Booked (moved)"), "blue"),
    "cancelled": (_l("Cancelled"), "grey"),
    "attended": (_l("Attended"), "green"),
    "did_not_attend": (_l("Did not attend"), "red"),
}
MARKS = {"attended": _l("attended"), "did_not_attend": _l("did not attend")}


def _actor() -> str:
    return f"staff:{current_user.email}"


def _booking_or_404(reference: str) -> Booking:
    booking = db.session.scalar(
        sa.select(Booking).where(Booking.reference == reference.strip().upper())
    )
    if booking is None:
        abort(404)
    return booking


def _day_of(booking: Booking) -> date:
    return availability.local(booking.slot.starts_at).date()


def bookings_on(day: date) -> list[Booking]:
    """Every booking whose appointment falls on this Leicester day, soonest first."""
    query = (
        sa.select(Booking)
        .join(Booking.slot)
        .where(
            Slot.starts_at >= clock.utc_of(day),
            Slot.starts_at < clock.utc_of(day + timedelta(days=1)),
        )
        .options(contains_eager(Booking.slot), selectinload(Booking.contact))
        .order_by(Slot.starts_at, Booking.id)
    )
    return list(db.session.scalars(query))


def _row(booking: Booking) -> dict[str, object]:
    starts, ends = (availability.local(t) for t in (booking.slot.starts_at, booking.slot.ends_at))
    label, colour = STATUS_TAGS[booking.status]
    return {
        "booking": booking,
        "contact": booking.contact,
        "time": f"{starts:%H:%M}–{ends:%H:%M}",
        "status": {"text": str(label), "colour": colour},
        "active": booking.status in ACTIVE,
    }


def _day_page(
    day: date, errors: dict[str, str] | None = None, reasons: dict[str, str] | None = None
) -> str:
    """The day's bookings; each shown with the person's details is logged as viewed."""
    found = bookings_on(day)
    access_log.record([b for b in found if b.contact is not None], "viewed", _actor())
    previous, following = day - timedelta(days=1), day + timedelta(days=1)
    return render(
        "staff/bookings.html",
        day=day,
        day_label=format_date(day, "EEEE d MMMM y", locale="en_GB"),
        today=clock.local_today(),
        previous=previous,
        previous_label=format_date(previous, "EEEE d MMMM", locale="en_GB"),
        next=following,
        next_label=format_date(following, "EEEE d MMMM", locale="en_GB"),
        rows=[_row(b) for b in found],
        errors=errors or {},
        reasons=reasons or {},
        asked=request.args.get("day") or day.isoformat(),
    )


def _refused(booking: Booking, key: str, message: str, reason: str = "") -> ResponseReturnValue:
    """The day's page again with what went wrong, next to the booking (nothing changed)."""
    db.session.rollback()
    reasons = {booking.reference: reason} if reason else {}
    return _day_page(_day_of(booking), {key: message}, reasons), 400


def _not_done(booking: Booking, err: BookingError) -> str:
    if isinstance(err, BookingConflict):
        return _(
            "Nothing was changed: %(reference)s was changed at the same moment by someone "
            "else. Check it below and try again.",
            reference=booking.reference,
        )
    label, _colour = STATUS_TAGS[booking.status]
    return _(
        "Nothing was changed: %(reference)s is no longer booked (status: %(status)s).",
        reference=booking.reference,
        status=label,
    )


@bp.get("/")
def day() -> ResponseReturnValue:
    """Every booking on one day (today unless another is asked for), soonest first."""
    asked = request.args.get("day", "").strip()
    if not asked:
        return _day_page(clock.local_today())
    if (found := bounds.day(asked)) is None:
        errors = {"day": _("Enter a real date, such as 2026-12-08.")}
        return _day_page(clock.local_today(), errors), 400
    return _day_page(found)


@bp.post("/<reference>/mark")
def mark(reference: str) -> ResponseReturnValue:
    """Record that the person attended, or did not."""
    booking = _booking_or_404(reference)
    status = request.form.get("status", "")
    key = f"booking-{booking.reference}"
    if status not in MARKS:
        return _refused(booking, key, _("Choose attended or did not attend."))
    try:
        records.mark(booking, status, _actor())
    except BookingError as err:
        return _refused(booking, key, _not_done(booking, err))
    flash(
        _("%(reference)s is marked %(status)s.", reference=booking.reference, status=MARKS[status]),
        "success",
    )
    return redirect(url_for("staff_bookings.day", day=_day_of(booking).isoformat()))


@bp.post("/<reference>/cancel")
def cancel(reference: str) -> ResponseReturnValue:
    """Cancel a booking, saying why, and offer its time to others again."""
    booking = _booking_or_404(reference)
    reason = " ".join(request.form.get("reason", "").split())
    key = f"cancel-{booking.reference}-reason"
    if not reason:
        return _refused(booking, key, _("Say why the booking is cancelled."))
    if len(reason) > 300:
        return _refused(booking, key, _("Use 300 characters or fewer."), reason)
    try:
        records.cancel(booking, _actor(), reason)
    except BookingError as err:
        return _refused(booking, f"booking-{booking.reference}", _not_done(booking, err))
    when = slot_label(booking.slot, Desk("en"))
    flash(
        _("%(reference)s (%(time)s) is cancelled.", reference=booking.reference, time=when),
        "success",
    )
    return redirect(url_for("staff_bookings.day", day=_day_of(booking).isoformat()))


@bp.get("/<reference>/fhir.json")
def fhir_export(reference: str) -> ResponseReturnValue:
    """The booking as a FHIR R4 Bundle, named, to pass to the trust's clinical systems."""
    from webapp.booking import fhir  # the FHIR models are large: load them on first use

    booking = _booking_or_404(reference)
    bundle = json.dumps(fhir.bundle(booking, include_name=True), indent=2)
    access_log.record([booking], "exported", _actor())
    return Response(
        bundle,
        mimetype="application/fhir+json",
        headers={
            "Content-Disposition": f'attachment; filename="{booking.reference}.fhir.json"',
            "Cache-Control": "no-store",
        },
    )
