"""Staff who keep the content right and who handle bookings, and their signed-in sessions.
Passwords are Argon2 hashes; repeated failures lock."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from webapp import clock
from webapp.models.base import Base, UTCDateTime

# editor: the content (services, guides); bookings: the bookings, with people's details, and
# appointment availability; duty: the chats handed to a person, of their own duty team;
# admin: all of it, staff accounts and the duty teams' hours.
ROLES = ("editor", "bookings", "duty", "admin")
CONTENT_ROLES = ("editor", "admin")
BOOKING_ROLES = ("bookings", "admin")
DUTY_ROLES = ("duty", "admin")


class StaffUser(UserMixin, Base):
    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(200), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(10), default="editor")
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # For duty workers: the team whose chats they see (none: they see none).
    team_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("duty_team.id", ondelete="SET NULL"), index=True
    )
    # What a person in a chat sees of a duty worker: their role, e.g. "School nurse".
    job_title: Mapped[str] = mapped_column(sa.String(80), default="")

    __table_args__ = (
        sa.CheckConstraint("role IN ('editor', 'bookings', 'duty', 'admin')", name="role_known"),
    )

    @property
    def is_active(self) -> bool:  # Flask-Login: a deactivated account cannot sign in
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def edits_content(self) -> bool:
        return self.role in CONTENT_ROLES

    @property
    def sees_bookings(self) -> bool:
        return self.role in BOOKING_ROLES

    @property
    def answers_chats(self) -> bool:
        return self.role in DUTY_ROLES

    @property
    def first_name(self) -> str:
        """The name a person in a chat sees: the first word of the account's name."""
        return self.name.split()[0] if self.name.split() else ""


class StaffSession(Base):
    """A signed-in session, kept on the server so that it can be ended everywhere at once.
    The browser's signed cookie holds a random id; only its SHA-256 digest is kept here."""

    __tablename__ = "staff_session"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    # The absolute limit (STAFF_SESSION_HOURS after sign-in), however active the session.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)

    user: Mapped[StaffUser] = relationship()
