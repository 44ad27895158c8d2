"""Guides in the database: every save is a revision (a snapshot of every language), so the
import, the staff editor and roll back share one history; saving unchanged data changes
nothing. Imports read content/guides/<id>.yml and translations/<locale>/<id>.yml."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from webapp import clock, snapshots
from webapp.content.store import StaleEdit
from webapp.content.yaml_io import Problem, check_yaml
from webapp.extensions import db
from webapp.guides.schema import GuideIn, TextIn
from webapp.models import Guide, GuideRevision, GuideText


def guide_dict(guide: Guide) -> dict[str, Any]:
    """A guide in the file shape, every language included, checked by the schema."""
    english = guide.text("en")
    raw = {
        "id": guide.id,
        "title": english.title if english else "",
        "summary": english.summary if english else "",
        "body": english.body if english else "",
        "easy_body": english.easy_body if english else "",
        "topics": list(guide.topics),
        "audience": {
            "min_age": guide.min_age,
            "max_age": guide.max_age,
            "carers": guide.for_carers,
            "parents": guide.for_parents,
        },
        "exercises": list(guide.exercises),
        "sources": list(guide.sources),
        "last_reviewed": guide.last_reviewed,
        "review_due": guide.review_due,
        "retired": guide.retired_at is not None,
        "translations": {
            t.locale: {
                "title": t.title,
                "summary": t.summary,
                "body": t.body,
                "easy_body": t.easy_body,
                "status": t.status,
            }
            for t in guide.texts
            if t.locale != "en"
        },
    }
    return GuideIn.model_validate(raw).model_dump(mode="json", exclude_none=True)


def save_guide(
    data: GuideIn, author: str, action: str, expected_version: int | None = None
) -> tuple[Guide, bool]:
    """Create or update a guide; refuses a stale edit; returns (guide, changed)."""
    guide = db.session.get(Guide, data.id)
    new = data.model_dump(mode="json", exclude_none=True)
    if guide is not None:
        if expected_version is not None and expected_version != guide.version:
            raise StaleEdit(data.id)
        if guide_dict(guide) == new:
            return guide, False
    else:
        guide = Guide(id=data.id)
        db.session.add(guide)
        action = "create" if action == "edit" else action
    _apply(guide, data)
    # Most edits change only the texts (other rows): touching the guide's own row makes every
    # change a new version, so a stale edit or translation is caught whatever it changed.
    guide.updated_at = clock.now()
    db.session.flush()
    db.session.add(GuideRevision(guide=guide, author=author, action=action, snapshot=new))
    snapshots.changed()  # the rest of this request must see the new guide
    return guide, True


def set_retired(guide: Guide, retired: bool, author: str) -> bool:
    """Retire (hide from /help and the chat) or restore a guide, keeping it and its history."""
    data = GuideIn.model_validate({**guide_dict(guide), "retired": retired})
    _, changed = save_guide(data, author, "retire" if retired else "restore")
    return changed


def roll_back(guide: Guide, revision: GuideRevision, author: str) -> bool:
    """Make a past revision the current guide again, as a new revision."""
    _, changed = save_guide(GuideIn.model_validate(revision.snapshot), author, "rollback")
    return changed


@dataclass
class GuideImport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


def import_guides(directory: Path, author: str = "import") -> GuideImport:
    """Import every guide in the folder with its translations; a guide with any problem
    (in its own file or a translation) is refused whole."""
    report = GuideImport()
    for path in sorted(directory.glob("*.yml")):
        guide, problems = _read(path, directory)
        if guide is None:
            report.problems.extend(problems)
            continue
        existed = db.session.get(Guide, guide.id) is not None
        _, changed = save_guide(guide, author, "import")
        if not changed:
            report.unchanged += 1
        elif existed:
            report.updated += 1
        else:
            report.created += 1
    db.session.commit()
    return report


def has_guides() -> bool:
    return bool(db.session.scalar(sa.select(sa.func.count(Guide.id))))


def _read(path: Path, directory: Path) -> tuple[GuideIn | None, list[Problem]]:
    base, _, problems = check_yaml(path, GuideIn)
    if base is None:
        return None, list(problems)
    translations: dict[str, TextIn] = dict(base.translations)
    found: list[Problem] = []
    for translation in sorted(directory.glob(f"translations/*/{path.name}")):
        text, _, problems = check_yaml(translation, TextIn)
        found.extend(problems)
        if text is not None:
            translations[translation.parent.name] = text
    if found:
        return None, found
    return base.model_copy(update={"translations": translations}), []


def _apply(guide: Guide, data: GuideIn) -> None:
    guide.topics, guide.exercises = list(data.topics), list(data.exercises)
    guide.min_age, guide.max_age = data.audience.min_age, data.audience.max_age
    guide.for_carers, guide.for_parents = data.audience.carers, data.audience.parents
    guide.sources = [s.model_dump() for s in data.sources]
    guide.last_reviewed, guide.review_due = data.last_reviewed, data.review_due
    if not data.retired:
        guide.retired_at = None
    elif guide.retired_at is None:
        guide.retired_at = clock.now()
    english = TextIn(
        title=data.title,
        summary=data.summary,
        body=data.body,
        easy_body=data.easy_body,
        status="complete",
    )
    texts = {"en": english}
    texts.update(data.translations)
    # Update each language in place (its key is guide + locale), add new ones, drop the rest.
    current = {t.locale: t for t in guide.texts}
    for locale, wanted in texts.items():
        row = current.pop(locale, None) or GuideText(locale=locale)
        row.title, row.summary, row.body = wanted.title, wanted.summary, wanted.body
        row.easy_body = wanted.easy_body
        row.status = wanted.status
        if row not in guide.texts:
            guide.texts.append(row)
    for gone in current.values():
        guide.texts.remove(gone)
