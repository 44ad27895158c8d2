"""The confirmation of a booking or a change: its reply, its e-mail, and the calendar file
with the signed link that fetches it."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from webapp.booking import calendar, notify, records
from webapp.booking.desk import Desk, slot_label
from webapp.extensions import db
from webapp.models import Booking
from webapp.reply_types import Link, Reply

log = logging.getLogger(__name__)
# A calendar link works this long after it is given: longer than any booking is ahead.
CALENDAR_LINK_LIFETIME = timedelta(days=records.HORIZON_DAYS + 7)


def reply(desk: Desk, booking: Booking) -> Reply:
    """The reference, when, what will happen, and the calendar file."""
    service = booking.slot.service
    with force_locale(desk.locale):
        young = (
            booking.contact is not None
            and booking.contact.age is not None
            and (booking.contact.age < 16)
        )
        lines = [
            _("Your appointment is booked.")
            if booking.status == "booked"
            else _("Your appointment has been changed."),
            _("Your reference is %(reference)s. Please keep it.", reference=booking.reference),
            _("%(time)s: %(service)s.", time=slot_label(booking.slot, desk), service=service.name),
            service.how_it_works,
        ]
        if young and service.parent_contact_under_16:
            lines.append(
                _(
                    "Because you are under 16, the team may also talk to your parent or carer. "
                    "That is normal, and it is to keep you safe."
                )
            )
        lines.append(_("To change or cancel it, come back here and say so."))
        return Reply(
            "\n".join(line for line in lines if line),
            links=(Link(_("Add it to your calendar (.ics file)"), calendar_url(booking)),),
        )


def send_email(desk: Desk, booking: Booking) -> None:
    """The confirmation by e-mail, with the calendar file, when an address was given."""
    contact = booking.contact
    if contact is None or not contact.email:
        return
    confirmed = reply(desk, booking)
    with force_locale(desk.locale):
        subject = _("Your appointment: %(reference)s", reference=booking.reference)
    notify.send_confirmation(
        current_app.config,
        contact.email,
        subject,
        confirmed.text,
        calendar_bytes(booking),
        booking.reference,
    )


def calendar_url(booking: Booking) -> str:
    """A link to the booking's .ics file that only someone given the link can open: signed,
    expiring after CALENDAR_LINK_LIFETIME, and naming the booking's row, not its reference."""
    token = _signer().dumps(booking.id)
    return url_for("bookings.calendar_file", token=token, _external=False)


def booking_for_token(token: str) -> Booking | None:
    """The booking a calendar link names, while the link is in date and the booking active."""
    try:
        booking_id = _signer().loads(token, max_age=int(CALENDAR_LINK_LIFETIME.total_seconds()))
    except BadSignature as err:  # forged, altered, or expired (SignatureExpired)
        log.info("Calendar link refused: %s", type(err).__name__)
        return None
    booking = db.session.get(Booking, booking_id) if type(booking_id) is int else None
    if booking is None or booking.status not in records.ACTIVE:
        log.info("Calendar link refused: the booking is no longer active")
        return None
    return booking


def calendar_bytes(booking: Booking) -> bytes:
    service = booking.slot.service
    with force_locale(booking.locale):
        return calendar.ics(
            booking,
            _("%(service)s (ref %(reference)s)", service=service.name, reference=booking.reference),
            service.how_it_works,
        )


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="booking-calendar-link")
