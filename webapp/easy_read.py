"""Choosing between a standard text and its easy-read version (the gettext context "easy
read"), for the renderer, the booking steps and the exercises alike. A leaf: it knows only
flask_babel."""

from __future__ import annotations

from flask_babel import LazyString, force_locale


def chosen(
    standard: LazyString, easy: LazyString | None, locale: str, easy_read: bool
) -> LazyString:
    """The easy-read version when asked for (and written in this language), else the
    standard text."""
    return in_language(standard, easy, locale) if easy_read else standard


def in_language(standard: LazyString, easy: LazyString | None, locale: str) -> LazyString:
    """The easy-read text where this language has one, else the language's standard text:
    gettext would give an untranslated easy-read message in English."""
    if easy is None or locale == "en":
        return easy if easy is not None else standard
    with force_locale(locale):
        here = str(easy)
    with force_locale("en"):
        english = str(easy)
    return easy if here != english else standard
