"""What the service and guide editors share. Both have repeating parts (locations and
their session times, sources), so each is read by hand from the posted form into its
schema's shape (ServiceIn, GuideIn) and checked by the same pydantic rules as the content
files; the errors are mapped back from each pydantic `loc` path to the field it belongs to
and said in words staff can act on."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

REQUIRED = {
    "id": _l("Enter an id for the service."),
    "name": _l("Enter a name."),
    "description": _l("Enter a description."),
    "topics": _l("Choose at least one topic."),
    "source": _l("Say where these facts come from."),
    "area": _l("Choose the area."),
    "byday": _l("Enter the days, such as TU or 2TU."),
    "opens_at": _l("Enter the time it opens."),
    "closes_at": _l("Enter the time it closes."),
    "freq": _l("Choose weekly or monthly."),
}
PATTERNS = {
    "id": _l("Use lower-case letters, numbers and hyphens only, such as memory-cafe-hinckley."),
    "languages": _l("Use two- or three-letter language codes, such as en, pl, gu."),
}
# The schema's own words for rules across fields, said for the person at the form.
RULES = {
    "closes_at must be after opens_at": _l("The closing time must be after the opening time."),
    "valid_to must not be before valid_from": _l(
        "The last date must not be before the first date."
    ),
    "max_age must not be below min_age": _l("The oldest age must not be below the youngest."),
    "needs at least one way to reach it: a contact or a location": _l(
        "Give at least one way to reach the service: a contact or a location."
    ),
}
BY_TYPE = {
    "int_parsing": _l("Enter a whole number."),
    "date_from_datetime_parsing": _l("Enter a real date."),
    "date_parsing": _l("Enter a real date."),
    "time_parsing": _l("Enter a time such as 14:00."),
}


def shown(value: Any) -> str:
    """A stored value as an input shows it: no None, times without seconds."""
    if value is None:
        return ""
    text = str(value)
    return text[:5] if re.fullmatch(r"\d\d:\d\d:00", text) else text


def audience_view(data: dict[str, Any]) -> dict[str, Any]:
    """Who a service or guide is for (its `audience`), as the editor's fields show it."""
    audience = data.get("audience", {})
    view: dict[str, Any] = {key: shown(audience.get(key)) for key in ("min_age", "max_age")}
    view["carers"], view["parents"] = audience.get("carers", False), audience.get("parents", False)
    return view


def form_values(
    form: MultiDict[str, str], keys: tuple[str, ...], prefix: str = ""
) -> dict[str, Any]:
    """The posted text of these fields (named `prefix` + key), trimmed."""
    return {key: form.get(prefix + key, "").strip() for key in keys}


def form_row(form: MultiDict[str, str], prefix: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """A repeating row as posted (a location, a session time, a source): its text, and
    whether it is ticked to remove and is the blank row offered for adding one."""
    row = form_values(form, keys, prefix)
    row["remove"], row["new"] = prefix + "remove" in form, prefix + "new" in form
    return row


def indices(form: MultiDict[str, str], prefix: str) -> list[int]:
    pattern = re.compile(rf"^{re.escape(prefix)}([0-9]{{1,4}})-")  # a row number, not a huge one
    found = {int(m.group(1)) for key in form if (m := pattern.match(key))}
    return sorted(found)[:50]


def or_none(value: str) -> str | None:
    return value or None


def audience_data(view: dict[str, Any]) -> dict[str, Any]:
    """The editor's who-it-is-for fields as a service's or guide's `audience`."""
    return {
        "min_age": or_none(view["min_age"]),
        "max_age": or_none(view["max_age"]),
        "carers": view["carers"],
        "parents": view["parents"],
    }


def message(error: Any) -> str:
    """A pydantic error in words staff can act on."""
    loc, kind = tuple(error["loc"]), error["type"]
    leaf = next((part for part in reversed(loc) if isinstance(part, str)), "")
    if error.get("input") in (None, "", []) and leaf in REQUIRED:
        return str(REQUIRED[leaf])
    if kind == "too_short" and leaf == "topics":
        return str(REQUIRED["topics"])
    if kind == "string_pattern_mismatch" and leaf in PATTERNS:
        return str(PATTERNS[leaf])
    if kind == "literal_error":
        return _("Choose one of: %(options)s.", options=error["ctx"]["expected"])
    if kind in BY_TYPE:
        return str(BY_TYPE[kind])
    text = str(error["msg"]).removeprefix("Value error, ")
    text = str(RULES.get(text, text))
    return text[:1].upper() + text[1:]


def first_errors(
    err: ValidationError,
    field_of: Callable[[Any], str],
    message: Callable[[Any, str], str],
) -> dict[str, str]:
    """Each field's first error message, keyed by the field's id in the form: `field_of`
    finds an error's field, and `message` says it (given the error and that field)."""
    errors: dict[str, str] = {}
    for error in err.errors():
        key = field_of(error)
        errors.setdefault(key, message(error, key))
    return errors
