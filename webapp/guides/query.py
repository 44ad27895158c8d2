"""Which guides suit a topic and a person, and each guide in the reader's language."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from webapp.extensions import db
from webapp.models import Guide, GuideText


@dataclass(frozen=True)
class Localised:
    """A guide's text in the language asked for, or in English when not translated yet."""

    guide: Guide
    text: GuideText
    translated: bool  # False: shown in English, with a note


def live_guides() -> list[Guide]:
    query = (
        sa.select(Guide)
        .where(Guide.retired_at.is_(None))
        .options(selectinload(Guide.texts))
        .order_by(Guide.id)
    )
    return list(db.session.scalars(query))


def localised(guide: Guide, locale: str) -> Localised | None:
    own = guide.text(locale)
    if own is not None:
        return Localised(guide, own, True)
    english = guide.text("en")
    return Localised(guide, english, locale == "en") if english else None


def guides_for(topic: str, age: int | None, locale: str, limit: int = 2) -> list[Localised]:
    """Guides on a topic that suit the person's age (parents' and carers' guides always do)."""
    found = []
    for guide in live_guides():
        if topic not in guide.topics or not _age_fits(guide, age):
            continue
        text = localised(guide, locale)
        if text is not None:
            found.append(text)
    return found[:limit]


def search(words: str, locale: str) -> list[Localised]:
    """Guides whose title, summary or text (in the reader's language or English) has all
    the words."""
    wanted = [w.casefold() for w in words.split() if w]
    found = []
    for guide in live_guides():
        text = localised(guide, locale)
        if text is None:
            continue
        english = guide.text("en")
        haystack = " ".join(
            f"{t.title} {t.summary} {t.body}" for t in (text.text, english) if t
        ).casefold()
        if all(w in haystack for w in wanted):
            found.append(text)
    return found


def _age_fits(guide: Guide, age: int | None) -> bool:
    if age is None or guide.for_parents or guide.for_carers:
        return True
    low = guide.min_age if guide.min_age is not None else 0
    high = guide.max_age if guide.max_age is not None else 200
    return low <= age <= high
