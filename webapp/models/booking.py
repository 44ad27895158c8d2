"""Virtual appointments: services that offer them, staff-set availability, slots, bookings.

A booking holds its slot through `Booking.active_slot_id`, which is unique: the database
itself refuses a second booking of the same slot, whatever the timing. Personal details
live in `BookingContact`, apart from chat transcripts and linked only by the booking."""

from __future__ import annotations

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp import clock
from webapp.models.base import Base, UTCDateTime

BOOKING_STATUSES = ("booked", "changed", "cancelled", "attended", "did_not_attend")
MODES = ("video", "phone")


class AppointmentService(Base):
    """A service that offers virtual appointments, e.g. a CAMHS duty-worker call."""

    __tablename__ = "appointment_service"

    id: Mapped[str] = mapped_column(sa.String(40), primary_key=True)  # [a-z0-9_]
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    how_it_works: Mapped[str] = mapped_column(sa.Text, default="")
    mode: Mapped[str] = mapped_column(sa.String(10), default="video")
    duration_minutes: Mapped[int] = mapped_column(default=30)
    # The chat topic it is offered from first (camhs, memory_cafe, play_and_stay).
    topic: Mapped[str | None] = mapped_column(sa.String(20))
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    # Under-16s are told a parent or carer may be contacted.
    parent_contact_under_16: Mapped[bool] = mapped_column(default=False)
    needs_date_of_birth: Mapped[bool] = mapped_column(default=False)
    contact_email: Mapped[str | None] = mapped_column(sa.String(200))  # the team's inbox
    active: Mapped[bool] = mapped_column(default=True)

    rules: Mapped[list[AvailabilityRule]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )


class AvailabilityRule(Base):
    """A weekly pattern, in Leicester wall-clock time: e.g. Tuesdays 09:00–12:00."""

    __tablename__ = "availability_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str] = mapped_column(
        sa.ForeignKey("appointment_service.id", ondelete="CASCADE"), index=True
    )
    weekday: Mapped[int]  # 0 Monday … 6 Sunday
    start_time: Mapped[time]
    end_time: Mapped[time]
    valid_from: Mapped[date]
    valid_to: Mapped[date | None]
    # Seeded to show the shape of a week, not set by the team: never offered to the public.
    example: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    service: Mapped[AppointmentService] = relationship(back_populates="rules")

    __table_args__ = (
        sa.CheckConstraint("end_time > start_time", name="ends_after_start"),
        sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_known"),
    )


class OneOffAvailability(Base):
    """Extra hours on one day, in Leicester wall-clock time."""

    __tablename__ = "one_off_availability"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str] = mapped_column(
        sa.ForeignKey("appointment_service.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date]
    start_time: Mapped[time]
    end_time: Mapped[time]

    __table_args__ = (sa.CheckConstraint("end_time > start_time", name="ends_after_start"),)


class Closure(Base):
    """Days with no appointments (bank holidays, training): for one service or all."""

    __tablename__ = "closure"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("appointment_service.id", ondelete="CASCADE"), index=True
    )
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.String(200), default="")

    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="ends_after_start"),)


class Slot(Base):
    """One bookable time, generated from the availability; times are stored in UTC."""

    __tablename__ = "slot"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[str] = mapped_column(
        sa.ForeignKey("appointment_service.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Withdrawn by staff or by a closure: never offered, never bookable.
    cancelled: Mapped[bool] = mapped_column(default=False)

    service: Mapped[AppointmentService] = relationship()

    __table_args__ = (sa.UniqueConstraint("service_id", "starts_at", name="one_per_time"),)


class Booking(Base):
    __tablename__ = "booking"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(20), unique=True)
    slot_id: Mapped[int] = mapped_column(sa.ForeignKey("slot.id"), index=True)
    # Equal to slot_id while the booking holds its slot, NULL once cancelled. Unique, so the
    # database refuses a second booking of a held slot (no double booking, ever).
    active_slot_id: Mapped[int | None] = mapped_column(sa.ForeignKey("slot.id"), unique=True)
    status: Mapped[str] = mapped_column(sa.String(20), default="booked")
    locale: Mapped[str] = mapped_column(sa.String(8), default="en")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)
    # Bumped on every change: a change or cancel made from an older version (someone else's
    # landed first) is refused by the database, never silently overwritten.
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    slot: Mapped[Slot] = relationship(foreign_keys=[slot_id])
    contact: Mapped[BookingContact | None] = relationship(
        back_populates="booking", cascade="all, delete-orphan", uselist=False
    )
    events: Mapped[list[BookingEvent]] = relationship(
        back_populates="booking", cascade="all, delete-orphan", order_by="BookingEvent.id"
    )

    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('booked', 'changed', 'cancelled', 'attended', 'did_not_attend')",
            name="status_known",
        ),
    )
    __mapper_args__ = {"version_id_col": version}


class BookingEvent(Base):
    """The status history: every change, who made it, and why."""

    __tablename__ = "booking_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        sa.ForeignKey("booking.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    actor: Mapped[str] = mapped_column(sa.String(200))  # "person", "staff:<email>", "system"
    reason: Mapped[str] = mapped_column(sa.String(300), default="")
    slot_id: Mapped[int | None] = mapped_column(sa.ForeignKey("slot.id"))

    booking: Mapped[Booking] = relationship(back_populates="events")


class BookingContact(Base):
    """The person's details for one booking: kept apart from chat transcripts, deleted by
    the retention rule once the appointment is well past."""

    __tablename__ = "booking_contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        sa.ForeignKey("booking.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(200))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    age: Mapped[int | None]
    date_of_birth: Mapped[date | None]
    consent_at: Mapped[datetime] = mapped_column(UTCDateTime)
    consent_version: Mapped[str] = mapped_column(sa.String(20))
    # A keyed digest of the internet (IP) address the booking came from, so bookings from one
    # address can be counted without keeping the address; deleted with the other details.
    ip_digest: Mapped[str | None] = mapped_column(sa.String(64))

    booking: Mapped[Booking] = relationship(back_populates="contact")


class BookingAccess(Base):
    """Who saw a booking with the person's details, or exported it, and when. Kept for
    RETENTION_BOOKING_ACCESS_DAYS, longer than the details, so it can be said later who saw them."""

    __tablename__ = "booking_access"

    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(
        sa.ForeignKey("booking.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(sa.String(10))  # "viewed" or "exported"
    actor: Mapped[str] = mapped_column(sa.String(200))  # "staff:<email>"
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)

    booking: Mapped[Booking] = relationship()

    __table_args__ = (sa.CheckConstraint("action IN ('viewed', 'exported')", name="action_known"),)
