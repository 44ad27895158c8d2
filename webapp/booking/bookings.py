"""Booking, changing and cancelling appointments, safely under concurrency.

The slot is held by a unique database column (Booking.active_slot_id) inside one
transaction; whoever commits second gets SlotUnavailable('taken') and the next free slots.
Every refusal leaves the data exactly as it was."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from webapp.booking.availability import generate_slots
from webapp.extensions import db
from webapp.models import AppointmentService, Booking, BookingContact, BookingEvent, Slot

LEAD_TIME = timedelta(hours=2)  # a team needs notice to prepare a call
HORIZON_DAYS = 28
CONSENT_VERSION = "2026-11-23"
ACTIVE = ("booked", "changed")
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^(?:\+44|0)\d{9,10}$")


class BookingError(Exception):
    """Something the person must fix; `code` names it and `field` where it is."""

    def __init__(self, code: str, field: str | None = None) -> None:
        super().__init__(code)
        self.code, self.field = code, field


class SlotUnavailable(BookingError):
    """The slot does not exist, is withdrawn, has passed, or someone else took it."""

    def __init__(self, code: str, next_slots: list[Slot] | None = None) -> None:
        super().__init__(code, "slot")
        self.next_slots = next_slots or []


class BookingNotFound(BookingError):
    """No booking matches that reference and contact (which of the two is not said)."""

    def __init__(self) -> None:
        super().__init__("not_found", "reference")


@dataclass(frozen=True)
class Details:
    """The minimum the team needs, given with consent."""

    name: str
    email: str | None
    phone: str | None
    age: int | None
    date_of_birth: date | None
    consent: bool


def check_details(details: Details, service: AppointmentService, today: date) -> Details:
    """The details cleaned, or BookingError naming the field at fault."""
    name = " ".join(details.name.split())
    if not name or len(name) > 200 or "<" in name:
        raise BookingError("invalid_name", "name")
    email = details.email.strip() if details.email else None
    phone = normalise_phone(details.phone) if details.phone else None
    if email and not _EMAIL.match(email):
        raise BookingError("invalid_email", "email")
    if details.phone and not phone:
        raise BookingError("invalid_phone", "phone")
    if not (email or phone):
        raise BookingError("missing_contact", "email")
    if details.age is not None and not 0 <= details.age <= 120:
        raise BookingError("invalid_age", "age")
    if details.date_of_birth is not None and details.date_of_birth >= today:
        raise BookingError("invalid_date_of_birth", "date_of_birth")
    if service.needs_date_of_birth and details.date_of_birth is None:
        raise BookingError("missing_date_of_birth", "date_of_birth")
    if not details.consent:
        raise BookingError("missing_consent", "consent")
    return Details(name, email, phone, details.age, details.date_of_birth, True)


def normalise_phone(value: str) -> str | None:
    """A UK number as digits starting 0 (from +44, spaces or dashes), or None if it is not."""
    digits = re.sub(r"[\s\-()]", "", value)
    if not _PHONE.match(digits):
        return None
    return "0" + digits[3:] if digits.startswith("+44") else digits


def free_slots(service: AppointmentService, now: datetime, limit: int = 6) -> list[Slot]:
    """The next free slots, soonest first, at least LEAD_TIME from now."""
    generate_slots(service, now.date(), HORIZON_DAYS)
    db.session.commit()
    held = sa.select(Booking.active_slot_id).where(Booking.active_slot_id.is_not(None))
    query = (
        sa.select(Slot)
        .where(
            Slot.service_id == service.id,
            Slot.cancelled.is_(False),
            Slot.starts_at >= now + LEAD_TIME,
            Slot.id.not_in(held),
        )
        .order_by(Slot.starts_at)
        .limit(limit)
    )
    return list(db.session.scalars(query))


def book(slot_id: int, details: Details, locale: str, now: datetime) -> Booking:
    """Book a slot for the person; refuses a missing, withdrawn, past or taken slot."""
    slot = _bookable_slot(slot_id, now)
    details = check_details(details, slot.service, now.date())
    booking = Booking(
        reference=new_reference(), slot_id=slot.id, active_slot_id=slot.id, locale=locale
    )
    booking.contact = BookingContact(
        name=details.name,
        email=details.email,
        phone=details.phone,
        age=details.age,
        date_of_birth=details.date_of_birth,
        consent_at=now,
        consent_version=CONSENT_VERSION,
    )
    booking.events.append(BookingEvent(status="booked", actor="person", slot_id=slot.id))
    db.session.add(booking)
    _commit_or_taken(slot, now)
    return booking


def find(reference: str, contact: str) -> Booking:
    """The booking with this reference whose e-mail or phone matches the contact given."""
    booking = db.session.scalar(
        sa.select(Booking).where(Booking.reference == reference.strip().upper())
    )
    if booking is None or booking.contact is None or not _matches(booking.contact, contact):
        raise BookingNotFound()
    return booking


def change(booking: Booking, new_slot_id: int, now: datetime) -> Booking:
    """Move an active booking to another free slot of the same service."""
    _require_active(booking, now)
    slot = _bookable_slot(new_slot_id, now)
    if slot.service_id != booking.slot.service_id:
        raise SlotUnavailable("not_found")
    booking.slot_id, booking.active_slot_id, booking.status = slot.id, slot.id, "changed"
    booking.events.append(BookingEvent(status="changed", actor="person", slot_id=slot.id))
    _commit_or_taken(slot, now)
    return booking


def cancel(booking: Booking, actor: str, reason: str = "") -> Booking:
    """Cancel an active booking and free its slot for someone else."""
    if booking.status not in ACTIVE:
        raise BookingError("not_active", "reference")
    booking.status, booking.active_slot_id = "cancelled", None
    booking.events.append(
        BookingEvent(status="cancelled", actor=actor, reason=reason, slot_id=booking.slot_id)
    )
    db.session.commit()
    return booking


def mark(booking: Booking, status: str, actor: str) -> Booking:
    """Staff record whether the person attended (the slot stays held: it happened)."""
    if status not in ("attended", "did_not_attend") or booking.status not in ACTIVE:
        raise BookingError("not_active", "status")
    booking.status = status
    booking.events.append(BookingEvent(status=status, actor=actor, slot_id=booking.slot_id))
    db.session.commit()
    return booking


def new_reference() -> str:
    """An unguessable reference people can read out: LPT-XXXX-XXXX (about 40 bits)."""
    code = "".join(secrets.choice(_ALPHABET) for _ in range(8))
    return f"LPT-{code[:4]}-{code[4:]}"


def _bookable_slot(slot_id: int, now: datetime) -> Slot:
    slot = db.session.get(Slot, slot_id)
    if slot is None or not slot.service.active:
        raise SlotUnavailable("not_found")
    if slot.cancelled:
        raise SlotUnavailable("withdrawn", free_slots(slot.service, now))
    if slot.starts_at < now + LEAD_TIME:
        raise SlotUnavailable("past", free_slots(slot.service, now))
    return slot


def _commit_or_taken(slot: Slot, now: datetime) -> None:
    """Commit; if the unique slot hold refuses it, say so and offer the next free slots."""
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        service = db.session.get(AppointmentService, slot.service_id)
        raise SlotUnavailable("taken", free_slots(service, now) if service else []) from None


def _require_active(booking: Booking, now: datetime) -> None:
    if booking.status not in ACTIVE or booking.slot.starts_at < now:
        raise BookingError("not_active", "reference")


def _matches(contact: BookingContact, given: str) -> bool:
    given = given.strip()
    if contact.email and given.casefold() == contact.email.casefold():
        return True
    phone = normalise_phone(given)
    return bool(phone and contact.phone and phone == contact.phone)


def utcnow() -> datetime:
    return datetime.now(UTC)
