"""Which guides suit a topic and a person, each guide in the reader's language, and which are
due for review or await translation."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from webapp import snapshots
from webapp.extensions import db
from webapp.models import Guide, GuideText
from webapp.models.guide import TEXT_STATUSES


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


@dataclass(frozen=True)
class Title:
    """A guide as the chat links to it: its id and its title in the reader's language."""

    guide_id: str
    title: str


@dataclass(frozen=True)
class _Linkable:
    """What the chat needs of a live guide to link to it: who it suits and its titles."""

    guide_id: str
    topics: tuple[str, ...]
    min_age: int | None
    max_age: int | None
    for_parents: bool
    for_carers: bool
    titles: dict[str, str]  # locale -> title


def _load_linkable() -> tuple[_Linkable, ...]:
    query = (
        sa.select(Guide)
        .where(Guide.retired_at.is_(None))
        .options(selectinload(Guide.texts).load_only(GuideText.locale, GuideText.title))
        .order_by(Guide.id)
    )
    return tuple(
        _Linkable(
            g.id,
            tuple(g.topics),
            g.min_age,
            g.max_age,
            g.for_parents,
            g.for_carers,
            {t.locale: t.title for t in g.texts},
        )
        for g in db.session.scalars(query)
    )


def chat_titles(
    named: Collection[str], topic: str | None, age: int | None, locale: str, limit: int = 2
) -> list[Title]:
    """The guides a reply names, then guides on its topic that suit the person's age
    (parents' and carers' guides always do): at most `limit` of each, with their titles in
    the reader's language, else English.

    This runs on every chat turn, so it reads a copy of the guides' titles that is reloaded
    only when a guide changes (webapp/snapshots.py), never the guide texts themselves."""
    guides = snapshots.snapshot("guide_links", lambda r: r.guides, _load_linkable).get()
    chosen = [g for g in guides if g.guide_id in named][:limit]
    if topic:
        chosen += [g for g in guides if topic in g.topics and _age_fits(g, age)][:limit]
    found: dict[str, Title] = {}
    for guide in chosen:
        if guide.guide_id not in found and (
            shown := guide.titles.get(locale) or guide.titles.get("en")
        ):
            found[guide.guide_id] = Title(guide.guide_id, shown)
    return list(found.values())


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


def _age_fits(guide: Guide | _Linkable, age: int | None) -> bool:
    if age is None or guide.for_parents or guide.for_carers:
        return True
    low = guide.min_age if guide.min_age is not None else 0
    high = guide.max_age if guide.max_age is not None else 200
    return low <= age <= high


def due_for_review(today: date) -> list[Guide]:
    """Live guides whose review date has come or is not set, the longest overdue first."""
    query = (
        sa.select(Guide)
        .where(
            Guide.retired_at.is_(None),
            sa.or_(Guide.review_due.is_(None), Guide.review_due <= today),
        )
        .options(selectinload(Guide.texts))
    )
    return sorted(
        db.session.scalars(query),
        key=lambda g: (g.review_due or date.min, g.last_reviewed or date.min, g.id),
    )


def translation_status(locales: list[str]) -> list[dict[str, Any]]:
    """For each language: which live guides are translated and checked (complete), which
    are translated but not yet checked (needs_review), and which are not translated."""
    query = (
        sa.select(Guide)
        .where(Guide.retired_at.is_(None))
        .options(selectinload(Guide.texts))
        .order_by(Guide.id)
    )
    live = list(db.session.scalars(query))
    rows = []
    for locale in locales:
        row: dict[str, Any] = {"locale": locale, "total": len(live)}
        row.update({status: [] for status in (*TEXT_STATUSES, "missing")})
        for guide in live:
            text = guide.text(locale)
            row[text.status if text else "missing"].append(guide)
        rows.append(row)
    return rows
