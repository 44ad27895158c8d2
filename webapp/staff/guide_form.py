"""The guide editor's form: a guide's values as the editor shows them, as posted, and built
into the GuideIn shape, with pydantic's errors mapped back to the editor's fields; and one
language's text as posted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
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

GUIDE_SCALARS = (
    "id", "title", "summary", "body", "easy_body", "min_age", "max_age", "last_reviewed",
    "review_due",
)  # fmt: skip
GUIDE_FLAGS = ("carers", "parents")
SOURCE_TEXT = ("title", "url")
TEXT_FIELDS = ("title", "summary", "body", "easy_body")
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
    view: dict[str, Any] = {key: shown(data.get(key)) for key in GUIDE_SCALARS}
    view.update(audience_view(data))
    view["topics"], view["exercises"] = (
        list(data.get("topics", [])),
        list(data.get("exercises", [])),
    )
    view["sources"] = [
        {**{key: shown(source.get(key)) for key in SOURCE_TEXT}, "remove": False, "new": False}
        for source in data.get("sources", [])
    ] + [_blank_source()]
    return view


def guide_view_from_form(form: MultiDict[str, str]) -> dict[str, Any]:
    """The guide editor's values as posted, every source row kept (removed and empty too)."""
    view = form_values(form, GUIDE_SCALARS)
    view.update({key: key in form for key in GUIDE_FLAGS})
    view["topics"], view["exercises"] = form.getlist("topics"), form.getlist("exercises")
    view["sources"] = [
        form_row(form, f"sources-{i}-", SOURCE_TEXT) for i in indices(form, "sources-")
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
        "easy_body": view["easy_body"],
        "topics": list(view["topics"]),
        "audience": audience_data(view),
        "exercises": list(view["exercises"]),
        "sources": sources,
        "last_reviewed": or_none(view["last_reviewed"]),
        "review_due": or_none(view["review_due"]),
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
    return message(error)


def guide_errors(err: ValidationError, built: BuiltGuide | None = None) -> dict[str, str]:
    """Each guide editor field's first error message, keyed by the field's id in the form."""
    return first_errors(
        err, lambda error: guide_field_id(tuple(error["loc"]), built), _guide_message
    )


def text_from_form(form: MultiDict[str, str]) -> dict[str, str]:
    """One language's guide text as posted: title, summary, body, easy read and status."""
    text = form_values(form, TEXT_FIELDS)
    text["status"] = form.get("status", "needs_review")
    return text
