"""The booking desk in the chat: which service, which time, the person's details, and the
confirmation — and the same for changing or cancelling by reference plus contact.

It turns booking state into replies in the person's language and time zone. Submitted
details never go into the chat transcript: they live only in the booking's contact record."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from babel.dates import format_datetime
from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from webapp import bounds, clock
from webapp.booking import availability, bookings, calendar, notify
from webapp.booking.bookings import BookingError, BookingLimit, Details, SlotUnavailable
from webapp.clock import LONDON
from webapp.extensions import db
from webapp.models import AppointmentService, Booking, Slot
from webapp.reply_types import Button, Form, FormField, Link, Reply

log = logging.getLogger(__name__)
ACTIONS = ("book", "find_change", "change", "find_cancel", "cancel")
# A calendar link works this long after it is given: longer than any booking is ahead.
CALENDAR_LINK_LIFETIME = timedelta(days=bookings.HORIZON_DAYS + 7)


@dataclass(frozen=True)
class Desk:
    """Who the desk is talking to: their language, time zone, the time now, and a keyed
    digest of their internet address (for the limit on bookings from one address)."""

    locale: str
    timezone: str = LONDON.key
    now: datetime | None = None
    ip_digest: str | None = None

    @property
    def moment(self) -> datetime:
        return self.now or clock.now()

    @property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return LONDON


# ---------------------------------------------------------------- steps before any details


def start(desk: Desk, topic_first: str | None = None) -> Reply:
    """Which service is the appointment with?"""
    services = list(
        db.session.scalars(
            sa.select(AppointmentService)
            .where(AppointmentService.active.is_(True))
            .order_by(AppointmentService.name)
        )
    )
    services.sort(key=lambda s: s.topic != topic_first)
    with force_locale(desk.locale):
        if not services:
            return Reply(_("Booking in this chat is closed right now. Please call the service."))
        return Reply(
            _("I can book a video or phone call with a professional. Who is it with?"),
            buttons=tuple(Button(s.name, f"/book_service_{s.id}") for s in services),
        )


def choose_time(desk: Desk, service_id: str) -> Reply:
    """The next free times of a service, as buttons."""
    service = db.session.get(AppointmentService, service_id)
    with force_locale(desk.locale):
        if service is None or not service.active:
            return start(desk)
        if not availability.has_own_times(service):
            return Reply(
                _(
                    "%(service)s has no times set yet, so it cannot be booked here. "
                    "Please call the service instead.",
                    service=service.name,
                )
            )
        slots = bookings.free_slots(service, desk.moment)
        if not slots:
            return Reply(
                _(
                    "There are no free times in the next 4 weeks for %(service)s. "
                    "Please call the service instead.",
                    service=service.name,
                )
            )
        return Reply(
            _("Here are the next free times for %(service)s. Choose one:", service=service.name)
            + _time_zone_note(desk),
            buttons=tuple(
                Button(slot_label(slot, desk), f"/book_slot_{slot.id}") for slot in slots
            ),
        )


def details_form(
    desk: Desk,
    slot_id: int | None,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> Reply:
    """Ask for the minimum details, with consent explained in plain words."""
    slot = db.session.get(Slot, slot_id) if slot_id is not None else None
    with force_locale(desk.locale):
        if slot is None or slot.cancelled:
            return Reply(_("Sorry, that time is no longer available."), buttons=_restart())
        service = slot.service
        values, errors = values or {}, errors or {}
        fields = [
            _field("name", _("Your name"), values, errors, required=True),
            _field(
                "email",
                _("Email address"),
                values,
                errors,
                kind="email",
                hint=_("We send your confirmation here."),
            ),
            _field(
                "phone",
                _("Mobile phone number"),
                values,
                errors,
                kind="tel",
                hint=_("Give an email address, a phone number, or both."),
            ),
            _field(
                "age",
                _("Age of the person the appointment is for"),
                values,
                errors,
                kind="number",
                hint=_under_16_hint(service),
            ),
        ]
        if service.needs_date_of_birth:
            fields.append(
                _field(
                    "date_of_birth", _("Date of birth"), values, errors, kind="date", required=True
                )
            )
        fields.append(
            _field(
                "consent",
                _("I agree that the team can use these details for this appointment."),
                {},
                errors,
                kind="checkbox",
                required=True,
                hint=_(
                    "We only use your details to arrange this appointment and contact you "
                    "about it. We keep them apart from this chat, and delete them 90 days "
                    "after the appointment."
                ),
            )
        )
        return Reply(
            _(
                "You chose %(time)s with %(service)s. To book it, we need a few details.",
                time=slot_label(slot, desk),
                service=service.name,
            ),
            form=Form("book", _("Book this time"), tuple(fields), (("slot_id", str(slot.id)),)),
        )


def find_form(
    desk: Desk,
    action: str,
    values: Mapping[str, str] | None = None,
    errors: Mapping[str, str] | None = None,
) -> Reply:
    """Ask for the booking reference and the email or phone given when booking."""
    values, errors = values or {}, errors or {}
    with force_locale(desk.locale):
        intro = (
            _(
                "To change your appointment, tell me your booking reference and the email "
                "address or phone number you gave."
            )
            if action == "find_change"
            else _(
                "To cancel your appointment, tell me your booking reference and the email "
                "address or phone number you gave."
            )
        )
        return Reply(
            intro,
            form=Form(
                action,
                _("Find my appointment"),
                (
                    _field(
                        "reference",
                        _("Booking reference"),
                        values,
                        errors,
                        required=True,
                        hint=_("It looks like LPT-ABCD-2345."),
                    ),
                    _field(
                        "contact", _("Email address or phone number"), values, errors, required=True
                    ),
                ),
            ),
        )


# ---------------------------------------------------------------- submissions


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
        return Reply(_("Sorry, I did not understand that request."), buttons=_restart())


def _book(desk: Desk, data: Mapping[str, str]) -> Reply:
    slot_id = bounds.row_id(data.get("slot_id"))
    if slot_id is None:
        return _unavailable(desk, SlotUnavailable("not_found"))
    config = current_app.config
    limits = bookings.Limits(
        config["BOOKING_LIMIT_PER_CONTACT"], config["BOOKING_LIMIT_PER_ADDRESS"]
    )
    try:
        details = _details(data)
        booking = bookings.book(slot_id, details, desk.locale, desk.moment, desk.ip_digest, limits)
    except SlotUnavailable as err:
        return _unavailable(desk, err)
    except BookingLimit as err:
        log.info("Booking refused: %s", err.code)
        with force_locale(desk.locale):
            return Reply(error_message(err.code))
    except BookingError as err:
        return details_form(desk, slot_id, data, {err.field or "name": error_message(err.code)})
    log.info("Booked %s (slot %s)", booking.reference, booking.slot_id)
    _email(desk, booking)
    return confirmation(desk, booking)


def _find(desk: Desk, action: str, data: Mapping[str, str]) -> Reply:
    try:
        booking = bookings.find(data.get("reference", ""), data.get("contact", ""))
        if booking.status not in bookings.ACTIVE:
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
        slots = bookings.free_slots(booking.slot.service, desk.moment)
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
            + _time_zone_note(desk),
            form=Form(
                "change",
                _("Change to this time"),
                (FormField("slot_id", _("New time"), "radio", required=True, options=choices),),
                hidden,
            ),
        )


def _change(desk: Desk, data: Mapping[str, str]) -> Reply:
    try:
        booking = bookings.find(data.get("reference", ""), data.get("contact", ""))
        slot_id = bounds.row_id(data.get("slot_id"))
        if slot_id is None:
            raise SlotUnavailable("not_found")
        bookings.change(booking, slot_id, desk.moment)
    except SlotUnavailable as err:
        return _unavailable(desk, err)
    except BookingError as err:
        return find_form(desk, "find_change", data, {"reference": error_message(err.code)})
    _email(desk, booking)
    return confirmation(desk, booking)


def _cancel(desk: Desk, data: Mapping[str, str]) -> Reply:
    try:
        booking = bookings.find(data.get("reference", ""), data.get("contact", ""))
        bookings.cancel(booking, "person")
    except BookingError as err:
        return find_form(desk, "find_cancel", data, {"reference": error_message(err.code)})
    with force_locale(desk.locale):
        return Reply(
            _(
                "Your appointment on %(time)s is cancelled. Thank you for letting us know.",
                time=slot_label(booking.slot, desk),
            ),
            buttons=_restart(),
        )


# ---------------------------------------------------------------- confirmation


def confirmation(desk: Desk, booking: Booking) -> Reply:
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
    if booking is None or booking.status not in bookings.ACTIVE:
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


def slot_label(slot: Slot, desk: Desk) -> str:
    """E.g. "Tuesday 8 December, 09:30", in the person's language and time zone."""
    return format_datetime(
        slot.starts_at, "EEEE d MMMM, HH:mm", tzinfo=desk.zone, locale=desk.locale
    )


def error_message(code: str) -> str:
    """The plain-words message for a booking refusal, in the active language."""
    messages = {
        "invalid_name": _("Enter your name."),
        "invalid_email": _("Enter an email address like name@example.com."),
        "invalid_phone": _("Enter a UK phone number, like 07700 900123."),
        "missing_contact": _("Give an email address or a phone number, so we can reach you."),
        "invalid_age": _("Enter an age in years, like 14."),
        "invalid_date_of_birth": _("Enter a date of birth in the past."),
        "missing_date_of_birth": _("Enter the date of birth."),
        "missing_consent": _("Tick the box to say we may use your details for this booking."),
        "not_found": _(
            "We could not find a booking with that reference and contact. "
            "Please check them and try again."
        ),
        "not_active": _("That appointment has already been cancelled or has passed."),
        "conflict": _(
            "Your appointment was changed or cancelled somewhere else at the same moment, "
            "so nothing was done. Please look it up again to see how it is now."
        ),
        "contact_limit": _(
            "You already have as many upcoming appointments as we can book for one email "
            "address or phone number. To book another time, change or cancel one of them "
            "first, or call the service."
        ),
        "address_limit": _(
            "Too many upcoming appointments have been booked from this internet connection. "
            "To book another time, cancel one you no longer need, or call the service."
        ),
    }
    return messages.get(code, _("Please check this and try again."))


# ---------------------------------------------------------------- helpers


def _unavailable(desk: Desk, err: SlotUnavailable) -> Reply:
    with force_locale(desk.locale):
        text = {
            "taken": _("Sorry, someone else booked that time just before you."),
            "withdrawn": _("Sorry, that time is no longer available."),
            "past": _("Sorry, that time has passed or is too soon to book."),
        }.get(err.code, _("Sorry, I cannot find that time."))
        if not err.next_slots:
            return Reply(text, buttons=_restart())
        return Reply(
            text + "\n" + _("Here are the next free times. Choose one:") + _time_zone_note(desk),
            buttons=tuple(
                Button(slot_label(slot, desk), f"/book_slot_{slot.id}") for slot in err.next_slots
            ),
        )


def _email(desk: Desk, booking: Booking) -> None:
    contact = booking.contact
    if contact is None or not contact.email:
        return
    reply = confirmation(desk, booking)
    with force_locale(desk.locale):
        subject = _("Your appointment: %(reference)s", reference=booking.reference)
    notify.send_confirmation(
        current_app.config,
        contact.email,
        subject,
        reply.text,
        calendar_bytes(booking),
        booking.reference,
    )


def _restart() -> tuple[Button, ...]:
    return (Button(_("Book a video or phone call"), "/book_appointment"),)


def _time_zone_note(desk: Desk) -> str:
    if desk.zone.key == LONDON.key:
        return ""
    return " " + _("(Times are shown in your time zone, %(zone)s.)", zone=desk.zone.key)


def _under_16_hint(service: AppointmentService) -> str | None:
    if service.parent_contact_under_16:
        return _("If the person is under 16, the team may also contact a parent or carer.")
    return None


def _field(
    name: str,
    label: str,
    values: Mapping[str, str],
    errors: Mapping[str, str],
    kind: str = "text",
    hint: str | None = None,
    required: bool = False,
) -> FormField:
    return FormField(
        name, label, kind, hint, required, str(values.get(name, ""))[:200], error=errors.get(name)
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


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="booking-calendar-link")
