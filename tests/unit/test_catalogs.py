"""Every shipped language has a complete catalog whose placeholders match and which compiles;
messages.pot is up to date with the code."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo

from webapp.config import LANGUAGES, ROOT
from webapp.services.catalog_status import read_catalog, status, template_ids
from webapp.translate import EXTRACT_OPTIONS

TRANSLATIONS = ROOT / "translations"
SHIPPED = [code for code in LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def catalog_path(locale: str) -> Path:
    return TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"


@pytest.mark.parametrize("locale", SHIPPED)
def test_every_message_is_translated(locale: str) -> None:
    state = status(TRANSLATIONS, locale)
    assert state.translated == state.total, f"{locale} misses translations"


@pytest.mark.parametrize("locale", SHIPPED)
def test_placeholders_match_the_english(locale: str) -> None:
    for message in read_catalog(catalog_path(locale)):
        if message.id and message.string:
            wanted = sorted(PLACEHOLDER.findall(str(message.id)))
            got = sorted(PLACEHOLDER.findall(str(message.string)))
            assert got == wanted, f"{locale}: {message.id!r}"


@pytest.mark.parametrize("locale", SHIPPED)
def test_the_catalog_compiles_without_errors(locale: str) -> None:
    catalog = read_catalog(catalog_path(locale))
    problems = [(m.id, errors) for m, errors in catalog.check() if errors]
    assert problems == []
    write_mo(io.BytesIO(), catalog)


def test_messages_pot_is_up_to_date_with_the_code(tmp_path: Path) -> None:
    fresh = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [
            str(pybabel),
            "-q",
            "extract",
            *EXTRACT_OPTIONS,
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    assert {str(m.id) for m in read_catalog(fresh) if m.id} == template_ids(
        TRANSLATIONS, easy_read=True
    ), "Run `flask translate update` and translate the new strings"


def test_each_catalog_records_who_translated_it_and_what_awaits_review() -> None:
    for locale in SHIPPED:
        catalog = read_catalog(catalog_path(locale))
        assert catalog.last_translator, locale
        state = status(TRANSLATIONS, locale)
        assert set(state.needs_review) <= template_ids(TRANSLATIONS)


def test_easy_read_versions_may_wait_for_a_translator_and_are_not_counted_missing() -> None:
    easy = template_ids(TRANSLATIONS, easy_read=True) - template_ids(TRANSLATIONS)
    assert len(easy) > 30, "the easy-read messages (context 'easy read') were not extracted"
    for locale in SHIPPED:
        state = status(TRANSLATIONS, locale)
        assert state.total == len(template_ids(TRANSLATIONS)), locale
