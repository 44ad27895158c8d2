"""What the person's side of a chat passes to the duty team (namespace /duty): each message
typed while a handoff is open, with any reply it got (the crisis reply too), to the pages
open on that handoff, and a nudge to the team's inbox pages to show the change (a new chat
waiting, a risk flag)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template

from webapp.duty import handoffs
from webapp.extensions import db, socketio
from webapp.models import Message

NAMESPACE = "/duty"


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
    html = render_template("staff/_inbox_messages.html", messages=latest)
    update = {"handoff_id": handoff.id, "crisis": handoff.crisis, "state": handoff.state}
    socketio.emit(
        "person_message",
        {**update, "html": html},
        to=handoffs.handoff_room(handoff.id),
        namespace=NAMESPACE,
    )
    socketio.emit(
        "inbox_changed", update, to=handoffs.team_room(handoff.team_id), namespace=NAMESPACE
    )
