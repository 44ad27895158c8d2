"""Is a person on duty now, and if not, when next? A pure function of a team's weekly hours,
its closures and a moment: no database, no clock of its own, so tests pass fixed times.

Hours are Leicester wall-clock times (Europe/London): "Mondays 09:00–17:00" means 09:00 in
winter (GMT) and in summer (BST) alike. A closure takes whole Leicester days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from webapp.clock import LONDON, utc_of

# How far ahead to look for the next hours: a team with none in two months is treated as
# having none, and the reply says so rather than naming a far date.
HORIZON_DAYS = 62


@dataclass(frozen=True)
class WeeklyHours:
    weekday: int  # 0 Monday … 6 Sunday
    start: time
    end: time


@dataclass(frozen=True)
class Closed:
    first_day: date
    last_day: date


@dataclass(frozen=True)
class OnDuty:
    """The answer: on duty now (and until when), or when someone is next there (None: no
    hours set within the horizon). Times are timezone-aware, in UTC."""

    now: bool
    until: datetime | None = None
    next_start: datetime | None = None


def on_duty(
    hours: tuple[WeeklyHours, ...] | list[WeeklyHours],
    closures: tuple[Closed, ...] | list[Closed],
    at: datetime,
) -> OnDuty:
    """Whether a person is on duty at `at` (timezone-aware), else the next start."""
    if at.tzinfo is None:
        raise ValueError("on_duty needs a timezone-aware time")
    local = at.astimezone(LONDON)
    for offset in range(HORIZON_DAYS + 1):
        day = local.date() + timedelta(days=offset)
        if any(c.first_day <= day <= c.last_day for c in closures):
            continue
        for start, end in _spans(hours, day):
            if start <= at < end:
                return OnDuty(now=True, until=end)
            if at < start:
                return OnDuty(now=False, next_start=start)
    return OnDuty(now=False)


def _spans(
    hours: tuple[WeeklyHours, ...] | list[WeeklyHours], day: date
) -> list[tuple[datetime, datetime]]:
    """The day's hours as UTC moments, earliest first, overlapping hours joined."""
    spans = sorted(
        (utc_of(day, h.start), utc_of(day, h.end)) for h in hours if h.weekday == day.weekday()
    )
    joined: list[tuple[datetime, datetime]] = []
    for start, end in spans:
        if joined and start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(end, joined[-1][1]))
        else:
            joined.append((start, end))
    return joined
