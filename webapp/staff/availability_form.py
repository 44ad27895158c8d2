"""The availability forms read field by field (weekly hours, extra hours, closures, a
service's details): each value as typed, and one message per bad field."""

from __future__ import annotations

import re
from datetime import date, time

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from webapp import bounds
from webapp.models import AppointmentService

_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::00)?$")


class Posted:
    """A posted form read field by field: the values as typed, and one message per bad field,
    keyed by the field's id on the page (`prefix` + name)."""

    def __init__(self, form: MultiDict[str, str], prefix: str = "") -> None:
        self.form, self.prefix = form, prefix
        self.values: dict[str, str] = {}
        self.errors: dict[str, str] = {}

    def raw(self, name: str) -> str:
        value = self.form.get(name, "").strip()
        self.values[self.prefix + name] = value
        return value

    def fail(self, name: str, message: str) -> None:
        self.errors.setdefault(self.prefix + name, message)

    def text(self, name: str, missing: str | None = None, limit: int = 200) -> str:
        value = self.raw(name)
        if not value and missing:
            self.fail(name, missing)
        elif len(value) > limit:
            self.fail(name, _("Use %(n)d characters or fewer.", n=limit))
        return value

    def flag(self, name: str) -> bool:
        self.values[self.prefix + name] = "1" if name in self.form else ""
        return name in self.form

    def whole(
        self, name: str, low: int, high: int, message: str, required: bool = True
    ) -> int | None:
        value = self.raw(name)
        if not value and not required:
            return None
        number = bounds.whole_number(value, low, high, name)
        if number is None:
            self.fail(name, message)
        return number

    def day(self, name: str, message: str, required: bool = True) -> date | None:
        value = self.raw(name)
        if not value and not required:
            return None
        found = bounds.day(value)
        if found is None:
            self.fail(name, message)
        return found

    def time_of_day(self, name: str, message: str) -> time | None:
        match = _TIME.match(self.raw(name))
        if match is None or int(match[1]) > 23 or int(match[2]) > 59:
            self.fail(name, message)
            return None
        return time(int(match[1]), int(match[2]))

    def hours(self, service: AppointmentService) -> tuple[time | None, time | None]:
        """A start and end time, the end after the start, with room for one appointment."""
        start = self.time_of_day("start", _("Enter a start time, such as 09:00."))
        end = self.time_of_day("end", _("Enter an end time, such as 12:00."))
        if start and end:
            minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
            if minutes <= 0:
                self.fail("end", _("The end time must be after the start time."))
            elif minutes < service.duration_minutes:
                self.fail(
                    "end",
                    _(
                        "Leave time for at least one appointment (%(n)d minutes).",
                        n=service.duration_minutes,
                    ),
                )
        return start, end

    def in_order(self, first: date | None, last: date | None, name: str, message: str) -> None:
        if first and last and last < first:
            self.fail(name, message)
