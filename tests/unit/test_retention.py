"""Retention: old chats are deleted with their messages; booking details are deleted a
while after the appointment, and the booking itself stays without them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskCliRunner

from tests.support.fakes import FakeBot
from webapp.extensions import db
from webapp.models import (
    AppointmentService,
    Booking,
    BookingContact,
    Conversation,
    Message,
    Slot,
)
from webapp.retention import purge, purge_now

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def add_conversation(idle_days: int) -> str:
    when = NOW - timedelta(days=idle_days)
    conversation = Conversation(created_at=when, updated_at=when)
    db.session.add(conversation)
    db.session.add(Message(conversation=conversation, sender="user", text="hi", locale="en"))
    db.session.commit()
    conversation.updated_at = when  # onupdate set it to now when the message was added
    db.session.commit()
    return conversation.id


def add_booking(days_ago: int) -> int:
    service = db.session.get(AppointmentService, "svc") or AppointmentService(id="svc", name="S")
    starts = NOW - timedelta(days=days_ago)
    slot = Slot(service=service, starts_at=starts, ends_at=starts + timedelta(minutes=30))
    booking = Booking(reference=f"LPT-TEST-{days_ago:04d}", slot=slot, status="attended")
    booking.contact = BookingContact(
        name="Jo", email="jo@example.org", consent_at=starts, consent_version="test"
    )
    db.session.add(booking)
    db.session.commit()
    return booking.id


def test_chats_idle_past_the_limit_are_deleted_with_their_messages(app: Flask) -> None:
    with app.app_context():
        old, recent = add_conversation(31), add_conversation(29)
        result = purge(NOW, chat_days=30, booking_days=90)
        assert result.conversations == 1
        assert db.session.get(Conversation, old) is None
        assert db.session.get(Conversation, recent) is not None
        left = db.session.scalars(sa.select(Message.conversation_id)).all()
        assert left == [recent]


def test_booking_details_go_after_the_limit_but_the_booking_stays(app: Flask) -> None:
    with app.app_context():
        old, recent = add_booking(91), add_booking(10)
        result = purge(NOW, chat_days=30, booking_days=90)
        assert result.booking_contacts == 1
        assert db.session.get(Booking, old).contact is None
        assert db.session.get(Booking, recent).contact is not None


def test_the_assistant_forgets_the_chats_the_purge_deleted(app: Flask, fake_bot: FakeBot) -> None:
    with app.app_context():
        old, _ = add_conversation(31), add_conversation(29)
        purge_now(NOW)
    assert fake_bot.forgotten == [old]
    # A shared tracker store also loses every tracker idle as long, of chats deleted before.
    assert fake_bot.forgotten_idle_before == [NOW - timedelta(days=30)]


def test_the_purge_command_reports_what_it_deleted(app: Flask) -> None:
    runner: FlaskCliRunner = app.test_cli_runner()
    result = runner.invoke(args=["retention", "purge"])
    assert result.exit_code == 0 and "Deleted 0 conversations" in result.output
