"""Staff pages for each appointment service: its details and its availability (weekly
hours, extra hours, closures). Every change brings the next 28 days' free slots in line at
once (booking/slot_sync.py). Routes of the staff bookings blueprint (staff/bookings.py)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from webapp import clock
from webapp.booking import availability, records
from webapp.booking.slot_sync import refresh_slots
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
from webapp.staff.availability_form import Posted
from webapp.staff.bookings import bp
from webapp.staff.page_helpers import item_or_404, owned_or_404, render

WEEKDAYS = (
    _l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"),
    _l("Saturday"), _l("Sunday"),
)  # fmt: skip


def _slot_news(offered: int, withdrawn: int) -> str:
    return _(
        "Free times in the next 28 days: %(offered)d added, %(withdrawn)d withdrawn.",
        offered=offered,
        withdrawn=withdrawn,
    )


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
    end = clock.utc_of(clock.local_today() + timedelta(days=records.HORIZON_DAYS))
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
    today = clock.local_today()
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
    if day and day < clock.local_today():
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
    if ends_on and ends_on < clock.local_today():
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
            Slot.starts_at >= clock.utc_of(closure.starts_on),
            Slot.starts_at < clock.utc_of(closure.ends_on + timedelta(days=1)),
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
