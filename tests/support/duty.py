"""Talking to a person in tests: a duty team, a person's chat over the socket, and duty
workers signed in with their own clients."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.support.staff import make_user, sign_in
from webapp.extensions import db, socketio
from webapp.models import DutyHours, DutyTeam, Handoff, StaffUser

# Tuesday 8 December 2026: 10:00 and 20:00 in Leicester (GMT).
TUESDAY_MORNING = datetime(2026, 12, 8, 10, tzinfo=UTC)
TUESDAY_EVENING = datetime(2026, 12, 8, 20, tzinfo=UTC)
ASK = "can i talk to a real person"


def add_team(app: Flask, team_id: str = "camhs-duty", topics: tuple[str, ...] = ("camhs",)) -> str:
    """A duty team answering on weekdays 09:00–17:00, who say a wait may be 20 minutes."""
    with app.app_context():
        team = DutyTeam(id=team_id, name=team_id.replace("-", " ").title(), topics=list(topics),
                        typical_wait_minutes=20, position=0 if topics else 1)  # fmt: skip
        team.hours = [DutyHours(weekday=d, start_time=time(9), end_time=time(17)) for d in range(5)]
        db.session.add(team)
        db.session.commit()
    return team_id


def chat(app: Flask, client: FlaskClient) -> Any:
    """A person's chat page and its socket."""
    client.get("/")
    return socketio.test_client(app, namespace="/chat", flask_test_client=client)


def say(sio: Any, text: str, payload: str | None = None, locale: str = "en") -> list[dict]:
    """Send a message; the bot_message answers it got (none while a worker has the chat)."""
    message = {"text": text, "locale": locale, **({"payload": payload} if payload else {})}
    sio.emit("user_message", message, namespace="/chat")
    return [e["args"][0] for e in sio.get_received("/chat") if e["name"] == "bot_message"]


def worker(app: Flask, email: str, team_id: str | None, name: str, job: str) -> FlaskClient:
    """A duty worker of this team, signed in on a client of their own."""
    user_id = make_user(app, email, "duty")
    with app.app_context():
        user = db.session.get(StaffUser, user_id)
        assert user is not None
        user.team_id, user.name, user.job_title = team_id, name, job
        db.session.commit()
    client = app.test_client()
    sign_in(client, email)
    return client


def handoff_states(app: Flask) -> list[tuple[str, str, bool]]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Handoff).order_by(Handoff.id))
        return [(h.team_id, h.state, h.crisis) for h in rows]


def only_handoff_id(app: Flask) -> int:
    with app.app_context():
        found = db.session.scalars(sa.select(Handoff.id)).all()
        assert len(found) == 1, found
        return found[0]
