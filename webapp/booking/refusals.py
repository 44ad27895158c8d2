"""Why a booking step was refused, in plain words in the person's language."""

from __future__ import annotations

from flask_babel import force_locale
from flask_babel import gettext as _

from webapp.booking.desk import Desk, restart_buttons, slot_label, time_zone_note
from webapp.booking.records import SlotUnavailable
from webapp.reply_types import Button, Reply


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
        "outside_ages": _(
            "This service is not for someone of this age. "
            "Ask your GP, or call the service, about the right help."
        ),
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


def unavailable(desk: Desk, err: SlotUnavailable) -> Reply:
    """The time chosen cannot be booked: why, and the next free times when there are some."""
    with force_locale(desk.locale):
        text = {
            "taken": _("Sorry, someone else booked that time just before you."),
            "withdrawn": _("Sorry, that time is no longer available."),
            "past": _("Sorry, that time has passed or is too soon to book."),
        }.get(err.code, _("Sorry, I cannot find that time."))
        if not err.next_slots:
            return Reply(text, buttons=restart_buttons())
        return Reply(
            text + "\n" + _("Here are the next free times. Choose one:") + time_zone_note(desk),
            buttons=tuple(
                Button(slot_label(slot, desk), f"/book_slot_{slot.id}") for slot in err.next_slots
            ),
        )
