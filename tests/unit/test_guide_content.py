"""The guides we ship (content/guides): each one imports cleanly, renders in every shipped
language in that language's own text, keeps the crisis numbers, and prints as a PDF leaflet
whose title can be read back out of it in its own script."""

from __future__ import annotations

import difflib
import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from webapp.config import LANGUAGES
from webapp.extensions import db
from webapp.guides import pdf, store
from webapp.models import Guide

SEED = Path(__file__).parents[2] / "content" / "guides"
GUIDE_IDS = sorted(path.stem for path in SEED.glob("*.yml"))
TRANSLATED = [code for code in LANGUAGES if code != "en"]
# Every phone number and text code a guide gives: its translations must give them all.
NUMBER = re.compile(r"\b(?:999|111|0808 800 3302|0800 1111|116 123|85258)\b")


@pytest.fixture
def shipped(app: Flask) -> Iterator[Flask]:
    with app.app_context():
        report = store.import_guides(SEED)
        assert not report.problems, report.problems
        assert report.created == len(GUIDE_IDS)
    yield app


def page(client: FlaskClient, path: str, locale: str) -> str:
    with client.session_transaction() as session:
        session["locale"] = locale
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_at_least_the_ten_guides_the_issue_names_are_shipped() -> None:
    assert len(GUIDE_IDS) >= 10


def test_every_shipped_guide_has_a_version_in_every_language(shipped: Flask) -> None:
    """A translation is there for each language, and none is marked complete before a
    native speaker has checked it (they are machine-drafted)."""
    with shipped.app_context():
        for guide in db.session.scalars(sa.select(Guide)):
            english = guide.text("en")
            for locale in TRANSLATED:
                text = guide.text(locale)
                assert text is not None, f"{guide.id} has no {locale} version"
                assert text.status == "needs_review", f"{guide.id}/{locale}"
                assert text.title != english.title, f"{guide.id}/{locale} title is English"
                assert set(NUMBER.findall(english.body)) <= set(NUMBER.findall(text.body)), (
                    f"{guide.id}/{locale} lost a phone number"
                )


@pytest.mark.parametrize("locale", list(LANGUAGES))
def test_every_shipped_guide_page_renders_in_the_language_asked_for(
    shipped: Flask, client: FlaskClient, locale: str
) -> None:
    with shipped.app_context():
        titles = {g.id: g.text(locale).title for g in db.session.scalars(sa.select(Guide))}
    index = page(client, "/help/", locale)
    for guide_id, title in titles.items():
        html = page(client, f"/help/{guide_id}", locale)
        heading = html.split("<main")[1].split("</h1>")[0]
        assert title in heading and 'lang="en"' not in heading, f"{guide_id}/{locale}"
        assert f'<html lang="{locale}"' in html
        assert "116 123" in html and "<script>" not in html.split("<main")[1]
        assert title in index


def letters(text: str) -> str:
    """The letters of a text, without spaces, punctuation or combining vowel signs."""
    text = unicodedata.normalize("NFC", text)
    return "".join(c for c in text if unicodedata.category(c).startswith("L"))


def share_read_back(title: str, page_text: str) -> float:
    """How much of the title's letters come back, in order, from the leaflet's heading.

    PDF text is stored glyph by glyph. For Latin and Arabic script it comes back whole; for
    Gujarati, Gurmukhi and Bengali the shaped glyphs of a few conjuncts and vowel signs map
    back to the wrong letters (a limit of PDF text extraction, not of the leaflet: the same
    text is exact in the PDF's title metadata, checked apart)."""
    wanted = letters(title)
    heading = letters(page_text.split("Trust", 1)[-1])[: 2 * len(wanted)]
    matcher = difflib.SequenceMatcher(None, wanted, heading, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(wanted)


@pytest.mark.parametrize("locale", list(LANGUAGES))
def test_every_shipped_leaflet_is_a_pdf_with_its_title_in_its_own_script(
    shipped: Flask, client: FlaskClient, locale: str
) -> None:
    with shipped.app_context():
        titles = {g.id: g.text(locale).title for g in db.session.scalars(sa.select(Guide))}
    font = pdf.FONTS.get(locale, "Noto Sans").replace(" ", "-")
    with client.session_transaction() as session:
        session["locale"] = locale
    for guide_id, title in titles.items():
        response = client.get(f"/help/{guide_id}.pdf")
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        reader = PdfReader(io.BytesIO(response.data))
        assert reader.metadata.title == title, guide_id
        first = reader.pages[0]
        embedded = {str(f.get_object()["/BaseFont"]) for f in first["/Resources"]["/Font"].values()}
        assert any(name.split("+")[-1].startswith(font) for name in embedded), embedded
        text = "".join(page.extract_text() for page in reader.pages)
        exact = locale in ("en", "pl", "ro", "pt", "so", "ar", "ur")
        if exact:  # word by word: a right-to-left line may come back with its runs reordered
            missing = [w for w in title.split() if letters(w) not in letters(text)]
            assert not missing, f"{guide_id}/{locale}: {missing}"
        else:
            assert share_read_back(title, first.extract_text()) >= 0.8, f"{guide_id}/{locale}"
        # The crisis numbers at the foot (right-to-left text may come back group by group).
        assert {"999", "116", "123"} <= set(re.findall(r"\d+", text)), guide_id
