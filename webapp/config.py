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


def instance_secret(name: str, instance: Path = INSTANCE) -> str:
    """The environment variable `name`, else a random value kept in the instance folder (file
    `name` in lower case) across restarts, so that every process started on one instance
    folder shares it: the web app, and scripts/run-rasa for RASA_TOKEN."""
    if value := os.environ.get(name):
        return value
    path = instance / name.lower()
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        # Written whole, readable by its owner only, then linked into place: of processes
        # starting at the same moment the first link wins, and the others read it.
        draft = instance / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}"
        with os.fdopen(os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


def _float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _names(name: str, default: str) -> list[str]:
    """A comma-separated list, blanks left out; the default when it is empty or unset."""
    names = [n.strip() for n in os.environ.get(name, "").split(",") if n.strip()]
    return names or [n.strip() for n in default.split(",")]


class Config:
    """Embedded defaults: SQLite in the instance folder, one Rasa server on localhost."""

    SECRET_KEY = instance_secret("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE / 'lpt_chat.sqlite3'}"
    )
    # Connections a web process may hold at once (see engine_options in the app factory).
    DB_POOL_SIZE = _int("DB_POOL_SIZE", 10)
    DB_MAX_OVERFLOW = _int("DB_MAX_OVERFLOW", 20)

    RASA_URL = os.environ.get("RASA_URL", "http://127.0.0.1:5005")
    # Several Rasa servers sharing one tracker store (comma-separated); empty: RASA_URL alone.
    # Messages are spread over them, and a message one fails is retried on another.
    RASA_URLS = os.environ.get("RASA_URLS", "")
    # Rasa's HTTP API token (`rasa run --auth-token`), which every Rasa server and web process
    # of a site shares: made into the instance folder, where scripts/run-rasa reads it too.
    RASA_TOKEN = instance_secret("RASA_TOKEN")
    # Rasa's SQL tracker store when its servers share one (deploy/rasa-endpoints.yml), as a
    # SQLAlchemy URL: chats deleted by their person or by retention are deleted there too,
    # which Rasa's API cannot do. Empty: trackers in memory, reset through Rasa's API.
    RASA_TRACKER_STORE_URL = os.environ.get("RASA_TRACKER_STORE_URL", "")
    # Past this the person gets the holding reply rather than a long wait (about 3 s);
    # it bounds the whole turn, retries on other Rasa servers included.
    RASA_TIMEOUT = _float("RASA_TIMEOUT", 3.0)
    RASA_CONNECT_TIMEOUT = _float("RASA_CONNECT_TIMEOUT", 1.0)
    # A Rasa server that failed is passed over for this long (unless every server failed).
    RASA_DOWN_SECONDS = _float("RASA_DOWN_SECONDS", 5.0)

    MAX_MESSAGE_LENGTH = _int("MAX_MESSAGE_LENGTH", 2000)
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 64 * 1024)

    LANGUAGES = LANGUAGES
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(ROOT / "translations")

    # Security headers, cookies and rate limits (webapp/security.py). SECURE_HTTPS=1 when the
    # site is served over HTTPS: plain HTTP is then redirected, HSTS is sent and cookies are
    # Secure. TRUSTED_PROXIES: how many reverse proxies in front of the app set
    # X-Forwarded-For/-Proto (0: clients connect directly), so limits count real clients.
    SECURE_HTTPS = os.environ.get("SECURE_HTTPS", "0") == "1"
    TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0)
    # The host names the site answers to (comma-separated; ".example.org" takes its
    # subdomains too): a request naming another host gets 400, never a link or redirect to it.
    TRUSTED_HOSTS = _names("TRUSTED_HOSTS", "127.0.0.1,localhost")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "0") == "1" or SECURE_HTTPS
    # Per client address. RATELIMIT_ENABLED=0 turns every limit off (evaluation, benchmarks).
    RATELIMIT_ENABLED = os.environ.get("RATELIMIT_ENABLED", "1") == "1"
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # A shared store (redis://) that stops answering must not stop the chat: limits are then
    # counted in this process's memory until it is back, and an error never refuses a request.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # API messages and bookings, and the same events over the socket (each counted apart).
    RATELIMIT_MESSAGES = os.environ.get("RATELIMIT_MESSAGES", "30 per minute; 300 per hour")
    # Staff sign-in attempts, on top of the account lock-out.
    RATELIMIT_STAFF_LOGIN = os.environ.get("RATELIMIT_STAFF_LOGIN", "10 per minute")
    # PDF leaflets of the self-help guides (each is made once, then served from the cache).
    RATELIMIT_LEAFLETS = os.environ.get("RATELIMIT_LEAFLETS", "20 per minute")
    # Socket.IO connections one client address may hold open at once, in each web process
    # (each WebSocket holds one of a process's threads); 0: no cap. RATELIMIT_ENABLED=0 lifts it.
    SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS = _int("SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS", 20)
    # Largest Socket.IO message accepted, in bytes (MAX_CONTENT_LENGTH bounds HTTP bodies).
    SOCKETIO_MAX_MESSAGE_BYTES = _int("SOCKETIO_MAX_MESSAGE_BYTES", 64 * 1024)

    # Staff area: a signed-in session ends after this many minutes without activity (it sets
    # PERMANENT_SESSION_LIFETIME), and this many hours after sign-in however active; this many
    # wrong passwords in a row lock an account for STAFF_LOCKOUT_MINUTES.
    STAFF_SESSION_MINUTES = _int("STAFF_SESSION_MINUTES", 30)
    STAFF_SESSION_HOURS = _int("STAFF_SESSION_HOURS", 12)
    STAFF_MAX_FAILED_LOGINS = _int("STAFF_MAX_FAILED_LOGINS", 5)
    STAFF_LOCKOUT_MINUTES = _int("STAFF_LOCKOUT_MINUTES", 15)

    # Retention (see webapp/retention.py and the privacy notice): chats, and the personal
    # details of bookings after the appointment. The web process purges on this schedule.
    RETENTION_CHAT_DAYS = _int("RETENTION_CHAT_DAYS", 30)
    RETENTION_BOOKING_DAYS = _int("RETENTION_BOOKING_DAYS", 90)
    # The log of who viewed or exported a booking's details outlives them, to answer later
    # who saw them.
    RETENTION_BOOKING_ACCESS_DAYS = _int("RETENTION_BOOKING_ACCESS_DAYS", 365)
    RETENTION_SCHEDULE = os.environ.get("RETENTION_SCHEDULE", "1") == "1"
    # How often each web process looks for people waiting for a duty worker past the team's
    # usual wait, to tell them (0: never).
    DUTY_OVERDUE_CHECK_SECONDS = _int("DUTY_OVERDUE_CHECK_SECONDS", 60)
    RETENTION_INTERVAL_HOURS = _int("RETENTION_INTERVAL_HOURS", 24)

    # Where PDF leaflets are kept once made, one per guide revision, language and crisis text.
    LEAFLET_CACHE_DIR = os.environ.get("LEAFLET_CACHE_DIR", str(INSTANCE / "leaflets"))

    # Booking confirmations by e-mail. With no SMTP_HOST nothing is sent (and it is logged).
    SMTP_HOST = os.environ.get("SMTP_HOST", "")
    SMTP_PORT = _int("SMTP_PORT", 25)
    SMTP_STARTTLS = os.environ.get("SMTP_STARTTLS", "0") == "1"
    SMTP_USER = os.environ.get("SMTP_USER", "")
    SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "no-reply@support-chat.leicspart.nhs.uk")

    # Upcoming appointments one e-mail address or phone number, and one internet address, may
    # hold at once (so nobody can book every free time). Addresses are shared (a school, a
    # mobile network), hence the higher limit; only a keyed digest of the address is kept.
    BOOKING_LIMIT_PER_CONTACT = _int("BOOKING_LIMIT_PER_CONTACT", 3)
    BOOKING_LIMIT_PER_ADDRESS = _int("BOOKING_LIMIT_PER_ADDRESS", 8)

    # "Leave this site quickly" on the chat pages replaces the page, and its history entry,
    # with this neutral site.
    QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://www.bbc.co.uk/weather")

    # Where Socket.IO may be reached from; same origin only unless told otherwise.
    SOCKETIO_CORS_ORIGINS = os.environ.get("SOCKETIO_CORS_ORIGINS") or None
    # More than one web process: a message queue (redis://host:6379/0) through which each
    # process passes on what it emits to a conversation's room, so a chat connected to any
    # process gets it. Empty: one process, no queue. Processes sharing a queue share a channel.
    SOCKETIO_MESSAGE_QUEUE = os.environ.get("SOCKETIO_MESSAGE_QUEUE", "")
    SOCKETIO_CHANNEL = os.environ.get("SOCKETIO_CHANNEL", "lpt-chat")
