"""Rendering staff pages: always in English, whichever language this browser chose for the chat.

Also the pieces every staff editor shares (services and guides): the languages content is
translated into, finding an item or one of its parts, the list's search, the version an
edit started from, saving it (or finding someone else saved first), retiring, and a history."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request
from flask_babel import force_locale
from flask_babel import gettext as _
from pydantic import ValidationError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from webapp import bounds, clock
from webapp.content.store import StaleEdit
from webapp.content.yaml_io import diff
from webapp.extensions import db
from webapp.models.content import TOPICS
from webapp.staff import search

T = TypeVar("T")


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


def item_or_404(model: type[T], key: Any) -> T:
    """The service, guide or other item with this key, or Not Found."""
    item = db.session.get(model, key)
    if item is None:
        abort(404)
    return item


def owned_or_404(model: type[T], key: Any, **owner: Any) -> T:
    """One of an item's parts (a saved version, some opening hours), or Not Found if there
    is none or it is another item's: `owner` names the column saying whose it is, and its value."""
    part = db.session.get(model, key)
    if part is None or any(getattr(part, name) != value for name, value in owner.items()):
        abort(404)
    return part


def searched(
    model: Any, query: sa.Select[Any], texts: Callable[[Any], Iterable[str | None]]
) -> tuple[list[Any], dict[str, Any]]:
    """A staff list (services, guides) as its search form asks: `?q=` found in any of the
    item's `texts` (staff/search.py: accents, spaces and punctuation aside), `?topic=`, and
    retired items only with `?retired=1`. Returns the items and what the list page shows of
    the search (staff/_macros.html search_form)."""
    q = request.args.get("q", "").strip()
    topic = request.args.get("topic", "")
    show_retired = request.args.get("retired") == "1"
    if not show_retired:
        query = query.where(model.retired_at.is_(None))
    items = [
        item
        for item in db.session.scalars(query)
        if (not topic or topic in item.topics) and (not q or search.matches(q, texts(item)))
    ]
    search_shown = {
        "q": q,
        "topic": topic,
        "show_retired": show_retired,
        "topics": TOPICS,
        "today": clock.today(),
    }
    return items, search_shown


def posted_version() -> int:
    """The version the editor started from; anything unreadable counts as out of date."""
    version = bounds.whole_number(request.form.get("version", ""), name="version")
    return -1 if version is None else version


def id_taken(model: Any, key: str) -> bool:
    """Whether an item with the id typed for a new one already exists."""
    return bool(key) and db.session.get(model, key) is not None


def commit_create(save: Callable[[], tuple[T, bool]]) -> T | None:
    """Run a store save that adds an item, and commit: the item, or None (rolled back,
    nothing written) if someone else took its id meanwhile."""
    try:
        item, _changed = save()
        db.session.commit()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return None
    return item


def commit_save(save: Callable[[], tuple[Any, bool]]) -> bool | None:
    """Run a store save that checks the version the edit started from, and commit: whether it
    changed anything, or None (rolled back, nothing written) if someone else saved first."""
    try:
        _item, changed = save()
        db.session.commit()
    except (StaleEdit, StaleDataError):
        db.session.rollback()
        return None
    return changed


def flash_saved(changed: bool, message: str) -> None:
    """Say a save is done (`message`), or that it changed nothing."""
    if changed:
        flash(message, "success")
    else:
        flash(_("Nothing was changed."), "info")


def retire_and_report(changed: bool, message: str, back: str) -> Response:
    """After retiring or restoring an item: commit and say so (`message`) if that changed it."""
    if changed:
        db.session.commit()
        flash(message, "success")
    return redirect(back)


def _line_kind(line: str) -> str:
    if line.startswith("@@"):
        return "hunk"
    return {"+": "added", "-": "removed"}.get(line[:1], "context")


def history_entries(
    revisions: Iterable[Any], roll_back_url: Callable[[int], str]
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


def history_page(
    revisions: Iterable[Any],
    roll_back_url: Callable[[int], str],
    name: str,
    caption: str,
    back: str,
) -> str:
    """The history page of one item: every saved version, newest first (history_entries)."""
    return render(
        "staff/history.html",
        name=name,
        caption=caption,
        back=back,
        entries=history_entries(revisions, roll_back_url),
    )


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


def local_time(moment: datetime | None) -> str:
    """A moment as staff read it: Leicester wall-clock time, such as "Mon 8 Dec 09:00"."""
    if moment is None:
        return ""
    return clock.aware(moment).astimezone(clock.LONDON).strftime("%a %-d %b %H:%M")
