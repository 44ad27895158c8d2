"""Numbers, dates and text that clients send, kept within what the app and its database can
hold, and the one pattern an e-mail address must match.

A row id is a PostgreSQL `integer`; SQLite refuses Python integers over 64 bits, and date
arithmetic fails past the year 9999. So every id and date from a request is read here, at
the edge: out of range counts as not found or not a real date, with a log line, never a 500.
Imports nothing of the app, so any layer may use it."""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from werkzeug.routing import IntegerConverter, ValidationError

log = logging.getLogger(__name__)

ID_MAX = 2**31 - 1  # PostgreSQL `integer`, the type of every id column
EARLIEST_DAY = date(1900, 1, 1)  # before any date of birth or appointment the app keeps
LATEST_DAY = date(2199, 12, 31)  # far enough for any plan, and room for arithmetic
# Characters that can hide or reorder text on a page, or break a database: C0/C1 controls
# (but not tab and newline), bidi overrides and isolates, and lone surrogates from JSON.
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# An e-mail address as staff, services and bookings give it: one @, a dot in the domain.
EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}$")


def whole_number(value: Any, low: int = 0, high: int = ID_MAX, name: str = "number") -> int | None:
    """A whole number written in ASCII digits within [low, high], else None (with a log line
    when it is a number out of range)."""
    text = str(value).strip() if value is not None else ""
    if not (text.isascii() and text.isdigit()):  # "²".isdigit() is True, int("²") fails
        return None
    if len(text) > len(str(high)) or not low <= int(text) <= high:
        log.info("A %s out of range was refused (%d digits)", name, len(text))
        return None
    return int(text)


def row_id(value: Any) -> int | None:
    """A row id (1 to ID_MAX) from a request, else None."""
    return whole_number(value, 1, ID_MAX, "row id")


def day(value: Any) -> date | None:
    """A date written YYYY-MM-DD between EARLIEST_DAY and LATEST_DAY, else None."""
    if not isinstance(value, str) or len(value.strip()) > 10:
        return None
    try:
        found = date.fromisoformat(value.strip())
    except ValueError:
        return None
    if not EARLIEST_DAY <= found <= LATEST_DAY:
        log.info("A date out of range was refused: %s", found.isoformat())
        return None
    return found


class RowIdConverter(IntegerConverter):
    """`<int:...>` in every route: at most ID_MAX, so a longer number is a 404 (and a log
    line) before the view runs, instead of an error in the database."""

    def to_python(self, value: str) -> Any:
        if len(value) > len(str(ID_MAX)) or int(value) > ID_MAX:
            log.info("A row id out of range in an address was refused (%d digits)", len(value))
            raise ValidationError()
        return super().to_python(value)
