"""Retention: chat transcripts are deleted after RETENTION_CHAT_DAYS (default 30): a chat
that only signposts is not a care record. Its handoffs to a duty worker, their events and
the workers' messages go with it (foreign keys ON DELETE CASCADE); a duty worker records what
matters in the team's own care record. A booking's personal details are deleted
RETENTION_BOOKING_DAYS (default 90) after the appointment; the booking itself, with no
personal details, stays for the service's statistics. Rasa's copy of a chat goes with it
(see BotClient.forget and forget_idle). The log of who viewed or exported a booking is kept
RETENTION_BOOKING_ACCESS_DAYS (default 365); staff sessions go once past their absolute limit
(STAFF_SESSION_HOURS after sign-in)."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy.engine import CursorResult

from webapp import background, clock
from webapp.extensions import db
from webapp.models import Booking, BookingAccess, BookingContact, Conversation, Slot, StaffSession
from webapp.services.bot_client import get_bot_client

log = logging.getLogger(__name__)
retention = AppGroup("retention", help="Delete what is kept longer than its retention rule.")


@dataclass(frozen=True)
class Purged:
    conversation_ids: tuple[str, ...]
    booking_contacts: int
    booking_access: int = 0
    staff_sessions: int = 0

    @property
    def conversations(self) -> int:
        return len(self.conversation_ids)


def _delete(statement: sa.Delete) -> int:
    """Run a bulk DELETE and return how many rows it removed."""
    # Session.execute() is typed as returning Result, but a DELETE without RETURNING gives a
    # CursorResult, which has rowcount (sqlalchemy/sqlalchemy#9185, #12913).
    result = cast("CursorResult[Any]", db.session.execute(statement))
    return result.rowcount


def purge(now: datetime, chat_days: int, booking_days: int, access_days: int = 365) -> Purged:
    """Delete conversations idle longer than chat_days (their messages go with them), the
    personal details of bookings whose appointment ended more than booking_days ago, the
    booking access log older than access_days, and staff sessions past their limit."""
    chat_cutoff = now - timedelta(days=chat_days)
    expired = sa.delete(Conversation).where(Conversation.updated_at < chat_cutoff)
    conversation_ids = tuple(db.session.scalars(expired.returning(Conversation.id)))
    booking_cutoff = now - timedelta(days=booking_days)
    past = (
        sa.select(Booking.id)
        .join(Slot, Slot.id == Booking.slot_id)
        .where(Slot.ends_at < booking_cutoff)
    )
    contacts = _delete(sa.delete(BookingContact).where(BookingContact.booking_id.in_(past)))
    access_cutoff = now - timedelta(days=access_days)
    access = _delete(sa.delete(BookingAccess).where(BookingAccess.at < access_cutoff))
    sessions = _delete(sa.delete(StaffSession).where(StaffSession.expires_at < now))
    db.session.commit()
    # Bulk deletes bypass the objects this session holds (commits do not expire them): a
    # booking loaded earlier would still show the personal details just deleted.
    db.session.expire_all()
    return Purged(conversation_ids, contacts or 0, access or 0, sessions or 0)


def purge_now(now: datetime | None = None) -> Purged:
    """Purge by the configured rules, and have the assistant forget the chats deleted."""
    config = current_app.config
    now = now or clock.now()
    result = purge(
        now,
        config["RETENTION_CHAT_DAYS"],
        config["RETENTION_BOOKING_DAYS"],
        config["RETENTION_BOOKING_ACCESS_DAYS"],
    )
    bot = get_bot_client()
    forgotten = sum(bot.forget(conversation_id) for conversation_id in result.conversation_ids)
    log.info(
        "Retention purge: %d conversations (%d forgotten by the assistant), %d booking contacts"
        " deleted",
        result.conversations,
        forgotten,
        result.booking_contacts,
    )
    idle = bot.forget_idle(now - timedelta(days=config["RETENTION_CHAT_DAYS"]))
    if idle is not None:
        log.info("Retention purge: %d idle conversations deleted from Rasa's tracker store", idle)
    log.info(
        "Retention purge: %d booking access log lines, %d staff sessions deleted",
        result.booking_access,
        result.staff_sessions,
    )
    return result


@retention.command("purge")
def purge_command() -> None:
    """Delete chats and booking details past their retention period."""
    result = purge_now()
    click.echo(
        f"Deleted {result.conversations} conversations and "
        f"{result.booking_contacts} bookings' personal details."
    )


def _run_daily(app: Flask, stop: threading.Event) -> None:
    """Purge at start-up and then once a day, for as long as the web process runs."""
    interval = app.config["RETENTION_INTERVAL_HOURS"] * 3600
    while not stop.is_set():
        with app.app_context():
            try:
                purge_now()
            except sa.exc.SQLAlchemyError as err:
                log.error("Retention purge failed: %s", type(err).__name__)
                db.session.rollback()
        stop.wait(interval)


def init_app(app: Flask) -> None:
    app.cli.add_command(retention)
    if not app.config["RETENTION_SCHEDULE"] or app.testing:
        return
    background.start_with_first_request(app, "retention", _run_daily)
