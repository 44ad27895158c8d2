"""Talking to a person: the duty teams who answer chats, their hours and closures, and each
handoff of a conversation from the assistant to a duty worker with its events."""

from __future__ import annotations

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp import clock
from webapp.models.base import Base, UTCDateTime
from webapp.models.conversation import Conversation

# A handoff waits for a worker, is taken by one, or ends: handed back to the assistant or
# closed. Out of hours the person may leave a message instead ("left"): the duty worker sees
# it first when the team opens, and takes it like a waiting chat.
HANDOFF_STATES = ("waiting", "left", "taken", "handed_back", "closed")
OPEN_STATES = ("waiting", "left", "taken")
EVENT_KINDS = ("asked", "left_message", "overdue", "taken", "handed_back", "closed", "risk")


class DutyTeam(Base):
    """A team whose duty workers answer chats, e.g. CAMHS duty or 0–19 public health
    nursing. `topics` are the chat topics it answers (camhs, play_and_stay…); the first team
    by `position` answers any other."""

    __tablename__ = "duty_team"

    id: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    topics: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    # How long a person may wait for a worker within hours, as the reply tells them.
    typical_wait_minutes: Mapped[int] = mapped_column(default=15)
    active: Mapped[bool] = mapped_column(default=True)

    hours: Mapped[list[DutyHours]] = relationship(
        back_populates="team",
        order_by="(DutyHours.weekday, DutyHours.start_time)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    closures: Mapped[list[DutyClosure]] = relationship(
        back_populates="team",
        order_by="DutyClosure.starts_on",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class DutyHours(Base):
    """Weekly hours in Leicester wall-clock time: e.g. Mondays 09:00–17:00."""

    __tablename__ = "duty_hours"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(
        sa.ForeignKey("duty_team.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]  # 0 Monday … 6 Sunday
    start_time: Mapped[time]
    end_time: Mapped[time]

    team: Mapped[DutyTeam] = relationship(back_populates="hours")

    __table_args__ = (
        sa.CheckConstraint("end_time > start_time", name="ends_after_start"),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_known"),
    )


class DutyClosure(Base):
    """Whole days the team is closed (bank holidays, training), first and last day included."""

    __tablename__ = "duty_closure"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[str] = mapped_column(
        sa.ForeignKey("duty_team.id", ondelete="CASCADE"), index=True
    )
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.String(200), default="")

    team: Mapped[DutyTeam] = relationship(back_populates="closures")

    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="ends_after_start"),)


class Handoff(Base):
    """A conversation asked for a person. At most one is open per conversation; it belongs
    to one team, and while `taken` to one worker. Deleted with its conversation."""

    __tablename__ = "handoff"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        sa.ForeignKey("conversation.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[str] = mapped_column(sa.ForeignKey("duty_team.id"), index=True)
    state: Mapped[str] = mapped_column(sa.String(12), default="waiting", index=True)
    locale: Mapped[str] = mapped_column(sa.String(8))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    taken_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # When the person was told no one has joined yet (once, past the team's usual wait).
    overdue_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # A message the safety net read as risk, before or during the handoff: shown red on top.
    crisis: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(sa.Text, default="")

    team: Mapped[DutyTeam] = relationship()
    conversation: Mapped[Conversation] = relationship()
    events: Mapped[list[HandoffEvent]] = relationship(
        back_populates="handoff",
        order_by="HandoffEvent.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        sa.CheckConstraint(
            "state IN ('waiting', 'left', 'taken', 'handed_back', 'closed')", name="state_known"
        ),
    )


class HandoffEvent(Base):
    """What happened to a handoff and when: asked, a message left, the person told no one
    has joined yet (overdue), taken, a risk message, handed back, closed; by which worker
    where one acted."""

    __tablename__ = "handoff_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    handoff_id: Mapped[int] = mapped_column(
        sa.ForeignKey("handoff.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    staff_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(sa.Text, default="")

    handoff: Mapped[Handoff] = relationship(back_populates="events")

    __table_args__ = (
        sa.CheckConstraint(
            "kind IN ('asked', 'left_message', 'overdue', 'taken', 'handed_back', 'closed', "
            "'risk')",
            name="kind_known",
        ),
    )
