"""The staff area's one clock, so tests can move time for lock-outs and session expiry."""

from __future__ import annotations

from datetime import UTC, date, datetime


def now() -> datetime:
    """Timezone-aware now, in UTC."""
    return datetime.now(UTC)


def today() -> date:
    """Today's date in UTC (review dates are whole days)."""
    return now().date()


def aware(moment: datetime) -> datetime:
    """A stored datetime as UTC: SQLite hands back naive datetimes even for aware columns."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
