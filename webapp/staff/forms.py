"""Staff forms: sign-in and staff accounts (Flask-WTF), the service and the guide editors.

The service editor has nested, repeating parts (locations and their schedules), so it is read
by hand into the ServiceIn shape and checked by the same pydantic rules as the content files.
Its errors are mapped back from each pydantic `loc` path to the form field it belongs to.
The guide editor (repeating sources) is read the same way into the GuideIn shape."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from pydantic import ValidationError
from werkzeug.datastructures import MultiDict
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from webapp.bounds import EMAIL
from webapp.models.staff import ROLES

MIN_PASSWORD_LENGTH = 12


class LoginForm(FlaskForm):
    email = EmailField(_l("Email address"), [DataRequired(_l("Enter your email address."))])
    password = PasswordField(_l("Password"), [DataRequired(_l("Enter your password."))])


class UserForm(FlaskForm):
    email = EmailField(
        _l("Email address"),
        [
            DataRequired(_l("Enter their email address.")),
            Regexp(EMAIL, message=_l("Enter an email address.")),
            Length(max=200),
        ],
    )
    name = StringField(_l("Full name"), [DataRequired(_l("Enter their name.")), Length(max=200)])
    role = SelectField(_l("Role"), choices=list(ROLES), default="editor")
    password = PasswordField(
        _l("Password"),
        [
            DataRequired(_l("Enter a password.")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=_l("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH),
            ),
        ],
    )
    confirm = PasswordField(
        _l("Password again"), [EqualTo("password", _l("The two passwords are not the same."))]
    )


# --- The service editor -------------------------------------------------------------------

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


def _text(value: Any) -> str:
    """A stored value as an input shows it: no None, times without seconds."""
    if value is None:
        return ""
    text = str(value)
    return text[:5] if re.fullmatch(r"\d\d:\d\d:00", text) else text


def _audience_view(data: dict[str, Any]) -> dict[str, Any]:
    """Who a service or guide is for (its `audience`), as the editor's fields show it."""
    audience = data.get("audience", {})
    view: dict[str, Any] = {key: _text(audience.get(key)) for key in ("min_age", "max_age")}
    view["carers"], view["parents"] = audience.get("carers", False), audience.get("parents", False)
    return view


def _form_values(
    form: MultiDict[str, str], keys: tuple[str, ...], prefix: str = ""
) -> dict[str, Any]:
    """The posted text of these fields (named `prefix` + key), trimmed."""
    return {key: form.get(prefix + key, "").strip() for key in keys}


def _form_row(form: MultiDict[str, str], prefix: str, keys: tuple[str, ...]) -> dict[str, Any]:
    """A repeating row as posted (a location, a session time, a source): its text, and
    whether it is ticked to remove and is the blank row offered for adding one."""
    row = _form_values(form, keys, prefix)
    row["remove"], row["new"] = prefix + "remove" in form, prefix + "new" in form
    return row


def new_service_view() -> dict[str, Any]:
    """The editor's values for a service not yet written."""
    view: dict[str, Any] = {**dict.fromkeys(SCALARS, ""), **dict.fromkeys(FLAGS, False)}
    view.update(status="active", access="self_referral", languages="en", topics=[])
    view["locations"] = [_blank_location()]
    return view


def service_view(data: dict[str, Any]) -> dict[str, Any]:
    """The editor's values for a service in the ServiceIn shape, plus rows to add to."""
    contacts = data.get("contacts", {})
    view: dict[str, Any] = {key: _text(data.get(key)) for key in SCALARS}
    view.update(_audience_view(data))
    view.update({name: _text(contacts.get(key)) for key, name in CONTACT_FIELDS.items()})
    view["languages"] = ", ".join(data.get("languages", []))
    view["topics"] = list(data.get("topics", []))
    view["needs_review"] = data.get("needs_review", False)
    view["locations"] = [
        {
            **{key: _text(location.get(key)) for key in LOCATION_TEXT},
            "remove": False,
            "new": False,
            "schedules": [
                {
                    **{key: _text(schedule.get(key)) for key in SCHEDULE_TEXT},
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


def _indices(form: MultiDict[str, str], prefix: str) -> list[int]:
    pattern = re.compile(rf"^{re.escape(prefix)}([0-9]{{1,4}})-")  # a row number, not a huge one
    found = {int(m.group(1)) for key in form if (m := pattern.match(key))}
    return sorted(found)[:50]


def view_from_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """The editor's values as posted, every row kept (removed and empty ones too)."""
    view = _form_values(form, SCALARS)
    view.update({key: key in form for key in FLAGS})
    view["topics"] = form.getlist("topics")
    view["locations"] = []
    for i in _indices(form, "locations-"):
        prefix = f"locations-{i}-"
        location = _form_row(form, prefix, LOCATION_TEXT)
        location["schedules"] = []
        for j in _indices(form, prefix + "schedules-"):
            sprefix = f"{prefix}schedules-{j}-"
            schedule = _form_row(form, sprefix, SCHEDULE_TEXT)
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


def _or_none(value: str) -> str | None:
    return value or None


def _audience(view: dict[str, Any]) -> dict[str, Any]:
    """The editor's who-it-is-for fields as a service's or guide's `audience`."""
    return {
        "min_age": _or_none(view["min_age"]),
        "max_age": _or_none(view["max_age"]),
        "carers": view["carers"],
        "parents": view["parents"],
    }


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
            schedule: dict[str, Any] = {key: _or_none(srow[key]) for key in SCHEDULE_TEXT}
            schedule["interval"] = srow["interval"] or 1
            schedule["term_time_only"] = srow["term_time_only"]
            schedules.append(schedule)
            kept.append(j)
        location: dict[str, Any] = {key: _or_none(row[key]) for key in LOCATION_TEXT}
        locations.append({**location, "schedules": schedules})
        built.locations.append(i)
        built.schedules.append(kept)
    built.data = {
        "id": view["id"],
        "organisation": _or_none(view["organisation"]),
        "name": view["name"],
        "status": view["status"],
        "description": view["description"],
        "topics": list(view["topics"]),
        "audience": _audience(view),
        "access": view["access"],
        "cost": _or_none(view["cost"]),
        "languages": [code for code in re.split(r"[\s,]+", view["languages"]) if code],
        "contacts": {key: _or_none(view[name]) for key, name in CONTACT_FIELDS.items()},
        "locations": locations,
        "source": view["source"],
        "last_reviewed": _or_none(view["last_reviewed"]),
        "review_due": _or_none(view["review_due"]),
        "needs_review": view["needs_review"],
        "review_reason": _or_none(view["review_reason"]),
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


def _message(error: Any) -> str:
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


def _first_errors(
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


def errors_by_field(err: ValidationError, built: Built | None = None) -> dict[str, str]:
    """Each field's first error message, keyed by the field's id in the form."""
    return _first_errors(
        err,
        lambda error: field_id(tuple(error["loc"]), str(error["msg"]), built),
        lambda error, _key: _message(error),
    )


# --- The guide editor ---------------------------------------------------------------------

GUIDE_SCALARS = (
    "id", "title", "summary", "body", "min_age", "max_age", "last_reviewed", "review_due",
)  # fmt: skip
GUIDE_FLAGS = ("carers", "parents")
SOURCE_TEXT = ("title", "url")
TEXT_FIELDS = ("title", "summary", "body")
GUIDE_REQUIRED = {
    "id": _l("Enter an id for the guide."),
    "title": _l("Enter a title."),
    "body": _l("Enter the text of the guide."),
    "topics": _l("Choose at least one topic."),
    "sources": _l("Add at least one source: where the advice in the guide comes from."),
}
SOURCE_REQUIRED = {
    "title": _l("Enter the name of the source, such as NHS: Anxiety."),
    "url": _l("Enter the web address of the source."),
}
GUIDE_ID = _l("Use lower-case letters, numbers and hyphens only, such as low-mood.")
SOURCE_URL = _l("Enter a full web address starting https://, such as https://www.nhs.uk/.")


def _blank_source() -> dict[str, Any]:
    return {**dict.fromkeys(SOURCE_TEXT, ""), "remove": False, "new": True}


def new_guide_view() -> dict[str, Any]:
    """The guide editor's values for a guide not yet written."""
    view: dict[str, Any] = {**dict.fromkeys(GUIDE_SCALARS, ""), **dict.fromkeys(GUIDE_FLAGS, False)}
    view.update(topics=[], exercises=[], sources=[_blank_source()])
    return view


def guide_view(data: dict[str, Any]) -> dict[str, Any]:
    """The guide editor's values for a guide in the GuideIn shape, plus a source to add."""
    view: dict[str, Any] = {key: _text(data.get(key)) for key in GUIDE_SCALARS}
    view.update(_audience_view(data))
    view["topics"], view["exercises"] = (
        list(data.get("topics", [])),
        list(data.get("exercises", [])),
    )
    view["sources"] = [
        {**{key: _text(source.get(key)) for key in SOURCE_TEXT}, "remove": False, "new": False}
        for source in data.get("sources", [])
    ] + [_blank_source()]
    return view


def guide_view_from_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """The guide editor's values as posted, every source row kept (removed and empty too)."""
    view = _form_values(form, GUIDE_SCALARS)
    view.update({key: key in form for key in GUIDE_FLAGS})
    view["topics"], view["exercises"] = form.getlist("topics"), form.getlist("exercises")
    view["sources"] = [
        _form_row(form, f"sources-{i}-", SOURCE_TEXT) for i in _indices(form, "sources-")
    ]
    return view


@dataclass
class BuiltGuide:
    """A guide in the GuideIn shape, and which editor row each of its sources came from."""

    data: dict[str, Any]
    sources: list[int] = field(default_factory=list)  # built index -> row index


def build_guide(view: dict[str, Any], **fixed: Any) -> BuiltGuide:
    """The GuideIn-shaped dict of the editor's values; `fixed` adds what the form does not
    edit (id on edit, translations, retired). Removed and empty source rows are left out."""
    built = BuiltGuide({})
    sources = []
    for i, row in enumerate(view["sources"]):
        if row["remove"] or not any(row[key] for key in SOURCE_TEXT):
            continue
        sources.append({key: row[key] for key in SOURCE_TEXT})
        built.sources.append(i)
    built.data = {
        "id": view["id"],
        "title": view["title"],
        "summary": view["summary"],
        "body": view["body"],
        "topics": list(view["topics"]),
        "audience": _audience(view),
        "exercises": list(view["exercises"]),
        "sources": sources,
        "last_reviewed": _or_none(view["last_reviewed"]),
        "review_due": _or_none(view["review_due"]),
        **fixed,
    }
    return built


def guide_field_id(loc: tuple[Any, ...], built: BuiltGuide | None = None) -> str:
    """The guide editor's field an error belongs to, by the error's path through GuideIn."""
    rows = built.sources if built else []
    match loc:
        case ("sources", int(k), name, *_):
            return f"sources-{rows[k] if k < len(rows) else k}-{name}"
        case ("sources", *_):
            return "sources"
        case ("audience", name, *_):
            return str(name)
        case ("audience",):
            return "max_age"  # the rule across both ages
        case ("translations", _locale, name, *_):
            return str(name)
        case (name, *_):
            return str(name)
    return "title"


def _guide_message(error: Any, key: str) -> str:
    """A pydantic error on a guide in words staff can act on."""
    loc, kind = tuple(error["loc"]), error["type"]
    leaf = next((part for part in reversed(loc) if isinstance(part, str)), "")
    empty = error.get("input") in (None, "", [])
    if key == "sources" and kind == "too_short":
        return str(GUIDE_REQUIRED["sources"])
    if key.startswith("sources-"):
        if empty and leaf in SOURCE_REQUIRED:
            return str(SOURCE_REQUIRED[leaf])
        if leaf == "url" and kind == "value_error":
            return str(SOURCE_URL)
    elif leaf in GUIDE_REQUIRED and (empty or kind == "too_short"):
        return str(GUIDE_REQUIRED[leaf])  # too short: only spaces, removed before the check
    if kind == "string_pattern_mismatch" and leaf == "id":
        return str(GUIDE_ID)
    return _message(error)


def guide_errors(err: ValidationError, built: BuiltGuide | None = None) -> dict[str, str]:
    """Each guide editor field's first error message, keyed by the field's id in the form."""
    return _first_errors(
        err, lambda error: guide_field_id(tuple(error["loc"]), built), _guide_message
    )


def text_from_form(form: MultiDict[str, str]) -> dict[str, str]:
    """One language's guide text as posted: title, summary, body and status."""
    text = _form_values(form, TEXT_FIELDS)
    text["status"] = form.get("status", "needs_review")
    return text
