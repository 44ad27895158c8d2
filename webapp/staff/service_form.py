"""The service editor's form: a service's values as the editor shows them, as posted, and
built into the ServiceIn shape, with pydantic's errors mapped back to the editor's fields."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from werkzeug.datastructures import MultiDict

from webapp.staff.editor_fields import (
    audience_data,
    audience_view,
    first_errors,
    form_row,
    form_values,
    indices,
    message,
    or_none,
    shown,
)

SCALARS = (
    "id", "organisation", "name", "status", "description", "min_age", "max_age", "access",
    "cost", "languages", "phone", "text_number", "text_body", "email", "website",
    "home_page_reason", "source", "last_reviewed", "review_due", "review_reason",
)  # fmt: skip
FLAGS = ("carers", "parents", "needs_review")
LOCATION_TEXT = ("name", "address", "postcode", "area")
SCHEDULE_TEXT = (
    "freq", "interval", "byday", "opens_at", "closes_at", "valid_from", "valid_to", "note",
)  # fmt: skip
# The form's name for each contact, by its ServiceIn name.
CONTACT_FIELDS = {
    "phone": "phone",
    "text": "text_number",
    "text_body": "text_body",
    "email": "email",
    "website": "website",
    "home_page_reason": "home_page_reason",
}


def _blank_schedule() -> dict[str, Any]:
    return {
        **dict.fromkeys(SCHEDULE_TEXT, ""),
        "freq": "WEEKLY",
        "interval": "1",
        "term_time_only": False,
        "remove": False,
        "new": True,
    }


def _blank_location() -> dict[str, Any]:
    location = {**dict.fromkeys(LOCATION_TEXT, ""), "remove": False, "new": True}
    return {**location, "schedules": [_blank_schedule()]}


def new_service_view() -> dict[str, Any]:
    """The editor's values for a service not yet written."""
    view: dict[str, Any] = {**dict.fromkeys(SCALARS, ""), **dict.fromkeys(FLAGS, False)}
    view.update(status="active", access="self_referral", languages="en", topics=[])
    view["locations"] = [_blank_location()]
    return view


def service_view(data: dict[str, Any]) -> dict[str, Any]:
    """The editor's values for a service in the ServiceIn shape, plus rows to add to."""
    contacts = data.get("contacts", {})
    view: dict[str, Any] = {key: shown(data.get(key)) for key in SCALARS}
    view.update(audience_view(data))
    view.update({name: shown(contacts.get(key)) for key, name in CONTACT_FIELDS.items()})
    view["languages"] = ", ".join(data.get("languages", []))
    view["topics"] = list(data.get("topics", []))
    view["needs_review"] = data.get("needs_review", False)
    view["locations"] = [
        {
            **{key: shown(location.get(key)) for key in LOCATION_TEXT},
            "remove": False,
            "new": False,
            "schedules": [
                {
                    **{key: shown(schedule.get(key)) for key in SCHEDULE_TEXT},
                    "term_time_only": schedule.get("term_time_only", False),
                    "remove": False,
                    "new": False,
                }
                for schedule in location.get("schedules", [])
            ]
            + [_blank_schedule()],
        }
        for location in data.get("locations", [])
    ] + [_blank_location()]
    return view


def view_from_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """The editor's values as posted, every row kept (removed and empty ones too)."""
    view = form_values(form, SCALARS)
    view.update({key: key in form for key in FLAGS})
    view["topics"] = form.getlist("topics")
    view["locations"] = []
    for i in indices(form, "locations-"):
        prefix = f"locations-{i}-"
        location = form_row(form, prefix, LOCATION_TEXT)
        location["schedules"] = []
        for j in indices(form, prefix + "schedules-"):
            sprefix = f"{prefix}schedules-{j}-"
            schedule = form_row(form, sprefix, SCHEDULE_TEXT)
            schedule["term_time_only"] = sprefix + "term_time_only" in form
            location["schedules"].append(schedule)
        view["locations"].append(location)
    return view


def _schedule_is_empty(schedule: dict[str, Any]) -> bool:
    keys = ("byday", "opens_at", "closes_at", "valid_from", "valid_to", "note")
    untouched = schedule["interval"] in ("", "1") and not schedule["term_time_only"]
    return untouched and not any(schedule[key] for key in keys)


def _location_is_empty(location: dict[str, Any]) -> bool:
    return not any(location[key] for key in LOCATION_TEXT) and all(
        _schedule_is_empty(s) or s["remove"] for s in location["schedules"]
    )


@dataclass
class Built:
    """A service in the ServiceIn shape, and which editor row each location came from."""

    data: dict[str, Any]
    locations: list[int] = field(default_factory=list)  # built index -> row index
    schedules: list[list[int]] = field(default_factory=list)


def build_service(view: dict[str, Any], **fixed: Any) -> Built:
    """The ServiceIn-shaped dict of the editor's values; `fixed` adds what the form does not
    edit (id on edit, translations, retired). Removed and empty rows are left out."""
    built = Built({})
    locations = []
    for i, row in enumerate(view["locations"]):
        if row["remove"] or _location_is_empty(row):
            continue
        schedules, kept = [], []
        for j, srow in enumerate(row["schedules"]):
            if srow["remove"] or _schedule_is_empty(srow):
                continue
            schedule: dict[str, Any] = {key: or_none(srow[key]) for key in SCHEDULE_TEXT}
            schedule["interval"] = srow["interval"] or 1
            schedule["term_time_only"] = srow["term_time_only"]
            schedules.append(schedule)
            kept.append(j)
        location: dict[str, Any] = {key: or_none(row[key]) for key in LOCATION_TEXT}
        locations.append({**location, "schedules": schedules})
        built.locations.append(i)
        built.schedules.append(kept)
    built.data = {
        "id": view["id"],
        "organisation": or_none(view["organisation"]),
        "name": view["name"],
        "status": view["status"],
        "description": view["description"],
        "topics": list(view["topics"]),
        "audience": audience_data(view),
        "access": view["access"],
        "cost": or_none(view["cost"]),
        "languages": [code for code in re.split(r"[\s,]+", view["languages"]) if code],
        "contacts": {key: or_none(view[name]) for key, name in CONTACT_FIELDS.items()},
        "locations": locations,
        "source": view["source"],
        "last_reviewed": or_none(view["last_reviewed"]),
        "review_due": or_none(view["review_due"]),
        "needs_review": view["needs_review"],
        "review_reason": or_none(view["review_reason"]),
        **fixed,
    }
    return built


def field_id(loc: tuple[Any, ...], message: str, built: Built | None = None) -> str:
    """The form field an error belongs to, by the error's path through ServiceIn."""
    rows = built.locations if built else []
    match loc:
        case ():
            return "contacts"  # the service-wide rule: some way to reach it
        case ("contacts", name, *_):
            return CONTACT_FIELDS.get(str(name), "contacts")
        case ("audience", name, *_):
            return str(name)
        case ("audience",):
            return "max_age"
        case ("locations", int(k), "schedules", int(m), *rest):
            i = rows[k] if k < len(rows) else k
            j = built.schedules[k][m] if built and k < len(rows) else m
            name = rest[0] if rest else ("valid_to" if "valid_to" in message else "closes_at")
            return f"locations-{i}-schedules-{j}-{name}"
        case ("locations", int(k), name, *_):
            i = rows[k] if k < len(rows) else k
            return f"locations-{i}-{name}"
        case ("translations", locale, name, *_):
            return f"translations-{locale}-{name}"
        case (name, *_):
            return str(name)
    return "contacts"


def errors_by_field(err: ValidationError, built: Built | None = None) -> dict[str, str]:
    """Each field's first error message, keyed by the field's id in the form."""
    return first_errors(
        err,
        lambda error: field_id(tuple(error["loc"]), str(error["msg"]), built),
        lambda error, _key: message(error),
    )
