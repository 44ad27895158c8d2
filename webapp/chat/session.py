"""This browser's conversation, as its signed session cookie names it."""

from __future__ import annotations

from flask import session

from webapp.models.conversation import new_conversation_id


def conversation_id() -> str:
    """This browser's conversation id, kept in its signed session cookie; a new one when the
    session has none (a new browser, or a client that never loaded the page)."""
    if "conversation_id" not in session:
        session["conversation_id"] = new_conversation_id()
    return str(session["conversation_id"])
