"""The HTTP message API (contract: Messages over HTTP)."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue

from webapp.chat import relay
from webapp.security import messages_limit
from webapp.services import conversation as conversations
from webapp.services.bot_client import get_bot_client
from webapp.services.conversation import transcript
from webapp.validation import BadInput, message_request, parse_json

bp = Blueprint("api", __name__, url_prefix="/api/v1")
messages_limit(bp)  # RATELIMIT_MESSAGES on its POST routes, per client address


@bp.post("/messages")
def post_message() -> ResponseReturnValue:
    """A client sends one message; answers with the turn's replies."""
    config = current_app.config
    message = message_request(
        parse_json(request.get_data(cache=False)), config["MAX_MESSAGE_LENGTH"], config["LANGUAGES"]
    )
    conversation = transcript.open_conversation(message.conversation_id, message.incoming.locale)
    turn = conversations.handle(conversation, message.incoming, get_bot_client())
    relay.to_duty_team(conversation.id)  # while a duty worker has the chat, it is theirs
    return jsonify(turn.as_dict())


@bp.errorhandler(BadInput)
def bad_input(err: BadInput) -> ResponseReturnValue:
    """A request the client must fix."""
    current_app.logger.info("API bad input: %s", err.code)
    return jsonify(err.as_dict()), err.status


@bp.errorhandler(transcript.ConversationNotFound)
def unknown_conversation(err: transcript.ConversationNotFound) -> ResponseReturnValue:
    """An id that was never issued, or has been deleted."""
    current_app.logger.info("API unknown conversation id")
    error = BadInput(
        "unknown_conversation",
        "That conversation does not exist. Leave out 'conversation_id' to start a new one.",
        404,
    )
    return jsonify(error.as_dict()), 404
