"""Booking forms as submitted: book a time, find a booking, change it, cancel it. Every
refusal leaves the data as it was and answers with the form again, or the next free times."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from webapp import bounds
from webapp.booking import confirmation, records
from webapp.booking.chat_steps import details_form, find_form
from webapp.booking.desk import Desk, restart_buttons, slot_label, time_zone_note
from webapp.booking.records import BookingError, BookingLimit, Details, SlotUnavailable
from webapp.booking.refusals import error_message, unavailable
from webapp.reply_types import Form, FormField, Reply

log = logging.getLogger(__name__)
ACTIONS = ("book", "find_change", "change", "find_cancel", "cancel")


def submit(desk: Desk, action: str, data: Mapping[str, str]) -> Reply:
    """Handle one submitted booking form; every refusal leaves the data as it was."""
    if action == "book":
        return _book(desk, data)
    if action in ("find_change", "find_cancel"):
        return _find(desk, action, data)
    if action == "change":
        return _change(desk, data)
    if action == "cancel":
        return _cancel(desk, data)
    with force_locale(desk.locale):
        return Reply(_("Sorry, I did not understand that request."), buttons=restart_buttons())


def _book(desk: Desk, data: Mapping[str, str]) -> Reply:
    slot_id = bounds.row_id(data.get("slot_id"))
    if slot_id is None:
        return unavailable(desk, SlotUnavailable("not_found"))
    config = current_app.config
    limits = records.Limits(
        config["BOOKING_LIMIT_PER_CONTACT"], config["BOOKING_LIMIT_PER_ADDRESS"]
    )
    try:
        details = _details(data)
        booking = records.book(slot_id, details, desk.locale, desk.moment, desk.ip_digest, limits)
    except SlotUnavailable as err:
        return unavailable(desk, err)
    except BookingLimit as err:
        log.info("Booking refused: %s", err.code)
        with force_locale(desk.locale):
            return Reply(error_message(err.code))
    except BookingError as err:
        return details_form(desk, slot_id, data, {err.field or "name": error_message(err.code)})
    log.info("Booked %s (slot %s)", booking.reference, booking.slot_id)
    confirmation.send_email(desk, booking)
    return confirmation.reply(desk, booking)


def _find(desk: Desk, action: str, data: Mapping[str, str]) -> Reply:
    try:
        booking = records.find(data.get("reference", ""), data.get("contact", ""))
        if booking.status not in records.ACTIVE:
            raise BookingError("not_active", "reference")
    except BookingError as err:
        return find_form(desk, action, data, {"reference": error_message(err.code)})
    hidden = (("reference", booking.reference), ("contact", data.get("contact", "")))
    with force_locale(desk.locale):
        when = slot_label(booking.slot, desk)
        if action == "find_cancel":
            return Reply(
                _("Your appointment is on %(time)s. Do you want to cancel it?", time=when),
                form=Form("cancel", _("Yes, cancel it"), (), hidden),
            )
        slots = records.free_slots(booking.slot.service, desk.moment)
        if not slots:
            return Reply(
                _(
                    "There are no other free times in the next 4 weeks. "
                    "Please call the service to change it."
                )
            )
        choices = tuple((str(s.id), slot_label(s, desk)) for s in slots)
        return Reply(
            _("Your appointment is on %(time)s. Choose a new time:", time=when)
            + time_zone_note(desk),
            form=Form(
                "change",
                _("Change to this time"),
                (FormField("slot_id", _("New time"), "radio", required=True, options=choices),),
                hidden,
            ),
        )


def _change(desk: Desk, data: Mapping[str, str]) -> Reply:
    try:
        booking = records.find(data.get("reference", ""), data.get("contact", ""))
        slot_id = bounds.row_id(data.get("slot_id"))
        if slot_id is None:
            raise SlotUnavailable("not_found")
        records.change(booking, slot_id, desk.moment)
    except SlotUnavailable as err:
        return unavailable(desk, err)
    except BookingError as err:
        return find_form(desk, "find_change", data, {"reference": error_message(err.code)})
    confirmation.send_email(desk, booking)
    return confirmation.reply(desk, booking)


def _cancel(desk: Desk, data: Mapping[str, str]) -> Reply:
    try:
        booking = records.find(data.get("reference", ""), data.get("contact", ""))
        records.cancel(booking, "person")
    except BookingError as err:
        return find_form(desk, "find_cancel", data, {"reference": error_message(err.code)})
    with force_locale(desk.locale):
        return Reply(
            _(
                "Your appointment on %(time)s is cancelled. Thank you for letting us know.",
                time=slot_label(booking.slot, desk),
            ),
            buttons=restart_buttons(),
        )


def _details(data: Mapping[str, str]) -> Details:
    """The details as submitted; BookingError for an age or a date that is not one."""
    age, born = data.get("age"), data.get("date_of_birth")
    details = Details(
        name=data.get("name", ""),
        email=data.get("email") or None,
        phone=data.get("phone") or None,
        age=bounds.whole_number(age, 0, 120, "age") if age else None,
        date_of_birth=bounds.day(born) if born else None,
        consent=data.get("consent") in ("on", "true", "yes", "1"),
    )
    if age and details.age is None:
        raise BookingError("invalid_age", "age")
    if born and details.date_of_birth is None:
        raise BookingError("invalid_date_of_birth", "date_of_birth")
    return details
