"""What a duty worker's actions send on: a reply to the person's chat (their first name and
role with it), a line in the person's chat when a worker joins, hands back or closes, the
same to the other pages open on that chat, and a nudge to the team's inbox pages. Stored
first and committed, then emitted: a page that reconnects reads the stored transcript."""

from __future__ import annotations

from flask import render_template
from flask_babel import force_locale

from webapp.duty import handoffs
from webapp.extensions import db, socketio
from webapp.models import Handoff, Message, StaffUser
from webapp.services import renderer
from webapp.services.conversation import transcript

CHAT = "/chat"
DUTY = "/duty"


def send(handoff: Handoff, worker: StaffUser, text: str) -> Message:
    """Store a worker's reply and pass it to the person and to the pages open on the chat."""
    message = handoffs.reply(handoff, worker, text)
    db.session.commit()
    staff = {"text": text, "name": worker.first_name, "role": worker.job_title}
    html = render_template("chat/_staff_message.html", **staff)
    socketio.emit(
        "staff_message", {**staff, "html": html}, to=handoff.conversation_id, namespace=CHAT
    )
    to_workers(handoff, [message])
    return message


def announce(handoff: Handoff, kind: str, worker: StaffUser | None = None) -> None:
    """A line in the person's chat, in their language: `joined`, `handed_back`, `closed`
    (by this worker), or `overdue` (no one has joined yet)."""
    name, role = (worker.first_name, worker.job_title) if worker else ("", "")
    reply = renderer.render_handoff_note(kind, handoff.locale, name, role)
    stored = transcript.store(handoff.conversation, "bot", reply.text, handoff.locale)
    stored.topic, stored.replies = "human_handoff", [reply.as_dict()]
    db.session.commit()
    with force_locale(handoff.locale):  # the person's page, whoever acted
        html = render_template(
            "chat/_bot_message.html",
            replies=stored.replies,
            crisis=False,
            message_locale=handoff.locale,
        )
    answer = {
        "conversation_id": handoff.conversation_id,
        "locale": handoff.locale,
        "topic": "human_handoff",
        "crisis": False,
        "replies": stored.replies,
        "html": html,
    }
    socketio.emit("bot_message", answer, to=handoff.conversation_id, namespace=CHAT)
    to_workers(handoff, [stored])


def to_workers(handoff: Handoff, messages: list[Message]) -> None:
    """New messages of a chat to the pages open on it, and a nudge to its team's inboxes."""
    html = render_template("staff/_inbox_messages.html", messages=messages)
    update = {"handoff_id": handoff.id, "crisis": handoff.crisis, "state": handoff.state}
    room = handoffs.handoff_room(handoff.id)
    socketio.emit("chat_update", {**update, "html": html}, to=room, namespace=DUTY)
    socketio.emit("inbox_changed", update, to=handoffs.team_room(handoff.team_id), namespace=DUTY)
