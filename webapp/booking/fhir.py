"""A booking as FHIR R4 resources (Appointment with its Slot and Schedule), validated by
fhir.resources' R4B models, so the trust's systems (NHS Booking and Referral Standard,
FHIR R4) can take it. Personal details stay out: the patient is named by display text only
when the caller asks for it."""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.appointment import Appointment, AppointmentParticipant
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.resource import Resource
from fhir.resources.R4B.schedule import Schedule
from fhir.resources.R4B.slot import Slot as FhirSlot

from webapp.models import Booking

# Our statuses in FHIR R4 Appointment.status terms.
APPOINTMENT_STATUS = {
    "booked": "booked",
    "changed": "booked",
    "cancelled": "cancelled",
    "attended": "fulfilled",
    "did_not_attend": "noshow",
}
SYSTEM = "https://support-chat.leicspart.nhs.uk/fhir"


def bundle(booking: Booking, include_name: bool = False) -> dict[str, Any]:
    """A collection Bundle of the Schedule, Slot and Appointment, checked by the R4 models."""
    service = booking.slot.service
    schedule = Schedule(
        id=f"schedule-{service.id}".replace("_", "-"),
        active=service.active,
        actor=[Reference(display=service.name)],
        serviceType=[CodeableConcept(text=service.name)],
    )
    slot = FhirSlot(
        id=f"slot-{booking.slot.id}",
        schedule=Reference(reference=f"Schedule/{schedule.id}"),
        status="free" if booking.status == "cancelled" else "busy",
        start=booking.slot.starts_at,
        end=booking.slot.ends_at,
    )
    participants = [
        AppointmentParticipant(actor=Reference(display=service.name), status="accepted")
    ]
    if include_name and booking.contact is not None:
        participants.append(
            AppointmentParticipant(actor=Reference(display=booking.contact.name), status="accepted")
        )
    appointment = Appointment(
        id=booking.reference.lower(),
        identifier=[Identifier(system=f"{SYSTEM}/booking-reference", value=booking.reference)],
        status=APPOINTMENT_STATUS[booking.status],
        serviceType=[CodeableConcept(text=service.name)],
        appointmentType=CodeableConcept(text=f"{service.mode} call"),
        start=booking.slot.starts_at,
        end=booking.slot.ends_at,
        minutesDuration=service.duration_minutes,
        slot=[Reference(reference=f"Slot/{slot.id}")],
        created=booking.created_at,
        participant=participants,
    )
    resources: tuple[tuple[str, Resource], ...] = (
        ("Schedule", schedule),
        ("Slot", slot),
        ("Appointment", appointment),
    )
    entries = [BundleEntry(fullUrl=f"{SYSTEM}/{kind}/{r.id}", resource=r) for kind, r in resources]
    return Bundle(type="collection", entry=entries).model_dump(mode="json", exclude_none=True)
