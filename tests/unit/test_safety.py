"""The crisis safety net, as a specification.

Every case in tests/unit/safety_cases/<lang>.yml is a test: must_fire cases must get the crisis
reply (a miss is a bug), must_not_fire cases are everyday hyperbole and questions that must not.
The tests below them pin down the rule files, normalise() and the under-19 decision.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from webapp.services import safety
from webapp.services.safety import SafetyAssessment, assess, normalise

CASES_DIR = Path(__file__).with_name("safety_cases")
RULES_DIR = safety.RULES_DIR
# (must_fire, must_not_fire) minimum counts per language.
MINIMUM_CASES = {"en": (20, 15)}
DEFAULT_MINIMUM_CASES = (8, 6)


def _read_yaml(path: Path) -> Any:
    """A YAML file's contents."""
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _case_file(language: str) -> dict[str, Any]:
    """One language's must_fire / must_not_fire cases."""
    data = _read_yaml(CASES_DIR / f"{language}.yml")
    assert data["language"] == language
    return data


def _case_id(language: str, kind: str, index: int, text: str) -> str:
    """A readable test id: language, kind, number and the text when it is ASCII."""
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40] if text.isascii() else ""
    return f"{language}-{kind}-{index:02d}" + (f"-{slug}" if slug else "")


def _cases(kind: str) -> list[Any]:
    """Every case of one kind across all languages, as pytest params."""
    params = []
    for language in safety.LANGUAGES:
        for index, text in enumerate(_case_file(language)[kind]):
            params.append(pytest.param(language, text, id=_case_id(language, kind, index, text)))
    return params


# ---------------------------------------------------------------------------------- the cases


@pytest.mark.parametrize(("language", "text"), _cases("must_fire"))
def test_must_fire(language: str, text: str) -> None:
    """A message suggesting a risk to life gets the crisis reply, whatever its language."""
    result = assess(text)
    assert result.is_crisis, f"missed: {text!r} (normalised: {normalise(text)!r})"
    assert result.category in safety.CATEGORIES
    assert result.rule_id in safety.RULES_BY_ID


@pytest.mark.parametrize(("language", "text"), _cases("must_not_fire"))
def test_must_not_fire(language: str, text: str) -> None:
    """Everyday hyperbole and ordinary questions do not get the crisis reply."""
    result = assess(text)
    assert not result.is_crisis, f"false alarm: {text!r} fired {result.rule_id}"
    assert result == SafetyAssessment(False, None, None, True)


@pytest.mark.parametrize("language", safety.LANGUAGES)
def test_every_language_has_enough_cases(language: str) -> None:
    """Each language is specified by enough cases of both kinds."""
    cases = _case_file(language)
    fire, not_fire = MINIMUM_CASES.get(language, DEFAULT_MINIMUM_CASES)
    assert len(cases["must_fire"]) >= fire
    assert len(cases["must_not_fire"]) >= not_fire


def test_every_rule_is_exercised_by_a_must_fire_case() -> None:
    """No rule is untested: each one matches at least one must_fire case."""
    exercised: set[str] = set()
    for language in safety.LANGUAGES:
        for text in _case_file(language)["must_fire"]:
            exercised.update(safety.matching_rules(text))
    assert sorted(set(safety.RULES_BY_ID) - exercised) == []


# ---------------------------------------------------------------------------------- the rules


@pytest.mark.parametrize("language", safety.LANGUAGES)
def test_rule_file_is_dated_and_awaits_clinical_review(language: str) -> None:
    """Each rule file says when it was drafted and that a clinician must review it."""
    data = _read_yaml(RULES_DIR / f"{language}.yml")
    assert data["language"] == language
    assert str(data["reviewed"]) == "2026-11-23"
    assert "clinician" in data["review_note"] and "before go-live" in data["review_note"]


@pytest.mark.parametrize("language", safety.LANGUAGES)
def test_rule_file_has_a_sensible_number_of_rules(language: str) -> None:
    """English is the heart of it; every other language has 6 to 15 rules."""
    count = len(_read_yaml(RULES_DIR / f"{language}.yml")["rules"])
    assert count >= 15 if language == "en" else 6 <= count <= 15


def test_every_rule_compiles_and_every_id_is_unique() -> None:
    """Every pattern of every file compiles; ids are unique and name language and category."""
    ids = []
    for language in safety.LANGUAGES:
        for rule in _read_yaml(RULES_DIR / f"{language}.yml")["rules"]:
            ids.append(rule["id"])
            assert rule["category"] in safety.CATEGORIES
            assert rule["id"].startswith(f"{language}.{rule['category']}.")
            assert rule["patterns"] and rule["note"]
            for pattern in rule["patterns"]:
                re.compile(safety.fold_pattern(pattern))
    assert len(ids) == len(set(ids))
    assert set(ids) == set(safety.RULES_BY_ID)


def test_patterns_have_no_upper_case_letters() -> None:
    """Text is case-folded before matching, so an upper-case literal could never match."""
    for rule in safety.RULES:
        for pattern in rule.patterns:
            literal = re.sub(r"\\.", "", pattern)  # escapes such as \S, \b, \W are not literals
            assert not re.search(r"[A-Z]", literal), f"{rule.id}: {pattern}"


def test_rule_files_cover_every_category() -> None:
    """English has rules for every category the reply can name."""
    assert {r.category for r in safety.RULES if r.language == "en"} == safety.CATEGORIES


# ------------------------------------------------------------------------------- assessments


@pytest.mark.parametrize(
    ("text", "category", "rule_id"),
    [
        ("I want to die", "suicide", "en.suicide.want_to_die"),
        ("I'm going to kill myself", "suicide", "en.suicide.kill_myself"),
        ("I've been self harming again", "self_harm", "en.self_harm.self_harm_words"),
        ("i think i took too many pills", "overdose", "en.overdose.too_many_tablets"),
        ("my dad hits me", "harm_to_others_or_child", None),
        ("my toddler swallowed a battery", "harm_to_others_or_child", None),
        ("he's not breathing", "medical_emergency", "en.medical_emergency.not_breathing"),
        ("nie chcę żyć", "suicide", "pl.suicide.dont_want_to_live"),
        ("o meu pai bate-me", "harm_to_others_or_child", None),
    ],
)
def test_category_and_rule_are_named(text: str, category: str, rule_id: str | None) -> None:
    """The category chooses the reply; the rule id goes into the audit log."""
    result = assess(text)
    assert result.category == category
    assert result.rule_id in safety.RULES_BY_ID
    assert safety.RULES_BY_ID[result.rule_id].category == category
    if rule_id:
        assert result.rule_id == rule_id


def test_the_most_urgent_category_wins() -> None:
    """An overdose outranks the suicidal thoughts that came with it."""
    result = assess("I want to die so I took an overdose")
    assert result.category == "overdose"
    assert set(safety.matching_rules("I want to die so I took an overdose")) >= {
        "en.suicide.want_to_die",
        "en.overdose.overdose_word",
    }


def test_negated_statements_still_fire() -> None:
    """Safety first: a denial may be a first disclosure, and a regex cannot tell."""
    assert assess("I'm not suicidal, just stressed").is_crisis
    assert assess("I don't want to kill myself").is_crisis


def test_languages_are_checked_together_whatever_the_locale() -> None:
    """People mix languages: a Polish phrase inside English text still fires."""
    assert assess("sorry my english is bad, chcę umrzeć").rule_id == "pl.suicide.want_to_die"
    assert assess("honestly yaar main marna chahta hun").is_crisis


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u200d", "...", "😊"])
def test_empty_or_blank_text_is_not_a_crisis(text: str) -> None:
    """Nothing said, nothing fired; Childline stays on by default."""
    assert assess(text) == SafetyAssessment(False, None, None, True)


def test_assessment_is_immutable() -> None:
    """An assessment cannot be changed after the fact (it is logged as it was made)."""
    result = assess("I want to die")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.is_crisis = False  # type: ignore[misc]


@pytest.mark.parametrize(
    "text",
    [
        ("i feel so alone and nobody listens " * 300)[:10_000],
        "a" * 10_000,
        "i " * 5_000,
        "my " * 3_333,
        "kill " * 2_000,
        "cant " * 2_000,
        "took " * 2_000,
        "chest pain " * 1_000,
        "wish i " * 1_428,
        "." * 10_000,
        "1" * 10_000,
        ("میں مرنا " + "ਮੈਂ " + "મારે ") * 600,
    ],
    ids=lambda text: f"{text[:12]!r}x{len(text)}",
)
def test_long_messages_complete(text: str) -> None:
    """No catastrophic backtracking: a 10,000-character message is assessed and returns."""
    assert isinstance(assess(text), SafetyAssessment)


def test_crisis_at_the_end_of_a_long_message_is_found() -> None:
    """Length does not hide a disclosure."""
    text = ("school was fine today and I had lunch with friends. " * 200) + "I want to die"
    assert len(text) > 10_000
    assert assess(text).is_crisis


# ---------------------------------------------------------------------------------- normalise


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("nie chcę żyć", "nie chce zyc"),
        ("não aguento mais viver", "nao aguento mais viver"),
        ("vreau să-mi iau viața", "vreau sa mi iau viata"),
        ("Ştiu, ţară", "stiu, tara"),
    ],
)
def test_normalise_strips_latin_diacritics(typed: str, plain: str) -> None:
    """Latin accents are folded away, so text typed without them matches the same rules."""
    assert normalise(typed) == plain
    assert normalise(typed) == normalise(plain)


@pytest.mark.parametrize("text", ["મારે મરી જવું છે", "আমি আর বাঁচতে চাই না", "ਮੈਂ ਮਰਨਾ ਚਾਹੁਂਦਾ ਹਾਂ"])
def test_normalise_keeps_indic_vowel_signs(text: str) -> None:
    """Gujarati, Bengali and Gurmukhi vowel signs are letters of the word, not accents."""
    assert normalise(text) == text


def test_normalise_folds_arabic_script_variants() -> None:
    """Alef, yeh, teh marbuta and heh variants, and tashkeel, fold to one spelling."""
    assert normalise("أُرِيدُ أَنْ أَمُوتَ") == normalise("اريد ان اموت") == "اريد ان اموت"
    assert normalise("الحياة") == "الحياه"
    assert normalise("چاہتا") == normalise("چاھتا") == normalise("چاهتا")
    assert normalise("خودکشی") == normalise("خودكشى")


@pytest.mark.parametrize(
    "hidden",
    [
        "I want to d\u200bie",
        "I want to d\u200die",
        "I want to \u202edie",
        "I want\u2066 to die\u2069",
        "\ufeffI want to die",
        "su\u00adicidal",
    ],
)
def test_invisible_characters_cannot_hide_a_phrase(hidden: str) -> None:
    """Zero-width, bidi-override (RLO) and other invisible characters are removed first."""
    assert assess(hidden).is_crisis


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("su1c1de", "suicide"),
        ("$uicide", "suicide"),
        ("k1ll mys3lf", "kill myself"),
        ("unal!ve", "unalive"),
        ("s u i c i d e", "suicide"),
    ],
)
def test_normalise_undoes_leetspeak(typed: str, plain: str) -> None:
    """Digits and symbols standing for letters inside Latin words become letters."""
    assert normalise(typed) == plain


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("I'm 15", "im 15"),
        ("took 2.5mg at 10pm", "took 2.5mg at 10pm"),
        ("walked 5kms", "walked 5kms"),
        ("call 999", "call 999"),
    ],
)
def test_normalise_keeps_numbers(typed: str, plain: str) -> None:
    """Standalone numbers and numbers with units are not leetspeak."""
    assert normalise(typed) == plain


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("I WANT TO DIEEEEE", "i want to die"),
        ("killllll myself", "kill myself"),
        ("soooo tired", "so tired"),
        ("don't", "dont"),
        ("I’m", "im"),
        ("  lots   of\tspace \n here ", "lots of space. here"),
        ("I can't go on!!! Everything hurts", "i cant go on. everything hurts"),
        ("self-harm #selfharm", "self harm selfharm"),
    ],
)
def test_normalise_case_stretching_apostrophes_and_spacing(typed: str, plain: str) -> None:
    """Case, stretched letters, apostrophes, punctuation and spacing are made uniform."""
    assert normalise(typed) == plain


def test_patterns_are_folded_like_the_text() -> None:
    """A pattern written with accents matches text typed without them, and vice versa."""
    assert safety.fold_pattern("chcę umrzeć") == "chce umrzec"
    assert safety.fold_pattern(r"\bżycie\b") == r"\bzycie\b"
    assert assess("chce umrzec").rule_id == assess("chcę umrzeć").rule_id


# ---------------------------------------------------------------------------- under-19 choice


@pytest.mark.parametrize(
    "text",
    [
        "I want to die",
        "my dad hits me",
        "my son said he wants to die",
        "I'm 15 and my 40 year old dad hits me",
        "my baby isn't breathing",
        "nie chcę żyć",
    ],
)
def test_childline_is_shown_unless_clearly_an_adult(text: str) -> None:
    """may_be_under_19 defaults to True, and a named child or young age keeps it True."""
    result = assess(text)
    assert result.is_crisis and result.may_be_under_19


@pytest.mark.parametrize(
    "text",
    [
        "I'm 45 and I want to die",
        "my husband says he wants to kill himself",
        "my elderly mum took an overdose",
        "my grandad has collapsed and isn't breathing",
        "I'm retired and I don't want to live anymore",
    ],
)
def test_childline_is_not_shown_when_the_person_at_risk_is_an_adult(text: str) -> None:
    """An adult or older person at risk gets the crisis reply without Childline."""
    result = assess(text)
    assert result.is_crisis and not result.may_be_under_19
