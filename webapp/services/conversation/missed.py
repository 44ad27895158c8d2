"""Keeping the questions the assistant could not place, for staff to teach it (staff/missed.py):
only the assistant's own fallback and out-of-scope answers to something typed, never a
crisis turn, and only the text with its personal details scrubbed."""

from __future__ import annotations

from webapp.extensions import db
from webapp.models import Conversation, Message, MissedQuestion
from webapp.models.missed import REASONS
from webapp.reply_types import Incoming, Turn
from webapp.services.scrub import scrub


def keep_if_missed(
    conversation: Conversation, incoming: Incoming, message: Message, turn: Turn
) -> MissedQuestion | None:
    """A missed question for this turn, when the assistant answered something typed and
    could not place it; None for everything else (buttons, crisis, the web app's answers)."""
    missed = (
        message.handled_by == "bot"
        and not incoming.payload
        and not turn.crisis
        and turn.topic in REASONS
    )
    text = scrub(incoming.text).strip() if missed else ""
    if not text:
        return None
    question = MissedQuestion(
        conversation_id=conversation.id, locale=turn.locale, reason=turn.topic, text=text
    )
    db.session.add(question)
    return question
