"""Staff sign-ins kept on the server, so a session can be ended wherever its cookie went.

The signed session cookie holds a random session id beside Flask-Login's user id; the
database keeps only the id's SHA-256 digest, with when the session began and was last used.
The user loader accepts a session only while its row exists, it belongs to that user, it was
used within STAFF_SESSION_MINUTES and began less than STAFF_SESSION_HOURS ago. Signing out
deletes the row; deactivating an account or setting a new password deletes all of its rows;
the retention job deletes rows past their absolute limit."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from webapp import clock
from webapp.extensions import db
from webapp.models import StaffSession, StaffUser

SESSION_KEY = "staff_session"  # where the random id is kept in the session cookie
TOKEN_BYTES = 32
# A session's last use is written at most this often, not on every page.
TOUCH_EVERY = timedelta(minutes=1)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(user: StaffUser) -> str:
    """A new session for this member of staff; returns the id for their cookie. The caller
    commits."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = clock.now()
    hours = current_app.config["STAFF_SESSION_HOURS"]
    db.session.add(
        StaffSession(
            id=_digest(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=hours),
        )
    )
    return token


def user_for(token: object, user_id: str) -> StaffUser | None:
    """The active member of staff whose live session this is, or None: ended, idle too long,
    past its absolute limit, or another user's."""
    if not isinstance(token, str) or not token:
        return None
    found = db.session.get(StaffSession, _digest(token))
    if found is None or str(found.user_id) != user_id:
        return None
    now = clock.now()
    idle = timedelta(minutes=current_app.config["STAFF_SESSION_MINUTES"])
    if now >= found.expires_at or now - found.last_seen_at > idle or not found.user.active:
        return None
    if now - found.last_seen_at >= TOUCH_EVERY:
        found.last_seen_at = now
        db.session.commit()  # the loader runs before a view's own changes
    return found.user


def end(token: object) -> None:
    """End this session (signing out); commits."""
    if isinstance(token, str) and token:
        db.session.execute(sa.delete(StaffSession).where(StaffSession.id == _digest(token)))
        db.session.commit()


def end_all(user_id: int) -> None:
    """End every session of this member of staff (deactivation, a new password). The caller
    commits."""
    db.session.execute(sa.delete(StaffSession).where(StaffSession.user_id == user_id))
