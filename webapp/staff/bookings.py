"""Staff pages for virtual appointments: the day's bookings, and each service's availability.

Times are shown in Leicester wall-clock time. Every availability change brings the next 28
days' free slots in line at once; a booked slot is never withdrawn, moved or removed."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from babel.dates import format_date
from flask import Blueprint, Response, abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm import contains_eager, selectinload
from werkzeug.datastructures import MultiDict

from webapp import bounds, clock
from webapp.booking import availability, bookings
from webapp.booking.bookings import ACTIVE, BookingConflict, BookingError
from webapp.booking.desk import Desk, slot_label
from webapp.clock import LONDON
from webapp.extensions import db
from webapp.models import (
    AppointmentService,
    AvailabilityRule,
    Booking,
    Closure,
    OneOffAvailability,
    Slot,
)
from webapp.models.booking import MODES
from webapp.staff import access_log
from webapp.staff.auth import form_expired, require_bookings
from webapp.staff.pages import item_or_404, owned_or_404, render

bp = Blueprint("staff_bookings", __name__, url_prefix="/staff/bookings")
bp.before_request(require_bookings)
bp.register_error_handler(CSRFError, form_expired)

HORIZON_DAYS = bookings.HORIZON_DAYS
WEEKDAYS = (
    _l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"),
    _l("Saturday"), _l("Sunday"),
)  # fmt: skip
STATUS_TAGS = {
    "booked": (_l("Booked"), "blue"),
    "changed": (_l("Booked (moved)"), "blue"),
    "cancelled": (_l("Cancelled"), "grey"),
    "attended": (_l("Attended"), "green"),
    "did_not_attend": (_l("Did not attend"), "red"),
}
MARKS = {"attended": _l("attended"), "did_not_attend": _l("did not attend")}
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::00)?$")


# --- Reading the availability forms -------------------------------------------------------


class Posted:
    """A posted form read field by field: the values as typed, and one message per bad field,
    keyed by the field's id on the page (`prefix` + name)."""

    def __init__(self, form: MultiDict[str, str], prefix: str = "") -> None:
        self.form, self.prefix = form, prefix
        self.values: dict[str, str] = {}
        self.errors: dict[str, str] = {}

    def raw(self, name: str) -> str:
        value = self.form.get(name, "").strip()
        self.values[self.prefix + name] = value
        return value

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(self.prefix + name, message)

    def text(self, name: str, missing: str | None = None, limit: int = 200) -> str:
        value = self.raw(name)
        if not value and missing:
            self.fail(name, missing)
        elif len(value) > limit:
            self.fail(name, _("Use %(n)d characters or fewer.", n=limit))
        return value

    def flag(self, name: str) -> bool:
        self.values[self.prefix + name] = "1" if name in self.form else ""
        return name in self.form

    def whole(
        self, name: str, low: int, high: int, message: str, required: bool = True
    ) -> int | None:
        value = self.raw(name)
        if not value and not required:
            return None
        number = bounds.whole_number(value, low, high, name)
        if number is None:
            self.fail(name, message)
        return number

    def day(self, name: str, message: str, required: bool = True) -> date | None:
        value = self.raw(name)
        if not value and not required:
            return None
        found = bounds.day(value)
        if found is None:
            self.fail(name, message)
        return found

    def time_of_day(self, name: str, message: str) -> time | None:
        match = _TIME.match(self.raw(name))
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            self.fail(name, message)
            return None
        return time(int(match[1]), int(match[2]))

    def hours(self, service: AppointmentService) -> tuple[time | None, time | None]:
        """A start and end time, the end after the start, with room for one appointment."""
        start = self.time_of_day("start", _("Enter a start time, such as 09:00."))
        end = self.time_of_day("end", _("Enter an end time, such as 12:00."))
        if start and end:
            minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
            if minutes <= 0:
                self.fail("end", _("The end time must be after the start time."))
            elif minutes < service.duration_minutes:
                self.fail(
                    "end",
                    _(
                        "Leave time for at least one appointment (%(n)d minutes).",
                        n=service.duration_minutes,
                    ),
                )
        return start, end

    def in_order(self, first: date | None, last: date | None, name: str, message: str) -> None:
        if first and last and last < first:
            self.fail(name, message)


# --- Slots kept in line with the availability ---------------------------------------------


def london_today() -> date:
    return clock.now().astimezone(LONDON).date()


def _utc(day: date, at: time = time(0)) -> datetime:
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)


def refresh_slots(service: AppointmentService) -> tuple[int, int]:
    """Bring the next 28 days' future slots in line with the availability: open times are
    offered (new, or again), others withdrawn, and so is any free time overlapping a booked
    one. Booked slots are never touched. Returns (offered, withdrawn)."""
    db.session.flush()
    now, first_day = clock.now(), london_today()
    end = _utc(first_day + timedelta(days=HORIZON_DAYS))
    future = (
        sa.select(Slot)
        .where(Slot.service_id == service.id, Slot.starts_at > now, Slot.starts_at < end)
        .order_by(Slot.starts_at)
    )
    offered_before = {s.starts_at for s in db.session.scalars(future) if not s.cancelled}
    availability.generate_slots(service, first_day, HORIZON_DAYS)
    slots = list(db.session.scalars(future))
    ids = [s.id for s in slots]
    held_ids = set(
        db.session.scalars(sa.select(Booking.active_slot_id).where(Booking.active_slot_id.in_(ids)))
    )
    held = [(s.starts_at, s.ends_at) for s in slots if s.id in held_ids]
    wanted = availability.open_times(service, first_day, HORIZON_DAYS)
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


def _slot_news(offered: int, withdrawn: int) -> str:
    return _(
        "Free times in the next 28 days: %(offered)d added, %(withdrawn)d withdrawn.",
        offered=offered,
        withdrawn=withdrawn,
    )


# --- The day's bookings -------------------------------------------------------------------


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
        .where(Slot.starts_at >= _utc(day), Slot.starts_at < _utc(day + timedelta(days=1)))
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
        today=london_today(),
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
        return _day_page(london_today())
    if (found := bounds.day(asked)) is None:
        errors = {"day": _("Enter a real date, such as 2026-12-08.")}
        return _day_page(london_today(), errors), 400
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
        bookings.mark(booking, status, _actor())
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
        bookings.cancel(booking, _actor(), reason)
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


# --- Appointment services and their availability ------------------------------------------


def _details(service: AppointmentService) -> dict[str, str]:
    """The details form's values as saved."""
    text = {"name": service.name, "description": service.description}
    text.update(how_it_works=service.how_it_works, mode=service.mode)
    numbers = {
        "duration_minutes": service.duration_minutes,
        "min_age": service.min_age,
        "max_age": service.max_age,
    }
    text.update({key: "" if value is None else str(value) for key, value in numbers.items()})
    text["parent_contact_under_16"] = "1" if service.parent_contact_under_16 else ""
    text["active"] = "1" if service.active else ""
    return text


def _slot_counts(service: AppointmentService) -> dict[str, int]:
    """Free and booked times from now to the end of the 28 days."""
    end = _utc(london_today() + timedelta(days=HORIZON_DAYS))
    held = sa.select(Booking.active_slot_id).where(Booking.active_slot_id.is_not(None))
    upcoming = sa.select(sa.func.count(Slot.id)).where(
        Slot.service_id == service.id, Slot.starts_at > clock.now(), Slot.starts_at < end
    )
    free = upcoming.where(Slot.cancelled.is_(False), Slot.id.not_in(held))
    return {
        "free": db.session.scalar(free) or 0,
        "booked": db.session.scalar(upcoming.where(Slot.id.in_(held))) or 0,
    }


def _service_page(service: AppointmentService, posted: Posted | None = None) -> str:
    today = london_today()
    rules = db.session.scalars(
        sa.select(AvailabilityRule)
        .where(AvailabilityRule.service_id == service.id)
        .order_by(AvailabilityRule.weekday, AvailabilityRule.start_time)
    )
    hours = db.session.scalars(
        sa.select(OneOffAvailability)
        .where(OneOffAvailability.service_id == service.id, OneOffAvailability.day >= today)
        .order_by(OneOffAvailability.day, OneOffAvailability.start_time)
    )
    closures = db.session.scalars(
        sa.select(Closure)
        .where(
            sa.or_(Closure.service_id == service.id, Closure.service_id.is_(None)),
            Closure.ends_on >= today,
        )
        .order_by(Closure.starts_on)
    )
    values = {**_details(service), "rule-valid_from": today.isoformat(), "closure-scope": "service"}
    return render(
        "staff/bookings_service.html",
        service=service,
        rules=list(rules),
        hours=list(hours),
        closures=list(closures),
        counts=_slot_counts(service),
        weekdays=[str(name) for name in WEEKDAYS],
        modes=MODES,
        values={**values, **(posted.values if posted else {})},
        errors=posted.errors if posted else {},
    )


def _changed(service: AppointmentService, message: str) -> ResponseReturnValue:
    """Save an availability change, bring the slots in line, and say what that did."""
    offered, withdrawn = refresh_slots(service)
    db.session.commit()
    flash(f"{message} {_slot_news(offered, withdrawn)}", "success")
    return redirect(url_for("staff_bookings.service", service_id=service.id))


@bp.get("/services")
def services() -> ResponseReturnValue:
    """Every service that offers appointments, and whether it is taking bookings."""
    found = db.session.scalars(sa.select(AppointmentService).order_by(AppointmentService.name))
    return render("staff/bookings_services.html", services=list(found))


@bp.get("/services/<service_id>")
def service(service_id: str) -> ResponseReturnValue:
    """A service's availability (weekly hours, extra hours, closures) and its details."""
    return _service_page(item_or_404(AppointmentService, service_id))


@bp.post("/services/<service_id>/details")
def save_details(service_id: str) -> ResponseReturnValue:
    """Change how a service is described and offered; a new length re-times its free slots."""
    service = item_or_404(AppointmentService, service_id)
    form = Posted(request.form)
    name = form.text("name", _("Enter a name."))
    description = form.text("description", limit=2000)
    how_it_works = form.text("how_it_works", limit=2000)
    mode = form.raw("mode")
    if mode not in MODES:
        form.fail("mode", _("Choose video or phone."))
    duration = form.whole(
        "duration_minutes", 5, 240, _("Enter a length from 5 to 240 minutes, such as 30.")
    )
    ages = _("Enter an age in whole years from 0 to 120, or leave it empty.")
    min_age = form.whole("min_age", 0, 120, ages, required=False)
    max_age = form.whole("max_age", 0, 120, ages, required=False)
    if min_age is not None and max_age is not None and max_age < min_age:
        form.fail("max_age", _("The oldest age must not be below the youngest."))
    parent_contact, active = form.flag("parent_contact_under_16"), form.flag("active")
    if form.errors or duration is None:
        return _service_page(service, form), 400
    service.name, service.description, service.how_it_works = name, description, how_it_works
    service.mode, service.duration_minutes = mode, duration
    service.min_age, service.max_age = min_age, max_age
    service.parent_contact_under_16, service.active = parent_contact, active
    return _changed(service, _("The details of %(name)s were saved.", name=name))


@bp.post("/services/<service_id>/rules")
def add_rule(service_id: str) -> ResponseReturnValue:
    """Add weekly hours, such as Tuesdays 09:00 to 12:00."""
    service = item_or_404(AppointmentService, service_id)
    form = Posted(request.form, "rule-")
    weekday = form.whole("weekday", 0, 6, _("Choose a day of the week."))
    start, end = form.hours(service)
    valid_from = form.day("valid_from", _("Enter the first date, such as 2026-12-01."))
    valid_to = form.day("valid_to", _("Enter a real date, or leave it empty."), required=False)
    form.in_order(
        valid_from, valid_to, "valid_to", _("The last date must not be before the first date.")
    )
    if form.errors or weekday is None or start is None or end is None or valid_from is None:
        return _service_page(service, form), 400
    db.session.add(
        AvailabilityRule(
            service_id=service.id,
            weekday=weekday,
            start_time=start,
            end_time=end,
            valid_from=valid_from,
            valid_to=valid_to,
        )
    )
    return _changed(service, _("Weekly hours on %(day)s were added.", day=WEEKDAYS[weekday]))


@bp.post("/services/<service_id>/rules/<int:rule_id>/remove")
def remove_rule(service_id: str, rule_id: int) -> ResponseReturnValue:
    """Stop some weekly hours; times already booked stay booked."""
    service = item_or_404(AppointmentService, service_id)
    rule = owned_or_404(AvailabilityRule, rule_id, service_id=service.id)
    db.session.delete(rule)
    return _changed(service, _("Those weekly hours were removed."))


@bp.post("/services/<service_id>/hours")
def add_hours(service_id: str) -> ResponseReturnValue:
    """Add extra hours on one day."""
    service = item_or_404(AppointmentService, service_id)
    form = Posted(request.form, "hours-")
    day = form.day("day", _("Enter the date, such as 2026-12-08."))
    if day and day < london_today():
        form.fail("day", _("Choose today or a later date."))
    start, end = form.hours(service)
    if form.errors or day is None or start is None or end is None:
        return _service_page(service, form), 400
    db.session.add(
        OneOffAvailability(service_id=service.id, day=day, start_time=start, end_time=end)
    )
    return _changed(service, _("Extra hours were added."))


@bp.post("/services/<service_id>/hours/<int:hours_id>/remove")
def remove_hours(service_id: str, hours_id: int) -> ResponseReturnValue:
    """Take back extra hours; times already booked stay booked."""
    service = item_or_404(AppointmentService, service_id)
    hours = owned_or_404(OneOffAvailability, hours_id, service_id=service.id)
    db.session.delete(hours)
    return _changed(service, _("Those extra hours were removed."))


@bp.post("/services/<service_id>/closures")
def add_closure(service_id: str) -> ResponseReturnValue:
    """Close days (a bank holiday, a training day) for this service or for every service."""
    service = item_or_404(AppointmentService, service_id)
    form = Posted(request.form, "closure-")
    starts_on = form.day("starts_on", _("Enter the first closed date, such as 2026-12-25."))
    ends_on = form.day("ends_on", _("Enter the last closed date, such as 2026-12-26."))
    form.in_order(
        starts_on, ends_on, "ends_on", _("The last date must not be before the first date.")
    )
    if ends_on and ends_on < london_today():
        form.fail("ends_on", _("Choose today or a later date."))
    reason = form.text("reason", limit=200)
    scope = form.raw("scope")
    if scope not in ("service", "all"):
        form.fail("scope", _("Choose this service or all services."))
    if form.errors or starts_on is None or ends_on is None:
        return _service_page(service, form), 400
    closure = Closure(
        service_id=None if scope == "all" else service.id,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
    )
    db.session.add(closure)
    db.session.flush()
    withdrawn = availability.apply_closure(closure)
    booked = _booked_during(closure)
    db.session.commit()
    message = ngettext(
        "Closed. %(num)d free time was withdrawn.",
        "Closed. %(num)d free times were withdrawn.",
        withdrawn,
    )
    if booked:
        message += " " + ngettext(
            "%(num)d booked appointment falls on those days and is kept: "
            "cancel it from the bookings page if it cannot go ahead.",
            "%(num)d booked appointments fall on those days and are kept: "
            "cancel them from the bookings page if they cannot go ahead.",
            booked,
        )
    flash(message, "success")
    return redirect(url_for("staff_bookings.service", service_id=service.id))


def _booked_during(closure: Closure) -> int:
    query = (
        sa.select(sa.func.count(Booking.id))
        .join(Slot, Slot.id == Booking.active_slot_id)
        .where(
            Slot.starts_at >= _utc(closure.starts_on),
            Slot.starts_at < _utc(closure.ends_on + timedelta(days=1)),
        )
    )
    if closure.service_id is not None:
        query = query.where(Slot.service_id == closure.service_id)
    return db.session.scalar(query) or 0


@bp.post("/services/<service_id>/closures/<int:closure_id>/remove")
def remove_closure(service_id: str, closure_id: int) -> ResponseReturnValue:
    """Open closed days again (for every service, if the closure was for all of them)."""
    service = item_or_404(AppointmentService, service_id)
    closure = db.session.get(Closure, closure_id)
    if closure is None or closure.service_id not in (service.id, None):
        abort(404)
    everyone = closure.service_id is None
    db.session.delete(closure)
    if not everyone:
        return _changed(service, _("The closure was removed."))
    for other in db.session.scalars(sa.select(AppointmentService)):
        if other.id != service.id:
            refresh_slots(other)
    return _changed(service, _("The closure was removed for every service."))
