"""Socket.IO handlers for namespace /chat (contract: Socket.IO). Only handlers emit."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from flask import current_app, render_template, request
from flask_limiter.util import get_remote_address
from flask_socketio import ConnectionRefusedError, emit, join_room

from webapp import i18n, security
from webapp.booking import submissions
from webapp.chat import connections, relay, resends
from webapp.chat import session as chat_session
from webapp.duty import handoffs
from webapp.extensions import socketio
from webapp.models import Message
from webapp.reply_types import Turn
from webapp.services import conversation as conversations
from webapp.services.bot_client import get_bot_client
from webapp.services.conversation import transcript
from webapp.validation import BadInput, booking_request, message_request

log = logging.getLogger(__name__)
NAMESPACE = "/chat"


def _sid() -> str:
    """This socket's id in the namespace (Flask-SocketIO sets it on the request)."""
    return str(request.sid)  # type: ignore[attr-defined]


@socketio.on("connect", namespace=NAMESPACE)
def on_connect(auth: Any = None) -> None:
    """The browser connects; it joins its own conversation's room and no other. Refused, with
    a message the page shows, while its address holds the cap of chat connections."""
    cap, address = connections.chat_cap(current_app.config), get_remote_address()
    if cap and not connections.chats().open(_sid(), address, cap):
        log.info("Chat connection refused: its address already holds %d", cap)
        raise ConnectionRefusedError(connections.refusal())
    join_room(chat_session.conversation_id())


@socketio.on("disconnect", namespace=NAMESPACE)
def on_disconnect(reason: Any = None) -> None:
    """The browser went away: its place under the cap is free for another chat."""
    connections.chats().close(_sid())


@socketio.on("user_message", namespace=NAMESPACE)
def on_user_message(data: Any) -> dict[str, bool]:
    """The browser sends {text, locale[, payload, client_id]}; emits bot_typing then
    bot_message to the conversation's room, or bad_input to the sender alone. Acknowledges
    the message; one whose client_id this conversation sent before is not answered again."""
    if (refused := security.socket_event_refused("user_message")) is not None:
        emit("bad_input", refused.as_dict())  # over the limit: the message is dropped
        return {"received": False}
    config = current_app.config
    try:
        message = message_request(data, config["MAX_MESSAGE_LENGTH"], config["LANGUAGES"])
    except BadInput as err:
        log.info("Socket bad input: %s", err.code)
        emit("bad_input", err.as_dict())
        return {"received": False}
    room = chat_session.conversation_id()
    answers = {"client_id": message.client_id} if message.client_id else {}
    if message.client_id and not resends.first_time(room, message.client_id):
        # Its answer may have gone out while the page was away: the sender gets it again,
        # marked with the message's id so the page shows it once. Still being answered,
        # it reaches the room (this page too) when it is done.
        log.info("Message sent again after a reconnect: answered already")
        if (answer := transcript.answer_to(room, message.incoming.text)) is not None:
            emit("bot_message", {**_stored(room, answer), **answers})
        return {"received": True}
    with_a_person = handoffs.open_for(room) is not None
    if not with_a_person:
        emit("bot_typing", {"typing": True}, to=room)
    conversation = transcript.ensure_conversation(room, message.incoming.locale)
    incoming = dataclasses.replace(message.incoming, easy_read=i18n.easy_read())
    turn = conversations.handle(conversation, incoming, get_bot_client())
    if turn.replies:  # none while a duty worker has the chat: they answer
        emit("bot_message", {**turn.as_dict(), "html": _html(turn), **answers}, to=room)
    relay.to_duty_team(room)
    return {"received": True}


@socketio.on("booking", namespace=NAMESPACE)
def on_booking(data: Any) -> None:
    """The browser submits a booking form {action, locale, timezone, ...fields}; emits
    bot_message to the sender alone. Nothing of it is stored in the chat transcript."""
    if (refused := security.socket_event_refused("booking")) is not None:
        emit("bad_input", refused.as_dict())
        return
    try:
        desk, action, fields = booking_request(data, current_app.config["LANGUAGES"])
    except BadInput as err:
        emit("bad_input", err.as_dict())
        return
    emit("bot_typing", {"typing": True})
    reply = submissions.submit(desk, action, fields)
    answer = {
        "conversation_id": chat_session.conversation_id(),
        "locale": desk.locale,
        "topic": "booking",
        "crisis": False,
        "replies": [reply.as_dict()],
    }
    html = render_template(
        "chat/_bot_message.html",
        replies=answer["replies"],
        crisis=False,
        message_locale=desk.locale,
    )
    emit("bot_message", {**answer, "html": html})


@socketio.on_error(NAMESPACE)
def on_error(err: Exception) -> None:
    """Anything unexpected: logged with its trace here, a plain message to the browser."""
    log.exception("Socket handler failed: %s", type(err).__name__)
    emit("server_error", {"error": {"code": "server_error", "message": "Something went wrong."}})


def _stored(conversation_id: str, answer: Message) -> dict[str, Any]:
    """A stored answer as bot_message sends it."""
    replies = answer.replies or []
    html = render_template(
        "chat/_bot_message.html",
        replies=replies,
        crisis=answer.crisis,
        message_locale=answer.locale,
    )
    return {
        "conversation_id": conversation_id,
        "locale": answer.locale,
        "topic": answer.topic,
        "crisis": answer.crisis,
        "replies": replies,
        "html": html,
    }


def _html(turn: Turn) -> str:
    """The turn's replies as the page shows them, rendered by the same template as history."""
    return render_template(
        "chat/_bot_message.html",
        replies=[r.as_dict() for r in turn.replies],
        crisis=turn.crisis,
        message_locale=turn.locale,
    )
