"""The booking as an iCalendar (.ics) file people can add to their phone's calendar."""

from __future__ import annotations

from datetime import UTC, timedelta

from icalendar import Alarm, Calendar, Event

from webapp import clock
from webapp.models import Booking

PRODID = "-//Leicestershire Partnership NHS Trust//Support chat//EN"


def ics(booking: Booking, summary: str, description: str) -> bytes:
    """One VEVENT for the appointment, in UTC, with a reminder an hour before."""
    slot = booking.slot
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{booking.reference}@support-chat.leicspart.nhs.uk")
    event.add("dtstamp", clock.now())
    event.add("dtstart", slot.starts_at.astimezone(UTC))
    event.add("dtend", slot.ends_at.astimezone(UTC))
    event.add("summary", summary)
    event.add("description", description)
    event.add("status", "CANCELLED" if booking.status == "cancelled" else "CONFIRMED")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(hours=-1))
    event.add_component(alarm)
    calendar.add_component(event)
    return calendar.to_ical()
