"""How complete each language's catalog is, and how many strings await a native speaker.

A translation is 'needs review' while its entry carries the translator comment
`needs-review`; a native speaker removes the comment once they have checked it.

Easy-read versions (the context "easy read") are written where a language needs them and
are not counted as missing: the standard text stands in for one not written yet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

REVIEW_MARK = "needs-review"
EASY_READ = "easy read"  # the gettext context of the easy-read versions


@dataclass(frozen=True)
class CatalogStatus:
    locale: str
    total: int
    translated: int
    needs_review: tuple[str, ...]  # msgids a native speaker has still to check

    @property
    def percent_translated(self) -> int:
        return round(100 * self.translated / self.total) if self.total else 100


def read_catalog(path: Path) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle)


def template_ids(translations: Path, easy_read: bool = False) -> set[str]:
    """Every message id the code uses, from messages.pot (and its easy-read versions)."""
    catalog = read_catalog(translations / "messages.pot")
    return {str(m.id) for m in catalog if m.id and (easy_read or m.context != EASY_READ)}


def status(translations: Path, locale: str) -> CatalogStatus:
    """Completeness and review state of one locale's catalog against messages.pot."""
    wanted = template_ids(translations)
    catalog = read_catalog(translations / locale / "LC_MESSAGES" / "messages.po")
    translated, review = 0, []
    for message in catalog:
        key = str(message.id)
        if not message.id or key not in wanted or message.context == EASY_READ:
            continue
        if message.string and not message.fuzzy:
            translated += 1
        if REVIEW_MARK in message.user_comments:
            review.append(key)
    return CatalogStatus(locale, len(wanted), translated, tuple(sorted(review)))
