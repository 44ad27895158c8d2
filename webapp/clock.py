"""The app's one clock and one time zone, so tests can move time (lock-outs, session expiry,
review dates) in one place. Imports nothing of the app."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

# Leicester's time zone: opening hours, session times and appointment slots are written in
# its wall-clock time.
LONDON = ZoneInfo("Europe/London")


def now() -> datetime:
    """Timezone-aware now, in UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in UTC (review dates are whole days)."""
    return now().date()


def local_now() -> datetime:
    """Wall-clock time in Leicester (naive), which session times are written in."""
    return now().astimezone(LONDON).replace(tzinfo=None)


def local_today() -> date:
    """Today's date in Leicester, which availability and the day's bookings go by."""
    return now().astimezone(LONDON).date()


def aware(moment: datetime) -> datetime:
    """A stored datetime as UTC: SQLite hands back naive datetimes even for aware columns."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def utc_of(day: date, at: time = time(0)) -> datetime:
    """A Leicester wall-clock day and time (midnight unless given), as stored: in UTC. A time
    skipped in spring counts as the hour after; one repeated in autumn as its first."""
    return datetime.combine(day, at, tzinfo=LONDON).astimezone(UTC)
