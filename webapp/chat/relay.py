"""What the person's side of a chat passes to the duty team (namespace /duty, through
staff/inbox_relay.py): each message typed while a handoff is open, with any reply it got
(the crisis reply too), to the pages open on that handoff, and a nudge to the team's inbox
pages to show the change (a new chat waiting, a risk flag)."""

from __future__ import annotations

import sqlalchemy as sa

from webapp.duty import handoffs
from webapp.extensions import db
from webapp.models import Message
from webapp.staff import inbox_relay


def to_duty_team(conversation_id: str) -> None:
    """Pass the latest turn of a conversation with an open handoff to its duty team."""
    handoff = handoffs.open_for(conversation_id)
    if handoff is None:
        return
    latest = list(
        db.session.scalars(
            sa.select(Message)
            .where(Message.conversation_id == conversation_id)
            .order_by(Message.id.desc())
            .limit(2)
        )
    )[::-1]
    if len(latest) == 2 and latest[1].sender == "user":
        latest = latest[1:]  # the person's message had no reply: the worker answers
    inbox_relay.to_workers(handoff, latest)
