"""Language detection names the language a message is written in, and never guesses on
short or ambiguous messages."""

from __future__ import annotations

import pytest

from webapp.services.language import detect


@pytest.mark.parametrize(
    "text",
    ["hi", "ok", "LE2", "LE2 7PL", "😀😀😀", "ty", "yes please", "CAMHS?", "111", "ok thx 👍"],
)
def test_short_or_ambiguous_messages_never_name_a_language(text: str) -> None:
    assert detect(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my daughter is really struggling at school", "en"),
        ("moja córka jest bardzo smutna od miesięcy", "pl"),
        ("moja corka jest bardzo smutna od miesiecy", "pl"),
        ("o meu filho não dorme há semanas", "pt"),
        ("fiul meu nu mai vrea sa mearga la scoala", "ro"),
        ("wiilkaygu aad buu u walwalsan yahay maalin walba", "so"),
        ("મારા દીકરાને ખૂબ ચિંતા થાય છે", "gu"),
        ("ਮੇਰੀ ਧੀ ਬਹੁਤ ਉਦਾਸ ਰਹਿੰਦੀ ਹੈ", "pa"),
        ("میری بیٹی بہت پریشان رہتی ہے", "ur"),
        ("ابني حزين جدا منذ أشهر", "ar"),
        ("আমার মেয়ে খুব দুঃখী থাকে", "bn"),
    ],
)
def test_native_script_and_latin_languages_are_recognised(text: str, expected: str) -> None:
    assert detect(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mane khub chinta thay che shu karvu", "gu"),
        ("mainu kise naal gal karni hai ji", "pa"),
        ("mujhe apne bete ke liye madad chahiye", "ur"),
    ],
)
def test_romanised_gujarati_punjabi_and_urdu_are_recognised(text: str, expected: str) -> None:
    assert detect(text) == expected


def test_urdu_and_arabic_are_told_apart_by_urdu_only_letters() -> None:
    assert detect("مجھے اپنی امی کے لیے مدد چاہیے") == "ur"
    assert detect("أحتاج مساعدة من أجل والدتي") == "ar"
