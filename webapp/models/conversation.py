"""A chat conversation and its messages: anonymous, and deleted after the retention period."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp import clock
from webapp.models.base import Base, UTCDateTime


def new_conversation_id() -> str:
    """An unguessable, URL-safe id (128 bits of randomness)."""
    return secrets.token_urlsafe(16)


class Conversation(Base):
    """One person's chat. Holds no name or contact detail: chats are anonymous."""

    __tablename__ = "conversation"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=new_conversation_id)
    # Indexed for the staff usage dashboard, which counts conversations by week.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=clock.now, onupdate=clock.now, index=True
    )
    locale: Mapped[str] = mapped_column(sa.String(8), default="en")
    # Once a turn showed risk, the crisis numbers stay on screen for the whole conversation.
    had_crisis: Mapped[bool] = mapped_column(default=False)
    # The language the assistant offered to switch the page to: it offers only once.
    offered_locale: Mapped[str | None] = mapped_column(sa.String(8))
    # Coarse facts the person gave, to pick nearby services that suit them: an area
    # (leicester, leicestershire, rutland), a postcode district such as LE2, an age in years.
    area: Mapped[str | None] = mapped_column(sa.String(20))
    district: Mapped[str | None] = mapped_column(sa.String(5))
    age: Mapped[int | None]
    # Who the conversation is about when not the writer (services/about.py): the kind of
    # relation (child, parent, partner, sibling, friend) and the pronoun replies use. Never
    # a name: the age above is then theirs.
    about: Mapped[str | None] = mapped_column(sa.String(10))
    about_pronoun: Mapped[str | None] = mapped_column(sa.String(4))

    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation",
        order_by="Message.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class Message(Base):
    """One side of a turn: what the person typed, what the assistant answered, or what a
    duty worker wrote while the chat was theirs."""

    __tablename__ = "message"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        sa.ForeignKey("conversation.id", ondelete="CASCADE"), index=True
    )
    # Indexed for the staff usage dashboard, which counts messages by week.
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    sender: Mapped[str] = mapped_column(sa.String(8))  # "user", "bot" or "staff"
    # For staff messages: the duty worker who wrote it (kept as their id when they leave).
    staff_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    text: Mapped[str] = mapped_column(sa.Text)
    locale: Mapped[str] = mapped_column(sa.String(8))
    topic: Mapped[str | None] = mapped_column(sa.String(32))
    crisis: Mapped[bool] = mapped_column(default=False)
    # For user messages: how the turn was answered ("bot", "safety_net", "bot_unavailable"),
    # so messages the assistant never saw can be found and nothing is silently lost.
    handled_by: Mapped[str | None] = mapped_column(sa.String(16))
    # For bot messages: the contract's reply objects, so a refreshed page shows them again.
    replies: Mapped[list[dict[str, Any]] | None] = mapped_column(sa.JSON)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")

    __table_args__ = (
        sa.CheckConstraint("sender IN ('user', 'bot', 'staff')", name="sender_known"),
    )
