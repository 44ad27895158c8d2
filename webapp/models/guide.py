"""Self-help guides: short, plain-English pages people can read while they wait, each with
its sources, who it is for, a review date, and a version per language."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp import clock
from webapp.models.base import Base, UTCDateTime

EXERCISES = ("breathing", "grounding")
# A translation is "complete" once a native speaker has checked it.
TEXT_STATUSES = ("needs_review", "complete")


class Guide(Base):
    __tablename__ = "guide"

    id: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    topics: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    for_carers: Mapped[bool] = mapped_column(default=False)
    for_parents: Mapped[bool] = mapped_column(default=False)
    exercises: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    sources: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    last_reviewed: Mapped[date | None]
    review_due: Mapped[date | None] = mapped_column(index=True)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    texts: Mapped[list[GuideText]] = relationship(
        back_populates="guide", cascade="all, delete-orphan", order_by="GuideText.locale"
    )
    revisions: Mapped[list[GuideRevision]] = relationship(
        back_populates="guide", cascade="all, delete-orphan", order_by="GuideRevision.id"
    )

    __mapper_args__ = {"version_id_col": version}

    def text(self, locale: str) -> GuideText | None:
        return next((t for t in self.texts if t.locale == locale), None)


class GuideText(Base):
    """The guide in one language: English is the original, the rest are translations."""

    __tablename__ = "guide_text"

    guide_id: Mapped[str] = mapped_column(
        sa.ForeignKey("guide.id", ondelete="CASCADE"), primary_key=True
    )
    locale: Mapped[str] = mapped_column(sa.String(8), primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text)  # Markdown, rendered through a sanitiser
    # The easy-read version (Markdown too): short sentences, everyday words, one idea a line.
    easy_body: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    status: Mapped[str] = mapped_column(sa.String(20), default="needs_review")

    guide: Mapped[Guide] = relationship(back_populates="texts")

    __table_args__ = (
        sa.CheckConstraint("status IN ('needs_review', 'complete')", name="status_known"),
    )


class GuideRevision(Base):
    """A full snapshot of a guide (every language) after a change."""

    __tablename__ = "guide_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    guide_id: Mapped[str] = mapped_column(sa.ForeignKey("guide.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    author: Mapped[str] = mapped_column(sa.String(200))
    action: Mapped[str] = mapped_column(sa.String(20))
    snapshot: Mapped[dict[str, Any]] = mapped_column(sa.JSON)

    guide: Mapped[Guide] = relationship(back_populates="revisions")
