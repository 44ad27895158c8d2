"""The stored conversation: finding or creating it, its messages, and what the assistant
last said in it (its topic, its buttons), which the next turn reads."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from webapp.extensions import db
from webapp.models import Conversation, Message, MissedQuestion
from webapp.services import safety
from webapp.services.bot_client import BotClient

log = logging.getLogger(__name__)


class ConversationNotFound(LookupError):
    """The conversation id is unknown (never issued, or deleted by retention)."""


def open_conversation(conversation_id: str | None, locale: str | None) -> Conversation:
    """The conversation with this id, or a new one when no id is given."""
    if conversation_id is None:
        return create(None, locale)
    conversation = db.session.get(Conversation, conversation_id)
    if conversation is None:
        raise ConversationNotFound(conversation_id)
    return conversation


def ensure_conversation(conversation_id: str, locale: str | None) -> Conversation:
    """The conversation with this id, created if the browser's session is new.

    A new browser can send several messages at once (a queue flushed on reconnect, a double
    tap): each thread may find no conversation and create it. The row is committed here, so
    the threads that lose the race see the winner's row instead of failing to store their
    message."""
    if (found := db.session.get(Conversation, conversation_id)) is not None:
        return found
    create(conversation_id, locale)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        log.info("Conversation %s was created by a message sent at the same time", conversation_id)
    conversation = db.session.get(Conversation, conversation_id)
    if conversation is None:  # pragma: no cover - the insert either won or lost to a row
        raise ConversationNotFound(conversation_id)
    return conversation


def delete(conversation_id: str, bot: BotClient) -> None:
    """Delete a conversation, all its messages and its missed questions for good, and ask the
    assistant to forget it too. Bookings are kept apart from chats and are not touched."""
    db.session.execute(
        sa.delete(MissedQuestion).where(MissedQuestion.conversation_id == conversation_id)
    )
    db.session.execute(sa.delete(Message).where(Message.conversation_id == conversation_id))
    db.session.execute(sa.delete(Conversation).where(Conversation.id == conversation_id))
    db.session.commit()
    bot.forget(conversation_id)


def history(conversation: Conversation) -> list[Message]:
    """Every message of the conversation, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Message)
            .where(Message.conversation_id == conversation.id)
            .order_by(Message.id)
        )
    )


def earlier_texts(conversation: Conversation, message: Message) -> list[str]:
    """What the person typed in the last few turns before this message, oldest first, back
    to the last safety reply (risk already answered is not counted again)."""
    rows = db.session.execute(
        sa.select(Message.sender, Message.text, Message.crisis)
        .where(Message.conversation_id == conversation.id, Message.id != message.id)
        .order_by(Message.id.desc())
        .limit(2 * safety.EARLIER_TURNS)
    ).all()
    earlier: list[str] = []
    for sender, text, crisis in rows:
        if sender == "bot" and crisis:
            break
        if sender == "user":
            earlier.append(text)
    return earlier[: safety.EARLIER_TURNS][::-1]


def last_bot_payloads(conversation: Conversation) -> tuple[str, ...]:
    """The quick-reply payloads of the assistant's last answer."""
    query = (
        sa.select(Message.replies)
        .where(Message.conversation_id == conversation.id, Message.sender == "bot")
        .order_by(Message.id.desc())
        .limit(1)
    )
    replies = db.session.scalar(query) or []
    return tuple(
        str(button.get("payload"))
        for reply in replies
        if isinstance(reply, dict)
        for button in reply.get("buttons") or ()
        if isinstance(button, dict)
    )


def answer_to(conversation_id: str, text: str) -> Message | None:
    """The assistant's answer to the person's latest message with this text, once there is
    one: the first bot message after it."""
    asked = db.session.scalar(
        sa.select(Message.id)
        .where(
            Message.conversation_id == conversation_id,
            Message.sender == "user",
            Message.text == text,
        )
        .order_by(Message.id.desc())
        .limit(1)
    )
    if asked is None:
        return None
    return db.session.scalar(
        sa.select(Message)
        .where(
            Message.conversation_id == conversation_id,
            Message.sender == "bot",
            Message.id > asked,
        )
        .order_by(Message.id)
        .limit(1)
    )


def last_topic(conversation: Conversation) -> str | None:
    """The topic of the assistant's last answer in this conversation, if any."""
    query = (
        sa.select(Message.topic)
        .where(Message.conversation_id == conversation.id, Message.sender == "bot")
        .order_by(Message.id.desc())
        .limit(1)
    )
    return db.session.scalar(query)


def create(conversation_id: str | None, locale: str | None) -> Conversation:
    """A new conversation in this language (English if none), with this id if one is given."""
    conversation = Conversation(locale=locale or "en")
    if conversation_id is not None:
        conversation.id = conversation_id
    db.session.add(conversation)
    return conversation


def store(conversation: Conversation, sender: str, text: str, locale: str) -> Message:
    """A new message of the person ("user") or the assistant ("bot")."""
    message = Message(conversation=conversation, sender=sender, text=text, locale=locale)
    db.session.add(message)
    return message
