"""A person still waiting for a duty worker past the team's usual wait is told so, once, in
their language, with the numbers to call now and the way back to the assistant; the team's
inbox pages are nudged. Each web process checks every DUTY_OVERDUE_CHECK_SECONDS (60); of
several processes, one tells each person (duty/handoffs.claim_overdue)."""

from __future__ import annotations

import logging
import threading
from datetime import datetime

import sqlalchemy as sa
from flask import Flask

from webapp import background, clock
from webapp.duty import handoffs
from webapp.extensions import db
from webapp.staff import inbox_relay

log = logging.getLogger(__name__)


def tell_overdue(now: datetime | None = None) -> int:
    """Tell each person waiting past their team's usual wait; how many were told."""
    told = handoffs.claim_overdue(now or clock.now())
    for handoff in told:
        inbox_relay.announce(handoff, "overdue")
    if told:
        log.info("Told %d people waiting for a duty worker that no one has joined yet", len(told))
    return len(told)


def _run(app: Flask, stop: threading.Event) -> None:
    while not stop.wait(app.config["DUTY_OVERDUE_CHECK_SECONDS"]):
        with app.test_request_context():  # templates read the request's language
            try:
                tell_overdue()
            except sa.exc.SQLAlchemyError as err:
                log.error("Checking waiting chats failed: %s", type(err).__name__)
                db.session.rollback()


def init_app(app: Flask) -> None:
    if not app.config["DUTY_OVERDUE_CHECK_SECONDS"] or app.testing:
        return
    background.start_with_first_request(app, "duty_overdue", _run)
