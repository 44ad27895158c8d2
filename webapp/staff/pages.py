"""Rendering staff pages: always in English, whichever language this browser chose for the chat.

Also the small pieces every staff editor shares (services and guides): the languages content
is translated into, the version an edit started from, a search pattern, and a history."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Response, current_app, flash, redirect, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from pydantic import ValidationError

from webapp.content import store
from webapp.extensions import db


def error_list(errors: dict[str, str]) -> list[dict[str, str]]:
    """Items for the NHS.UK error summary, each linking to its field."""
    return [{"text": message, "href": f"#{key}"} for key, message in errors.items()]


def render(template: str, **context: Any) -> str:
    """A staff page in English (the staff UI), its strings still wrapped for gettext."""
    with force_locale("en"):
        return render_template(template, **context)


def locales() -> list[str]:
    """The languages content can be translated into: every chat language but English."""
    return [code for code in current_app.config["LANGUAGES"] if code != "en"]


def posted_version() -> int:
    """The version the editor started from; anything unreadable counts as out of date."""
    version = request.form.get("version", "")
    return int(version) if version.isdigit() else -1


def like_pattern(words: str) -> str:
    """A LIKE pattern (escape character \\) matching text that contains `words` as typed."""
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _line_kind(line: str) -> str:
    if line.startswith("@@"):
        return "hunk"
    return {"+": "added", "-": "removed"}.get(line[:1], "context")


Diff = Callable[[dict[str, Any] | None, dict[str, Any]], list[str]]


def history_entries(
    revisions: Iterable[Any], roll_back_url: Callable[[int], str], diff: Diff = store.diff
) -> list[dict[str, Any]]:
    """Every saved version (each with a `snapshot`), newest first, with the diff from the one
    before it and the address that rolls back to it (staff/history.html shows them)."""
    entries, previous = [], None
    for revision in revisions:
        lines = diff(previous, revision.snapshot)
        entries.append(
            {
                "revision": revision,
                "lines": [(_line_kind(line), line) for line in lines],
                "roll_back": roll_back_url(revision.id),
            }
        )
        previous = revision.snapshot
    entries.reverse()
    return entries


def roll_back_and_report(roll_back: Callable[[], bool], name: str, back: str) -> Response:
    """Run an admin's roll back, commit it and say what happened, then go back to the
    history; a version that no longer passes today's content rules is refused, unchanged."""
    try:
        changed = roll_back()
    except ValidationError:
        db.session.rollback()
        flash(_("That version no longer passes the content rules, so it cannot be restored."))
        return redirect(back)
    db.session.commit()
    if changed:
        flash(_("%(name)s is back to an earlier version.", name=name), "success")
    else:
        flash(_("That version is the same as the current one: nothing was changed."), "info")
    return redirect(back)
