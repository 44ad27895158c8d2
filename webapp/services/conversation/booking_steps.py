"""Where the conversation meets the booking desk: the booking quick replies (which
service, which time) and the assistant's booking keys, each answered by one of the booking
desk's chat steps. Booking knows nothing of the conversation: it is given a Desk and
answers with a Reply."""

from __future__ import annotations

import re

from webapp import bounds, clock
from webapp.booking import chat_steps
from webapp.booking.desk import Desk
from webapp.models import Conversation
from webapp.reply_types import Incoming, Reply
from webapp.services.conversation import transcript

BOOK_SERVICE = re.compile(r"^/book_service_([a-z0-9_]+)$")
BOOK_SLOT = re.compile(r"^/book_slot_(\d+)$")
# The assistant's booking keys, answered by the booking desk.
BOOKING_KEYS = ("booking.start", "booking.change", "booking.cancel")


def step(incoming: Incoming, locale: str) -> Reply | None:
    """A booking quick reply: the free times of a service, or the details form for a time."""
    desk = Desk(locale, incoming.timezone or clock.LONDON.key, easy_read=incoming.easy_read)
    payload = incoming.payload or ""
    if service := BOOK_SERVICE.match(payload):
        return chat_steps.choose_time(desk, service.group(1))
    if slot := BOOK_SLOT.match(payload):
        return chat_steps.details_form(desk, bounds.row_id(slot.group(1)))
    return None


def reply(key: str, locale: str, conversation: Conversation, easy_read: bool = False) -> Reply:
    """The booking desk's first step for one of the assistant's BOOKING_KEYS."""
    desk = Desk(locale, easy_read=easy_read)
    if key == "booking.change":
        return chat_steps.find_form(desk, "find_change")
    if key == "booking.cancel":
        return chat_steps.find_form(desk, "find_cancel")
    return chat_steps.start(desk, transcript.last_topic(conversation))
