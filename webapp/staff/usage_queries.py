"""The usage dashboard's figures, counted by week in SQL (GROUP BY on the database server, a
handful of queries whatever the range): conversations and their languages, messages people
sent and their topics, crisis turns, missed questions against the messages the assistant
answered, bookings made, and appointments cancelled or missed. Counts only: no query reads a
message's text or anyone's details.

Weeks start on Monday, in UTC. Chats are kept RETENTION_CHAT_DAYS, so their weeks reach back
only that far; bookings stay (without personal details) and reach back further."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from webapp.extensions import db
from webapp.models import Booking, Conversation, Message, MissedQuestion, Slot

# The weekly counts, in the order the dashboard and its CSV show them.
MEASURES = (
    "conversations",
    "messages",
    "crisis",
    "answered",
    "missed",
    "bookings",
    "cancelled",
    "did_not_attend",
)
OTHER = "other"


class week_start(FunctionElement[str]):  # noqa: N801  (an SQL function, named as one)
    """The Monday (UTC) of a moment's week, as text "YYYY-MM-DD", in either database."""

    type = sa.String()
    inherit_cache = True
    name = "week_start"


@compiles(week_start, "sqlite")
def _week_start_sqlite(element: week_start, compiler: SQLCompiler, **kw: Any) -> str:
    # SQLite keeps UTC moments as text; 'weekday 0' moves on to Sunday, 6 days back is Monday.
    return f"date({compiler.process(element.clauses, **kw)}, 'weekday 0', '-6 days')"


@compiles(week_start, "postgresql")
def _week_start_postgresql(element: week_start, compiler: SQLCompiler, **kw: Any) -> str:
    moment = compiler.process(element.clauses, **kw)
    return f"to_char(date_trunc('week', {moment} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')"


@dataclass(frozen=True)
class Usage:
    """Counts for each of `weeks` (Mondays, oldest first): `counts[measure][i]` is week i's,
    and `topics` and `languages` the same for each topic of people's messages and each
    conversation's language."""

    weeks: tuple[date, ...]
    counts: dict[str, list[int]]
    topics: dict[str, list[int]]
    languages: dict[str, list[int]]

    def missed_rate(self) -> list[float | None]:
        """Per week, missed questions as a percentage of the messages the assistant answered."""
        return [
            round(100 * missed / answered, 1) if answered else None
            for missed, answered in zip(self.counts["missed"], self.counts["answered"], strict=True)
        ]


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def usage(today: date, weeks: int) -> Usage:
    """The last `weeks` weeks up to and including this one."""
    first = monday(today) - timedelta(weeks=weeks - 1)
    since = datetime.combine(first, time(0), tzinfo=UTC)
    mondays = tuple(first + timedelta(weeks=i) for i in range(weeks))
    index = {day.isoformat(): i for i, day in enumerate(mondays)}
    counts: dict[str, list[int]] = {measure: [0] * weeks for measure in MEASURES}
    topics: dict[str, list[int]] = defaultdict(lambda: [0] * weeks)
    languages: dict[str, list[int]] = defaultdict(lambda: [0] * weeks)

    def add(into: list[int], week: object, count: int | None) -> None:
        if (i := index.get(str(week)[:10])) is not None:
            into[i] += int(count or 0)

    for week, locale, count in _conversations(since):
        add(counts["conversations"], week, count)
        add(languages[locale], week, count)
    for week, topic, count, crisis, answered in _messages(since):
        add(counts["messages"], week, count)
        add(counts["crisis"], week, crisis)
        add(counts["answered"], week, answered)
        add(topics[topic or OTHER], week, count)
    for week, count in _weekly(MissedQuestion.created_at, since):
        add(counts["missed"], week, count)
    for week, count in _weekly(Booking.created_at, since):
        add(counts["bookings"], week, count)
    for week, status, count in _appointments(since):
        add(counts[status], week, count)
    return Usage(mondays, counts, dict(topics), dict(languages))


def _conversations(since: datetime) -> sa.Result[Any]:
    week = week_start(Conversation.created_at)
    return db.session.execute(
        sa.select(week, Conversation.locale, sa.func.count())
        .where(Conversation.created_at >= since)
        .group_by(week, Conversation.locale)
    )


def _messages(since: datetime) -> sa.Result[Any]:
    """People's messages by week and topic, with how many were crisis turns and how many
    the assistant itself answered (the missed rate's denominator)."""
    week = week_start(Message.created_at)
    crisis = sa.func.sum(sa.case((Message.crisis.is_(True), 1), else_=0))
    answered = sa.func.sum(sa.case((Message.handled_by == "bot", 1), else_=0))
    return db.session.execute(
        sa.select(week, Message.topic, sa.func.count(), crisis, answered)
        .where(Message.created_at >= since, Message.sender == "user")
        .group_by(week, Message.topic)
    )


def _weekly(moment: Any, since: datetime) -> sa.Result[Any]:
    week = week_start(moment)
    return db.session.execute(
        sa.select(week, sa.func.count()).where(moment >= since).group_by(week)
    )


def _appointments(since: datetime) -> sa.Result[Any]:
    """Appointments cancelled or not attended, by the week they were (or would have been)."""
    week = week_start(Slot.starts_at)
    return db.session.execute(
        sa.select(week, Booking.status, sa.func.count())
        .join(Slot, Slot.id == Booking.slot_id)
        .where(Slot.starts_at >= since, Booking.status.in_(("cancelled", "did_not_attend")))
        .group_by(week, Booking.status)
    )
