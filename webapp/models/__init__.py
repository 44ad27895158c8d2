"""SQLAlchemy 2.0 models, one module per subject."""

from webapp.models.base import Base
from webapp.models.booking import (
    AppointmentService,
    AvailabilityRule,
    Booking,
    BookingAccess,
    BookingContact,
    BookingEvent,
    Closure,
    OneOffAvailability,
    Slot,
)
from webapp.models.content import Location, Organisation, Schedule, Service, ServiceRevision
from webapp.models.conversation import Conversation, Message
from webapp.models.duty import DutyClosure, DutyHours, DutyTeam, Handoff, HandoffEvent
from webapp.models.guide import Guide, GuideRevision, GuideText
from webapp.models.missed import MissedQuestion
from webapp.models.staff import StaffSession, StaffUser

__all__ = [
    "AppointmentService",
    "AvailabilityRule",
    "Base",
    "Booking",
    "BookingAccess",
    "BookingContact",
    "BookingEvent",
    "Closure",
    "OneOffAvailability",
    "Slot",
    "Conversation",
    "DutyClosure",
    "DutyHours",
    "DutyTeam",
    "Guide",
    "GuideRevision",
    "GuideText",
    "Handoff",
    "HandoffEvent",
    "Location",
    "Message",
    "MissedQuestion",
    "Organisation",
    "Schedule",
    "Service",
    "ServiceRevision",
    "StaffSession",
    "StaffUser",
]
