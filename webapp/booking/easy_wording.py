"""Easy-read versions of the booking steps' texts in the chat (chat_steps.py), after the
Mencap and NHS easy-read guidance, like services/easy_wording.py: short sentences, everyday
words, one idea a line; Flesch-Kincaid grade 5 or under. The same numbers and placeholders;
the field labels, buttons and checks stay as they are. In the gettext context "easy read": a
language without one gets its own standard text (webapp/easy_read.py)."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_pgettext as _p

# By the name each text has in chat_steps.py.
BOOKING: dict[str, LazyString] = {
    "closed": _p("easy read", "You cannot book in this chat now.\nPlease phone the service."),
    "start": _p(
        "easy read",
        "I can book a call for you with a health worker.\n"
        "It can be a video call or a phone call.\n"
        "Who do you want the call with?",
    ),
    "no_times": _p(
        "easy read",
        "%(service)s has no times yet.\nYou cannot book it here.\nPlease phone the service.",
    ),
    "no_free_times": _p(
        "easy read",
        "%(service)s has no free times in the next 4 weeks.\nPlease phone the service.",
    ),
    "times": _p("easy read", "These are the next free times for %(service)s.\nPick one:"),
    "gone": _p("easy read", "Sorry. That time is not free now.\nPlease pick a new time."),
    "details": _p(
        "easy read",
        "You picked %(time)s with %(service)s.\nTo book it, we need to know a few things.",
    ),
    "email_hint": _p("easy read", "We send your booking details to this email."),
    "contact_hint": _p("easy read", "Give us an email, a phone number, or both."),
    "under_16_hint": _p(
        "easy read",
        "Is the person under 16?\nThen the team may also talk to their mum, dad or carer.",
    ),
    "consent": _p("easy read", "Yes. The team can use these details for this booking."),
    "consent_hint": _p(
        "easy read",
        "We only use your details for this booking.\n"
        "We use them to get in touch with you about it.\n"
        "We keep them away from this chat.\n"
        "We delete them 90 days after the booking.",
    ),
    "find_change": _p(
        "easy read",
        "Do you want to change your booking?\n"
        "Tell me your booking code. We sent it to you.\n"
        "Tell me the email or phone number you gave us too.",
    ),
    "find_cancel": _p(
        "easy read",
        "Do you want to stop your booking?\n"
        "Tell me your booking code. We sent it to you.\n"
        "Tell me the email or phone number you gave us too.",
    ),
}
