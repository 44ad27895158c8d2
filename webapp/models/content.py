"""Signposting content, shaped after the Open Referral UK / HSDS service directory standard:
organisations run services; services have locations, schedules and contacts.

The database holds the live copy staff edit; content/*.yml is the seed and export format.
Every change is kept as a revision (a full snapshot), so history and roll back are exact."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp import clock
from webapp.models.base import Base, UTCDateTime

# Open Referral UK service statuses.
STATUSES = ("active", "inactive", "defunct", "temporarily closed")
# What the chat shows a service or guide for. `neurodevelopmental` (autism and ADHD
# assessments) is part of the contract's `camhs` topic with cards and guides of its own.
TOPICS = ("crisis", "camhs", "neurodevelopmental", "memory_cafe", "play_and_stay", "nhs_111")
ACCESS = ("self_referral", "referral", "self_referral_or_referral")
# Where a location is: the three LLR areas, or anywhere (national lines, online services).
AREAS = ("leicester", "leicestershire", "rutland", "national")


class Organisation(Base):
    __tablename__ = "organisation"

    id: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    url: Mapped[str | None] = mapped_column(sa.String(500))

    services: Mapped[list[Service]] = relationship(back_populates="organisation")


class Service(Base):
    """One service people can be signposted to (a café, a helpline, a clinic)."""

    __tablename__ = "service"

    id: Mapped[str] = mapped_column(sa.String(80), primary_key=True)  # stable, used in the API
    organisation_id: Mapped[str | None] = mapped_column(sa.ForeignKey("organisation.id"))
    name: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[str] = mapped_column(sa.String(20), default="active")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    topics: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # Who it is for.
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    for_carers: Mapped[bool] = mapped_column(default=False)
    for_parents: Mapped[bool] = mapped_column(default=False)
    access: Mapped[str] = mapped_column(sa.String(30), default="self_referral")
    cost: Mapped[str | None] = mapped_column(sa.String(200))
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    # Contacts.
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    text_number: Mapped[str | None] = mapped_column(sa.String(40))
    text_body: Mapped[str | None] = mapped_column(sa.String(40))  # e.g. "SHOUT"
    email: Mapped[str | None] = mapped_column(sa.String(200))
    website: Mapped[str | None] = mapped_column(sa.String(500))
    # Why the website is a home page rather than the page about this service.
    home_page_reason: Mapped[str | None] = mapped_column(sa.String(300))
    # Per-language wording: {"pl": {"name": "...", "description": "..."}}.
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(sa.JSON, default=dict)
    # Where the facts come from, and when they must be checked again.
    source: Mapped[str] = mapped_column(sa.Text, default="")
    last_reviewed: Mapped[date | None]
    review_due: Mapped[date | None] = mapped_column(index=True)
    needs_review: Mapped[bool] = mapped_column(default=False)
    review_reason: Mapped[str | None] = mapped_column(sa.Text)  # what to check, and why
    # Retired services stay in the database (and their history) but are never shown.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Bumped on every save: an edit made from an older version is refused (stale edit).
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    organisation: Mapped[Organisation | None] = relationship(back_populates="services")
    locations: Mapped[list[Location]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="Location.position"
    )
    revisions: Mapped[list[ServiceRevision]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="ServiceRevision.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def live(self) -> bool:
        return self.retired_at is None and self.status == "active"


class Location(Base):
    """Where a service is held. Services with no location are phone, text or online."""

    __tablename__ = "location"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str] = mapped_column(
        sa.ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str | None] = mapped_column(sa.String(200))
    address: Mapped[str | None] = mapped_column(sa.String(500))
    postcode: Mapped[str | None] = mapped_column(sa.String(10))
    area: Mapped[str] = mapped_column(sa.String(20))

    service: Mapped[Service] = relationship(back_populates="locations")
    schedules: Mapped[list[Schedule]] = relationship(
        back_populates="location", cascade="all, delete-orphan", order_by="Schedule.position"
    )


class Schedule(Base):
    """When a session runs, as an RFC 5545 recurrence: e.g. freq MONTHLY, byday 2TU,
    14:00–16:00. A schedule past its `valid_to` date is hidden by itself."""

    __tablename__ = "schedule"

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(
        sa.ForeignKey("location.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    freq: Mapped[str] = mapped_column(sa.String(10))  # WEEKLY or MONTHLY
    interval: Mapped[int] = mapped_column(default=1)
    byday: Mapped[str] = mapped_column(sa.String(40))  # "TU", "MO,WE", "2TU", "-1FR"
    opens_at: Mapped[time]
    closes_at: Mapped[time]
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]
    term_time_only: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str | None] = mapped_column(sa.String(300))

    location: Mapped[Location] = relationship(back_populates="schedules")

    __table_args__ = (
        sa.CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        sa.CheckConstraint("freq IN ('WEEKLY', 'MONTHLY')", name="freq_known"),
    )


class ServiceRevision(Base):
    """A full snapshot of a service after a change: who, when, what kind of change."""

    __tablename__ = "service_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str] = mapped_column(
        sa.ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    author: Mapped[str] = mapped_column(sa.String(200))  # staff email, or "import"
    action: Mapped[str] = mapped_column(sa.String(20))  # create, edit, retire, restore, ...
    snapshot: Mapped[dict[str, Any]] = mapped_column(sa.JSON)

    service: Mapped[Service] = relationship(back_populates="revisions")
