"""All environment reads in one place, so every setting is documented and testable."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("INSTANCE_PATH", ROOT / "instance"))

# Locale code -> (name in its own script, text direction). English first, then by size of
# community in Leicester (see docs/facts in the shared folder).
LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("English", "ltr"),
    "gu": ("ગુજરાતી", "ltr"),
    "pa": ("ਪੰਜਾਬੀ", "ltr"),
    "pl": ("Polski", "ltr"),
    "ur": ("اردو", "rtl"),
    "so": ("Soomaali", "ltr"),
    "bn": ("বাংলা", "ltr"),
    "ar": ("العربية", "rtl"),
    "ro": ("Română", "ltr"),
    "pt": ("Português", "ltr"),
}


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one kept in the instance folder across restarts."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = INSTANCE / "secret_key"
    if not path.exists():
        INSTANCE.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


class Config:
    """Embedded defaults: SQLite in the instance folder, one Rasa server on localhost."""

    SECRET_KEY = _secret_key()
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE / 'lpt_chat.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    RASA_URL = os.environ.get("RASA_URL", "http://127.0.0.1:5005")
    RASA_TOKEN = os.environ.get("RASA_TOKEN", "")
    # Past this the person gets the holding reply rather than a long wait (issue #2: ~3 s).
    RASA_TIMEOUT = _float("RASA_TIMEOUT", 3.0)
    RASA_CONNECT_TIMEOUT = _float("RASA_CONNECT_TIMEOUT", 1.0)

    MAX_MESSAGE_LENGTH = _int("MAX_MESSAGE_LENGTH", 2000)
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 64 * 1024)

    LANGUAGES = LANGUAGES
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1"

    # Staff area: a signed-in session ends after this many minutes without activity (it sets
    # PERMANENT_SESSION_LIFETIME); this many wrong passwords in a row lock an account for
    # STAFF_LOCKOUT_MINUTES.
    STAFF_SESSION_MINUTES = _int("STAFF_SESSION_MINUTES", 30)
    STAFF_MAX_FAILED_LOGINS = _int("STAFF_MAX_FAILED_LOGINS", 5)
    STAFF_LOCKOUT_MINUTES = _int("STAFF_LOCKOUT_MINUTES", 15)

    # Retention (see webapp/retention.py and the privacy notice): chats, and the personal
    # details of bookings after the appointment. The web process purges on this schedule.
    RETENTION_CHAT_DAYS = _int("RETENTION_CHAT_DAYS", 30)
    RETENTION_BOOKING_DAYS = _int("RETENTION_BOOKING_DAYS", 90)
    RETENTION_SCHEDULE = os.environ.get("RETENTION_SCHEDULE", "1") == "1"
    RETENTION_INTERVAL_HOURS = _int("RETENTION_INTERVAL_HOURS", 24)

    # Booking confirmations by e-mail. With no SMTP_HOST nothing is sent (and it is logged).
    SMTP_HOST = os.environ.get("SMTP_HOST", "")
    SMTP_PORT = _int("SMTP_PORT", 25)
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "0") == "1"
    SMTP_USER = os.environ.get("SMTP_USER", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "no-reply@support-chat.leicspart.nhs.uk")

    # Where Socket.IO may be reached from; same origin only unless told otherwise.
    SOCKETIO_CORS_ORIGINS = os.environ.get("SOCKETIO_CORS_ORIGINS") or None
