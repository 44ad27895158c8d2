"""Replies and guides are written for a reading age of about 9 to 11: every English reply the
assistant can give, and every guide we ship, has a Flesch-Kincaid grade of 9 or under
(textstat, as scripts/reading_age.py prints it); their easy-read versions, the booking steps'
and the exercises' too, 5 or under. A new text above it fails here, by name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import textstat
import yaml
from flask import Flask
from flask_babel import LazyString, force_locale

from webapp.booking import easy_wording as booking_easy_wording
from webapp.guides import easy_wording as guides_easy_wording
from webapp.guides.markdown import plain
from webapp.services import easy_wording, wording

GUIDES = Path(__file__).parents[2] / "content" / "guides"
HIGHEST_GRADE = 9.0
HIGHEST_EASY_READ_GRADE = 5.0
# Fewer words than this are labels ("Book an appointment"), which a grade does not measure.
FEWEST_WORDS = 6


def english_replies() -> Iterator[tuple[str, str]]:
    """(name, English text) for every reply text in wording.py: the templates, and the texts
    kept beside them (crisis, check-in, which service, nearby)."""
    for name, template in wording.TEMPLATES.items():
        yield f"TEMPLATES[{name}]", str(template.text)
    for name, value in vars(wording).items():
        if isinstance(value, LazyString):
            yield name, str(value)
        elif isinstance(value, dict):
            for key, text in value.items():
                if isinstance(text, LazyString):
                    yield f"{name}[{key}]", str(text)


def english_easy_read_replies() -> Iterator[tuple[str, str]]:
    """(name, English text) for every easy-read text in the easy_wording.py modules (the
    replies, the booking steps, the exercises), however nested."""
    for module in (easy_wording, booking_easy_wording, guides_easy_wording):
        for name, value in vars(module).items():
            if name.isupper():
                yield from _texts(name, value)


def _texts(name: str, value: object) -> Iterator[tuple[str, str]]:
    if isinstance(value, LazyString):
        yield name, str(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(f"{name}[{key}]", item)
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _texts(f"{name}[{index}]", item)


def grade(text: str) -> float:
    # Placeholders read as the words they stand for: "%(name)s" as "name".
    return float(textstat.flesch_kincaid_grade(text.replace("%(", "").replace(")s", "")))


def too_hard(texts: Iterator[tuple[str, str]], highest: float = HIGHEST_GRADE) -> dict[str, float]:
    return {
        name: round(grade(text), 1)
        for name, text in texts
        if len(text.split()) >= FEWEST_WORDS and grade(text) > highest
    }


def test_every_english_reply_reads_at_grade_9_or_under(app: Flask) -> None:
    with app.test_request_context(), force_locale("en"):
        replies = list(english_replies())
    assert len(replies) > 20, "the reply texts were not found"
    assert too_hard(iter(replies)) == {}


def test_every_guide_reads_at_grade_9_or_under() -> None:
    guides = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(GUIDES.glob("*.yml"))]
    assert guides, "no guides found"
    assert too_hard((g["id"], plain(g["body"])) for g in guides) == {}


def test_every_english_easy_read_reply_reads_at_grade_5_or_under(app: Flask) -> None:
    with app.test_request_context(), force_locale("en"):
        replies = list(english_easy_read_replies())
    assert len(replies) > 30, "the easy-read reply texts were not found"
    names = {name.split("[")[0] for name, _ in replies}
    assert {"BOOKING", "EXERCISES", "EXERCISE_STOPPED"} <= names, "booking or exercises missing"
    assert too_hard(iter(replies), HIGHEST_EASY_READ_GRADE) == {}


def test_every_guides_easy_read_text_reads_at_grade_5_or_under() -> None:
    guides = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(GUIDES.glob("*.yml"))]
    missing = [g["id"] for g in guides if not g.get("easy_body")]
    assert missing == [], "these guides have no easy_body"
    easy = ((g["id"], plain(g["easy_body"])) for g in guides)
    assert too_hard(easy, HIGHEST_EASY_READ_GRADE) == {}


def test_a_hard_text_is_named() -> None:
    hard = (
        "Notwithstanding considerable organisational complexity, practitioners "
        "systematically prioritise individualised multidisciplinary interventions."
    )
    assert too_hard(iter([("example", hard), ("plain", "We can help you find a group.")])) == {
        "example": round(grade(hard), 1)
    }
