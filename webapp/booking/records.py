"""The booking records and what is done to them: booking, changing and cancelling
appointments, safely under concurrency.

The slot is held by a unique database column (Booking.active_slot_id) inside one
transaction; whoever commits second gets SlotUnavailable('taken') and the next free slots.
A booking's row version (Booking.version) is checked on every change, so of two changes or
cancels of one booking at once the second gets BookingConflict. One e-mail address or phone
number, and one internet address, hold at most so many upcoming bookings (Limits).
Every refusal leaves the data exactly as it was."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from webapp.booking.availability import generate_slots
from webapp.bounds import EMAIL
from webapp.extensions import db
from webapp.models import AppointmentService, Booking, BookingContact, BookingEvent, Slot

LEAD_TIME = timedelta(hours=2)  # a team needs notice to prepare a call
HORIZON_DAYS = 28
CONSENT_VERSION = "2026-11-23"
ACTIVE = ("booked", "changed")
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
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


class BookingConflict(BookingError):
    """Someone changed or cancelled the booking at the same moment, first; nothing was done."""

    def __init__(self) -> None:
        super().__init__("conflict", "reference")


class BookingLimit(BookingError):
    """The e-mail address or phone number ('contact_limit'), or the internet address
    ('address_limit'), already holds as many upcoming bookings as allowed."""


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


@dataclass(frozen=True)
class Limits:
    """How many upcoming appointments one e-mail address or phone number, and one internet
    address, may hold at once: enough for a family, too few to hoard the free times."""

    per_contact: int = 3
    per_address: int = 8


def check_details(details: Details, service: AppointmentService, today: date) -> Details:
    """The details cleaned, or BookingError naming the field at fault."""
    name = " ".join(details.name.split())
    if not name or len(name) > 200 or "<" in name:
        raise BookingError("invalid_name", "name")
    email = details.email.strip() if details.email else None
    phone = normalise_phone(details.phone) if details.phone else None
    if email and not EMAIL.match(email):
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
    if not _within_ages(service, _years_old(details, today)):
        raise BookingError("outside_ages", "age" if details.age is not None else "date_of_birth")
    if not details.consent:
        raise BookingError("missing_consent", "consent")
    return Details(name, email, phone, details.age, details.date_of_birth, True)


def _years_old(details: Details, today: date) -> int | None:
    """The age given, else the age the date of birth makes today, else None."""
    if details.age is not None:
        return details.age
    born = details.date_of_birth
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _within_ages(service: AppointmentService, age: int | None) -> bool:
    """Whether the service takes someone of this age (one with no age given is not refused:
    the team checks when it calls)."""
    if age is None:
        return True
    too_young = service.min_age is not None and age < service.min_age
    too_old = service.max_age is not None and age > service.max_age
    return not (too_young or too_old)


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


def book(
    slot_id: int,
    details: Details,
    locale: str,
    now: datetime,
    ip_digest: str | None = None,
    limits: Limits = Limits(),  # noqa: B008  (frozen, so one shared default is safe)
) -> Booking:
    """Book a slot for the person; refuses a missing, withdrawn, past or taken slot, and a
    booking over the limits for its contact or its internet address (`ip_digest`)."""
    slot = _bookable_slot(slot_id, now)
    details = check_details(details, slot.service, now.date())
    _serialise_holders(details, ip_digest)
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
        ip_digest=ip_digest,
    )
    booking.events.append(BookingEvent(status="booked", actor="person", slot_id=slot.id))
    db.session.add(booking)
    _commit(slot, now, check=lambda: _within_limits(details, ip_digest, limits, now))
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
    with db.session.no_autoflush:  # written in _commit, where a refusal is caught
        # The relationship, not only slot_id: what the confirmation shows is read from it.
        booking.slot, booking.active_slot_id, booking.status = slot, slot.id, "changed"
        booking.events.append(BookingEvent(status="changed", actor="person", slot_id=slot.id))
    _commit(slot, now)
    return booking


def cancel(booking: Booking, actor: str, reason: str = "") -> Booking:
    """Cancel an active booking and free its slot for someone else."""
    if booking.status not in ACTIVE:
        raise BookingError("not_active", "reference")
    with db.session.no_autoflush:
        booking.status, booking.active_slot_id = "cancelled", None
        booking.events.append(
            BookingEvent(status="cancelled", actor=actor, reason=reason, slot_id=booking.slot_id)
        )
    _commit()
    return booking


def mark(booking: Booking, status: str, actor: str) -> Booking:
    """Staff record whether the person attended (the slot stays held: it happened)."""
    if status not in ("attended", "did_not_attend") or booking.status not in ACTIVE:
        raise BookingError("not_active", "status")
    with db.session.no_autoflush:
        booking.status = status
        booking.events.append(BookingEvent(status=status, actor=actor, slot_id=booking.slot_id))
    _commit()
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


def ip_digest(address: str | None, secret: str) -> str | None:
    """A keyed digest of an internet address: bookings from one address can be counted
    without the address being kept."""
    if not address:
        return None
    return hmac.new(str(secret).encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def _commit(
    slot: Slot | None = None, now: datetime | None = None, check: Callable[[], None] | None = None
) -> None:
    """Write the changes, run `check` on them (inside the transaction), and commit. Nothing is
    kept when it is refused: by the unique slot hold (SlotUnavailable('taken'), with the next
    free slots), by the row version because someone else's change of the booking landed
    first (BookingConflict), or by `check` (its BookingError)."""
    try:
        db.session.flush()
        if check is not None:
            check()
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        if slot is None or now is None:
            raise
        service = db.session.get(AppointmentService, slot.service_id)
        raise SlotUnavailable("taken", free_slots(service, now) if service else []) from None
    except StaleDataError:
        db.session.rollback()
        raise BookingConflict() from None
    except BookingError:
        db.session.rollback()
        raise


def _holder_keys(details: Details, digest: str | None) -> list[str]:
    keys = [f"booking-email:{details.email.lower()}"] if details.email else []
    keys += [f"booking-phone:{details.phone}"] if details.phone else []
    return keys + ([f"booking-ip:{digest}"] if digest else [])


def _serialise_holders(details: Details, digest: str | None) -> None:
    """On PostgreSQL, hold a lock per contact and address until the commit, so two bookings
    at once cannot both slip under a limit. Taken before anything is written, in one order,
    so no two bookings wait on each other. (SQLite lets one transaction write at a time: the
    booking's flush, before the count, already holds that lock.)"""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for key in sorted(_holder_keys(details, digest)):
        lock = sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(key, 0))
        db.session.execute(sa.select(lock))


def _within_limits(details: Details, digest: str | None, limits: Limits, now: datetime) -> None:
    """Refuse a booking that takes its contact or its address over the limits; run after the
    booking is written, so it counts itself and every booking committed before it."""
    same_contact = []
    if details.email:
        same_contact.append(sa.func.lower(BookingContact.email) == details.email.lower())
    if details.phone:
        same_contact.append(BookingContact.phone == details.phone)
    if same_contact and _upcoming(sa.or_(*same_contact), now) > limits.per_contact:
        raise BookingLimit("contact_limit")
    if digest and _upcoming(BookingContact.ip_digest == digest, now) > limits.per_address:
        raise BookingLimit("address_limit")


def _upcoming(holder: sa.ColumnElement[bool], now: datetime) -> int:
    """Active bookings not yet started whose contact matches `holder`."""
    query = (
        sa.select(sa.func.count(Booking.id))
        .join(Booking.slot)
        .join(Booking.contact)
        .where(Booking.status.in_(ACTIVE), Slot.starts_at >= now, holder)
    )
    return db.session.scalar(query) or 0


def _require_active(booking: Booking, now: datetime) -> None:
    if booking.status not in ACTIVE or booking.slot.starts_at < now:
        raise BookingError("not_active", "reference")


def _matches(contact: BookingContact, given: str) -> bool:
    given = given.strip()
    if contact.email and given.casefold() == contact.email.casefold():
        return True
    phone = normalise_phone(given)
    return bool(phone and contact.phone and phone == contact.phone)
