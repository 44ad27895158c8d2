"""Questions the assistant could not place (it fell back, or found them out of scope), kept
with their personal details scrubbed so staff can teach it. Each goes with its conversation:
deleted with it, by the person or by retention."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from webapp import clock
from webapp.models.base import Base, UTCDateTime

# Why the turn was missed: the assistant fell back (unsure, or no words), or said the
# question was not something it helps with.
REASONS = ("fallback", "out_of_scope")
# What staff made of it: an example of a topic the assistant knows, an example of a topic
# it does not have yet, or nothing to learn from.
DECISIONS = ("topic", "new", "nothing")


class MissedQuestion(Base):
    __tablename__ = "missed_question"

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        sa.ForeignKey("conversation.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    locale: Mapped[str] = mapped_column(sa.String(8))
    reason: Mapped[str] = mapped_column(sa.String(16))
    # Only ever the scrubbed text (services/scrub.py), never what was typed.
    text: Mapped[str] = mapped_column(sa.Text)
    decision: Mapped[str | None] = mapped_column(sa.String(8))
    # The intent it is an example of: one the assistant has ("topic") or staff's name for a
    # new one ("new").
    intent: Mapped[str | None] = mapped_column(sa.String(40))
    decided_by: Mapped[str | None] = mapped_column(sa.String(200))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        sa.CheckConstraint("reason IN ('fallback', 'out_of_scope')", name="reason_known"),
        sa.CheckConstraint(
            "decision IS NULL OR decision IN ('topic', 'new', 'nothing')", name="decision_known"
        ),
    )
