"""Socket.IO handlers for namespace /duty: the inbox and chat pages of duty workers. Only a
signed-in duty worker or admin connects; each joins their team's room (an admin every
team's), and a chat page joins the room of a chat of their own team. Replies sent here are
stored and passed on as the form at /staff/inbox/<id>/reply does."""

from __future__ import annotations

import logging
from typing import Any

import sqlalchemy as sa
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room

from webapp.duty import handoffs
from webapp.extensions import db, socketio
from webapp.models import DutyTeam
from webapp.staff import inbox_relay
from webapp.staff.inbox import MAX_REPLY

log = logging.getLogger(__name__)
NAMESPACE = "/duty"


def _worker_or_none() -> Any:
    user = current_user
    if not user.is_authenticated or not user.answers_chats:
        return None
    return user


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth: Any = None) -> None:
    """A duty worker's page connects and joins its team's room; anyone else is refused."""
    worker = _worker_or_none()
    if worker is None:
        raise ConnectionRefusedError("Sign in as a duty worker.")
    teams = db.session.scalars(sa.select(DutyTeam.id)) if worker.is_admin else [worker.team_id]
    for team_id in teams:
        if team_id:
            join_room(handoffs.team_room(team_id))


@socketio.on("watch", namespace=NAMESPACE)
def on_watch(data: Any) -> dict[str, bool]:
    """A chat page {handoff_id} joins that chat's room, if the chat is of the worker's team."""
    worker = _worker_or_none()
    handoff_id = data.get("handoff_id") if isinstance(data, dict) else None
    if worker is None or not isinstance(handoff_id, int):
        return {"ok": False}
    if handoffs.visible(handoff_id, worker) is None:
        return {"ok": False}
    join_room(handoffs.handoff_room(handoff_id))
    return {"ok": True}


@socketio.on("staff_reply", namespace=NAMESPACE)
def on_staff_reply(data: Any) -> dict[str, Any]:
    """The worker who has a chat sends {handoff_id, text}; it is stored and reaches the
    person's chat and the pages open on it. Acknowledged with ok, or the reason not."""
    worker = _worker_or_none()
    if worker is None or not isinstance(data, dict):
        return {"ok": False, "error": "not_allowed"}
    handoff_id, text = data.get("handoff_id"), data.get("text")
    if not isinstance(handoff_id, int) or not isinstance(text, str):
        return {"ok": False, "error": "bad_input"}
    text = text.strip()
    if not text or len(text) > MAX_REPLY:
        return {"ok": False, "error": "bad_input"}
    handoff = handoffs.visible(handoff_id, worker)
    if handoff is None or handoff.state != "taken" or handoff.taken_by_id != worker.id:
        return {"ok": False, "error": "not_yours"}
    inbox_relay.send(handoff, worker, text)
    return {"ok": True}
