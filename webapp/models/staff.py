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
# appointment availability; admin: all of it, and staff accounts.
ROLES = ("editor", "bookings", "admin")
CONTENT_ROLES = ("editor", "admin")
BOOKING_ROLES = ("bookings", "admin")


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

    __table_args__ = (
        sa.CheckConstraint("role IN ('editor', 'bookings', 'admin')", name="role_known"),
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
