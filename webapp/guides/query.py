"""Which guides suit a topic and a person, and each guide in the reader's language."""

from __future__ import annotations

from collections.abc import Collection
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


@dataclass(frozen=True)
class Title:
    """A guide as the chat links to it: its id and its title in the reader's language."""

    guide_id: str
    title: str


def chat_titles(
    named: Collection[str], topic: str | None, age: int | None, locale: str, limit: int = 2
) -> list[Title]:
    """The guides a reply names, then guides on its topic that suit the person's age
    (parents' and carers' guides always do): at most `limit` of each, with their titles in
    the reader's language, else English.

    This runs on every chat turn, so it reads the guides and two languages' titles only, in
    one query, never the guide texts themselves."""
    query = (
        sa.select(Guide, GuideText.locale, GuideText.title)
        .join(GuideText, GuideText.guide_id == Guide.id)
        .where(Guide.retired_at.is_(None), GuideText.locale.in_({locale, "en"}))
        .order_by(Guide.id)
    )
    guides: dict[str, Guide] = {}
    titles: dict[str, dict[str, str]] = {}
    for guide, text_locale, title in db.session.execute(query).tuples():
        guides[guide.id] = guide
        titles.setdefault(guide.id, {})[text_locale] = title
    chosen = [gid for gid in guides if gid in named][:limit]
    if topic:
        on_topic = [g.id for g in guides.values() if topic in g.topics and _age_fits(g, age)]
        chosen += on_topic[:limit]
    found = []
    for guide_id in dict.fromkeys(chosen):
        if shown := titles[guide_id].get(locale) or titles[guide_id].get("en"):
            found.append(Title(guide_id, shown))
    return found


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
