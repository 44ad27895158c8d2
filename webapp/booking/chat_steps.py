"""The booking steps the conversation asks for: which service, which time, the details form,
and the form that finds a booking to change or cancel. Each returns one reply in the
person's language and time zone."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from webapp.booking import availability, records
from webapp.booking.desk import Desk, restart_buttons, slot_label, time_zone_note
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
        slots = records.free_slots(service, desk.moment)
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
            return Reply(_("Sorry, that time is no longer available."), buttons=restart_buttons())
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
