"""Who the booking desk talks to (their language, time zone and the time now), and the words
every booking step shares: a time as the person reads it, and the way back to the start.

The steps live beside it: chat_steps.py (which service, which time, the details form),
submissions.py (booking, changing and cancelling), confirmation.py (the confirmation, its
e-mail and calendar link) and refusals.py (why something was refused, in plain words).
Submitted details never go into the chat transcript: they live only in the booking's
contact record."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_datetime
from flask_babel import gettext as _

from webapp import clock
from webapp.clock import LONDON
from webapp.models import Slot
from webapp.reply_types import Button


@dataclass(frozen=True)
class Desk:
    """Who the desk is talking to: their language, time zone, the time now, and a keyed
    digest of their internet address (for the limit on bookings from one address); and
    whether the chat's turn is in easy read (the chat steps' words, easy_wording.py)."""

    locale: str
    timezone: str = LONDON.key
    now: datetime | None = None
    ip_digest: str | None = None
    easy_read: bool = False

    @property
    def moment(self) -> datetime:
        return self.now or clock.now()

    @property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return LONDON


def slot_label(slot: Slot, desk: Desk) -> str:
    """E.g. "Tuesday 8 December, 09:30", in the person's language and time zone."""
    return format_datetime(
        slot.starts_at, "EEEE d MMMM, HH:mm", tzinfo=desk.zone, locale=desk.locale
    )


def restart_buttons() -> tuple[Button, ...]:
    """The button that starts a booking again."""
    return (Button(_("Book a video or phone call"), "/book_appointment"),)


def time_zone_note(desk: Desk) -> str:
    """A note that times are shown in the person's own time zone, when it is not Leicester's."""
    if desk.zone.key == LONDON.key:
        return ""
    return " " + _("(Times are shown in your time zone, %(zone)s.)", zone=desk.zone.key)
