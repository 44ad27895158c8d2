"""How long the staff usage dashboard takes on a year of synthetic data.

    .venvs/web/bin/python -m scripts.bench_dashboard [--per-day 150] [--rounds 5]
        [--database-url postgresql+psycopg://...]   (default: a new SQLite file)

Fills an empty database with 365 days of conversations (1 to 5 turns each, ten languages,
the assistant's topics, 1% crisis turns, about 10% missed questions) and bookings (8 a day,
some cancelled or not attended), then times the dashboard's queries for 52 weeks
(staff/usage_queries.usage) and the whole page and CSV through the app, signed in as an
admin. Each time is the median of --rounds runs, after one run to warm up."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402

from webapp import clock, create_app  # noqa: E402
from webapp.extensions import db  # noqa: E402
from webapp.models import (  # noqa: E402
    AppointmentService,
    Booking,
    Conversation,
    Message,
    MissedQuestion,
    Slot,
    StaffUser,
)
from webapp.staff.auth import hash_password  # noqa: E402
from webapp.staff.usage_queries import usage  # noqa: E402

LOCALES = ("en",) * 12 + ("ur", "pa", "gu", "pl", "so", "bn", "ar", "ro", "pt")
TOPICS = ("camhs",) * 5 + ("memory_cafe",) * 3 + (
    "play_and_stay", "nhs_111", "nhs_111", "greeting", "thanks", "booking", "language",
)  # fmt: skip
STATUSES = ("attended",) * 6 + ("did_not_attend", "cancelled", "booked", "changed")
EMAIL, PASSWORD = "bench@example.org", "a long bench passphrase"
CHUNK = 5000


def _insert(model: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(sa.insert(model), rows[start : start + CHUNK])


def fill(now: datetime, per_day: int, seed: int = 2026) -> dict[str, int]:
    """A year of synthetic conversations and bookings up to `now`; how many of each."""
    rng = random.Random(seed)
    conversations, messages, missed = [], [], []
    for day in range(365):
        for n in range(per_day):
            when = now - timedelta(days=day, seconds=rng.randrange(86_400))
            conversation_id = f"bench-{day}-{n}"
            locale = rng.choice(LOCALES)
            conversations.append(
                {"id": conversation_id, "created_at": when, "updated_at": when, "locale": locale}
            )
            for turn in range(rng.randint(1, 5)):
                at = when + timedelta(seconds=30 * turn)
                crisis = rng.random() < 0.01
                roll = rng.random()
                topic = "crisis" if crisis else "fallback" if roll < 0.1 else rng.choice(TOPICS)
                for sender in ("user", "bot"):
                    messages.append(
                        {
                            "conversation_id": conversation_id, "created_at": at,
                            "sender": sender, "text": "synthetic", "locale": locale,
                            "topic": topic, "crisis": crisis,
                            "handled_by": ("safety_net" if crisis else "bot")
                            if sender == "user" else None,
                        }
                    )  # fmt: skip
                if topic == "fallback":
                    missed.append(
                        {
                            "conversation_id": conversation_id, "created_at": at,
                            "locale": locale, "reason": "fallback", "text": "synthetic [phone]",
                        }
                    )  # fmt: skip
    _insert(Conversation, conversations)
    _insert(Message, messages)
    _insert(MissedQuestion, missed)
    db.session.add(AppointmentService(id="bench", name="Bench calls"))
    db.session.flush()
    slots, bookings = [], []
    for day in range(365):
        for n in range(8):
            starts = now - timedelta(days=day, hours=n)
            slot_id = day * 8 + n + 1
            slots.append(
                {"id": slot_id, "service_id": "bench", "starts_at": starts,
                 "ends_at": starts + timedelta(minutes=30)}
            )  # fmt: skip
            bookings.append(
                {"reference": f"LPT-B{slot_id:06d}", "slot_id": slot_id,
                 "status": rng.choice(STATUSES), "created_at": starts - timedelta(days=3),
                 "updated_at": starts}
            )  # fmt: skip
    _insert(Slot, slots)
    _insert(Booking, bookings)
    db.session.add(
        StaffUser(email=EMAIL, name="Bench", role="admin", password_hash=hash_password(PASSWORD))
    )
    db.session.commit()
    return {
        "conversations": len(conversations),
        "messages": len(messages),
        "missed questions": len(missed),
        "bookings": len(bookings),
    }


def timed(run: Callable[[], object], rounds: int) -> float:
    """The median of `rounds` runs after one to warm up, in milliseconds."""
    run()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        run()
        times.append(1000 * (time.perf_counter() - started))
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-day", type=int, default=150, help="conversations a day")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp(prefix='bench-dash-')}/bench.db"
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
         "RETENTION_SCHEDULE": False, "RATELIMIT_ENABLED": False}
    )  # fmt: skip
    now = clock.now().astimezone(UTC)
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        made = fill(now, args.per_day)
        filled = time.perf_counter() - started
        print(f"Database: {db.engine.dialect.name}")
        print(", ".join(f"{n:,} {what}" for what, n in made.items()), f"(filled in {filled:.0f} s)")
        query = timed(lambda: usage(clock.local_today(), 52), args.rounds)
    client = app.test_client()
    client.post("/staff/login", data={"email": EMAIL, "password": PASSWORD})
    page = client.get("/staff/usage/?weeks=52")
    assert page.status_code == 200, page.status_code
    page_ms = timed(lambda: client.get("/staff/usage/?weeks=52"), args.rounds)
    csv_ms = timed(lambda: client.get("/staff/usage/usage.csv?weeks=52"), args.rounds)
    print(f"52 weeks: queries {query:.0f} ms, page {page_ms:.0f} ms, CSV {csv_ms:.0f} ms"
          f" (median of {args.rounds})")  # fmt: skip


if __name__ == "__main__":
    main()
