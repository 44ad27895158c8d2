"""A conversation handed to a duty worker and back: which team answers it, whether someone is
on duty, and each step — asked, a message left, taken, a risk message, handed back, closed —
stored with its time (HandoffEvent). Commits are left to the caller, except in `take`,
which must decide between two workers at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from webapp import clock
from webapp.duty.hours import Closed, OnDuty, WeeklyHours, on_duty
from webapp.extensions import db
from webapp.models import Conversation, DutyTeam, Handoff, HandoffEvent, Message, StaffUser
from webapp.models.duty import OPEN_STATES


@dataclass(frozen=True)
class Taken:
    """The answer to taking a chat: taken by this worker, or already by someone else."""

    ok: bool
    by: str = ""


def team_room(team_id: str) -> str:
    """The Socket.IO room of a team's inbox pages (namespace /duty)."""
    return f"duty-team:{team_id}"


def handoff_room(handoff_id: int) -> str:
    """The Socket.IO room of the pages open on one handoff (namespace /duty)."""
    return f"handoff:{handoff_id}"


def duty_of(team: DutyTeam, at: datetime | None = None) -> OnDuty:
    """Whether someone of the team is on duty at `at` (now by default), else when next."""
    hours = [WeeklyHours(h.weekday, h.start_time, h.end_time) for h in team.hours]
    closed = [Closed(c.starts_on, c.ends_on) for c in team.closures]
    return on_duty(hours, closed, at or clock.now())


def team_for(topic: str | None) -> DutyTeam | None:
    """The team that answers a chat about this topic: the first (by position) that names
    it, else the first team; None when no team is set up."""
    teams = list(
        db.session.scalars(
            sa.select(DutyTeam).where(DutyTeam.active).order_by(DutyTeam.position, DutyTeam.id)
        )
    )
    named = [t for t in teams if topic and topic in (t.topics or [])]
    chosen = named or teams
    return chosen[0] if chosen else None


def open_for(conversation_id: str) -> Handoff | None:
    """The conversation's handoff still open (waiting, a message left, or taken), if any."""
    return db.session.scalar(
        sa.select(Handoff)
        .where(Handoff.conversation_id == conversation_id, Handoff.state.in_(OPEN_STATES))
        .order_by(Handoff.id.desc())
        .limit(1)
    )


def _event(handoff: Handoff, kind: str, by: StaffUser | None = None, note: str = "") -> None:
    handoff.events.append(
        HandoffEvent(kind=kind, staff_user_id=by.id if by else None, note=note, at=clock.now())
    )


def ask(conversation: Conversation, team: DutyTeam, locale: str, state: str) -> Handoff:
    """Put the conversation in the team's queue: `waiting` within hours, `left` for a
    message left out of hours. A risk the safety net saw earlier in the chat flags it."""
    handoff = Handoff(
        conversation_id=conversation.id,
        team_id=team.id,
        state=state,
        locale=locale,
        asked_at=clock.now(),
        crisis=conversation.had_crisis,
    )
    db.session.add(handoff)
    _event(handoff, "asked" if state == "waiting" else "left_message")
    return handoff


def flag_risk(handoff: Handoff) -> None:
    """A message the safety net read as risk, while the chat waits or is with a worker."""
    handoff.crisis = True
    _event(handoff, "risk")


def take(handoff_id: int, worker: StaffUser) -> Taken:
    """Give a waiting chat to this worker. Of two workers at once exactly one gets it: the
    state changes only where it is still waiting, in one UPDATE, and the count says who won."""
    now = clock.now()
    changed = db.session.execute(
        sa.update(Handoff)
        .where(Handoff.id == handoff_id, Handoff.state.in_(("waiting", "left")))
        .values(state="taken", taken_by_id=worker.id, taken_at=now)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        db.session.rollback()
        handoff = db.session.get(Handoff, handoff_id)
        holder = (
            db.session.get(StaffUser, handoff.taken_by_id)
            if handoff and handoff.taken_by_id
            else None
        )
        return Taken(False, holder.name if holder else "")
    handoff = db.session.get(Handoff, handoff_id)
    assert handoff is not None
    db.session.refresh(handoff)
    _event(handoff, "taken", worker)
    db.session.commit()
    return Taken(True, worker.name)


def reply(handoff: Handoff, worker: StaffUser, text: str) -> Message:
    """A worker's message to the person, stored in the transcript with who sent it (their
    id, and the first name and role the person sees)."""
    message = Message(
        conversation_id=handoff.conversation_id,
        sender="staff",
        text=text,
        locale=handoff.locale,
        staff_user_id=worker.id,
        created_at=clock.now(),
        # What the person sees of who wrote it, as it was then.
        replies=[{"text": text, "name": worker.first_name, "role": worker.job_title}],
    )
    db.session.add(message)
    handoff.conversation.updated_at = message.created_at  # the chat is in use: kept
    return message


def end(handoff: Handoff, worker: StaffUser | None, kind: str, note: str = "") -> None:
    """Hand the chat back to the assistant (`handed_back`) or close it (`closed`, with the
    worker's note); the person's own "back to the assistant" is a hand-back with no worker."""
    handoff.state, handoff.ended_at = kind, clock.now()
    if note:
        handoff.note = note
    _event(handoff, kind, worker, note)


def claim_overdue(now: datetime) -> list[Handoff]:
    """The chats still waiting past their team's usual wait whose person has not yet been
    told so, each claimed in one conditional UPDATE: with several web processes checking at
    once, each chat is claimed by one of them, and its person told once."""
    waiting = db.session.scalars(
        sa.select(Handoff).where(Handoff.state == "waiting", Handoff.overdue_at.is_(None))
    )
    due = [
        h.id
        for h in waiting
        if now - clock.aware(h.asked_at) >= timedelta(minutes=h.team.typical_wait_minutes)
    ]
    claimed = []
    for handoff_id in due:
        changed = db.session.execute(
            sa.update(Handoff)
            .where(
                Handoff.id == handoff_id, Handoff.state == "waiting", Handoff.overdue_at.is_(None)
            )
            .values(overdue_at=now)
            .execution_options(synchronize_session=False)
        )
        if changed.rowcount == 1:  # type: ignore[attr-defined]
            claimed.append(handoff_id)
    db.session.commit()
    handoffs = [h for h in (db.session.get(Handoff, i) for i in claimed) if h is not None]
    for handoff in handoffs:
        db.session.refresh(handoff)
        _event(handoff, "overdue")
    return handoffs


def inbox(worker: StaffUser) -> list[Handoff]:
    """The open chats a worker may see: their own team's (an admin's: every team's), those
    flagged as risk first, then the longest waiting."""
    query = sa.select(Handoff).where(Handoff.state.in_(OPEN_STATES))
    if not worker.is_admin:
        query = query.where(Handoff.team_id == (worker.team_id or ""))
    return list(
        db.session.scalars(query.order_by(Handoff.crisis.desc(), Handoff.asked_at, Handoff.id))
    )


def visible(handoff_id: int, worker: StaffUser) -> Handoff | None:
    """A handoff this worker may open: of their own team (any team for an admin)."""
    handoff = db.session.get(Handoff, handoff_id)
    if handoff is None or not (worker.is_admin or handoff.team_id == worker.team_id):
        return None
    return handoff
