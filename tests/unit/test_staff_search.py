"""A staff search finds what staff type, whatever the accents, spacing or punctuation."""

from __future__ import annotations

import pytest

from webapp.staff.search import compact, folded, matches


def test_accents_and_case_are_let_go() -> None:
    assert folded("Café CRÈCHE") == "cafe creche"
    assert matches("cafe", ["Memory Café"]) and matches("CAFÉ", ["memory cafe"])


@pytest.mark.parametrize(
    "typed", ["0116 295 3000", "01162953000", "0116-295-3000", "+44 116 295 3000"]
)
def test_a_phone_number_is_found_however_it_is_spaced(typed: str) -> None:
    assert compact(typed) == "01162953000"
    assert matches(typed, ["0116 2953000"])


def test_a_postcode_is_found_with_or_without_its_space() -> None:
    assert matches("le16th", ["LE1 6TH"]) and matches("LE1 6TH", ["le16th"])
    assert not matches("LE5 1AA", ["LE1 6TH"])


def test_what_is_typed_is_text_not_a_pattern_and_too_little_finds_nothing_squeezed() -> None:
    assert not matches("cafe", [None, ""])
    assert matches("%", ["100% sure"]) and not matches("%", ["Memory cafe"])
    assert not matches("-", ["Memory cafe"]) and not matches("l e", ["Leicester"])
