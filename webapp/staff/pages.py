"""Rendering staff pages: always in English, whichever language this browser chose for the chat.

Also the small pieces every staff editor shares (services and guides): the languages content
is translated into, the version an edit started from, a search pattern, and a history."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import current_app, render_template, request
from flask_babel import force_locale

from webapp.content import store


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
