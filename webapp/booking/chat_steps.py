"""The booking steps the conversation asks for: which service, which time, the details form,
and the form that finds a booking to change or cancel. Each returns one reply in the
person's language and time zone, in easy read when the chat's turn is (the words from
easy_wording.py beside it; the buttons, fields and checks the same)."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from flask_babel import LazyString, force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.booking import availability, records
from webapp.booking.desk import Desk, restart_buttons, slot_label, time_zone_note
from webapp.booking.easy_wording import BOOKING
from webapp.easy_read import chosen
from webapp.extensions import db
from webapp.models import AppointmentService, Slot
from webapp.reply_types import Button, Form, FormField, Reply


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
            return Reply(
                _say(
                    desk,
                    "closed",
                    _l("Booking in this chat is closed right now. Please call the service."),
                )
            )
        return Reply(
            _say(
                desk,
                "start",
                _l("I can book a video or phone call with a professional. Who is it with?"),
            ),
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
                _say(
                    desk,
                    "no_times",
                    _l(
                        "%(service)s has no times set yet, so it cannot be booked here. "
                        "Please call the service instead."
                    ),
                    service=service.name,
                )
            )
        slots = records.free_slots(service, desk.moment)
        if not slots:
            return Reply(
                _say(
                    desk,
                    "no_free_times",
                    _l(
                        "There are no free times in the next 4 weeks for %(service)s. "
                        "Please call the service instead."
                    ),
                    service=service.name,
                )
            )
        return Reply(
            _say(
                desk,
                "times",
                _l("Here are the next free times for %(service)s. Choose one:"),
                service=service.name,
            )
            + time_zone_note(desk),
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
            return Reply(
                _say(desk, "gone", _l("Sorry, that time is no longer available.")),
                buttons=restart_buttons(),
            )
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
                hint=_say(desk, "email_hint", _l("We send your confirmation here.")),
            ),
            _field(
                "phone",
                _("Mobile phone number"),
                values,
                errors,
                kind="tel",
                hint=_say(
                    desk, "contact_hint", _l("Give an email address, a phone number, or both.")
                ),
            ),
            _field(
                "age",
                _("Age of the person the appointment is for"),
                values,
                errors,
                kind="number",
                hint=_under_16_hint(desk, service),
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
                _say(
                    desk,
                    "consent",
                    _l("I agree that the team can use these details for this appointment."),
                ),
                {},
                errors,
                kind="checkbox",
                required=True,
                hint=_say(
                    desk,
                    "consent_hint",
                    _l(
                        "We only use your details to arrange this appointment and contact you "
                        "about it. We keep them apart from this chat, and delete them 90 days "
                        "after the appointment."
                    ),
                ),
            )
        )
        return Reply(
            _say(
                desk,
                "details",
                _l("You chose %(time)s with %(service)s. To book it, we need a few details."),
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
            _say(
                desk,
                "find_change",
                _l(
                    "To change your appointment, tell me your booking reference and the email "
                    "address or phone number you gave."
                ),
            )
            if action == "find_change"
            else _say(
                desk,
                "find_cancel",
                _l(
                    "To cancel your appointment, tell me your booking reference and the email "
                    "address or phone number you gave."
                ),
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


def _under_16_hint(desk: Desk, service: AppointmentService) -> str | None:
    if service.parent_contact_under_16:
        return _say(
            desk,
            "under_16_hint",
            _l("If the person is under 16, the team may also contact a parent or carer."),
        )
    return None


def _say(desk: Desk, name: str, standard: LazyString, **values: str) -> str:
    """The standard text, or its easy-read version (easy_wording.BOOKING[name]) when the
    turn is easy read and this language has one; with the values put in."""
    text = chosen(standard, BOOKING[name], desk.locale, desk.easy_read)
    return str(text) % values if values else str(text)


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
