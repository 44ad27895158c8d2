"""Deterministic crisis safety net: reviewed regex rules, in every language, run on every message.

Whatever the ML model says, a message that matches one of these rules gets the crisis reply.
The rules are data (safety_rules/<lang>.yml) so clinicians can review them; a miss is a bug.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).with_name("safety_rules")
LANGUAGES: tuple[str, ...] = ("en", "gu", "pa", "ur", "pl", "so", "ar", "bn", "ro", "pt")

# When several categories match, the most time-critical one names the reply: a swallowed
# overdose or a child in danger needs 999 before anything else.
CATEGORY_PRIORITY: tuple[str, ...] = (
    "overdose",
    "harm_to_others_or_child",
    "medical_emergency",
    "suicide",
    "self_harm",
)
CATEGORIES = frozenset(CATEGORY_PRIORITY)


@dataclass(frozen=True)
class SafetyAssessment:
    is_crisis: bool
    category: str | None  # one of CATEGORY_PRIORITY
    rule_id: str | None  # which reviewed rule fired, for the audit log
    may_be_under_19: bool  # False only when the person at risk is clearly an adult


@dataclass(frozen=True)
class Rule:
    """One reviewed rule: any of its patterns matching the normalised text fires it."""

    id: str
    language: str
    category: str
    patterns: tuple[str, ...]
    note: str


NOT_CRISIS = SafetyAssessment(False, None, None, True)

# ---------------------------------------------------------------------------------------------
# Normalisation: the same text however it is typed (case, accents, invisible characters, leet).
# ---------------------------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(
    [
        *range(0x200B, 0x2010),  # zero-width space/joiners, LRM, RLM
        *range(0x202A, 0x202F),  # bidi embeddings and overrides (RLO)
        *range(0x2060, 0x2065),  # word joiner, invisible operators
        *range(0x2066, 0x206A),  # bidi isolates
        0xFEFF,  # BOM / zero-width no-break space
        0x00AD,  # soft hyphen
        0x034F,  # combining grapheme joiner
        0x061C,  # Arabic letter mark
        0x180E,  # Mongolian vowel separator
        0x0640,  # Arabic tatweel (used to stretch words)
    ]
)
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʼ`´ʻ′＇‛"))

# Latin letters that carry their "diacritic" inside the letter, so NFD cannot split it off.
_LATIN_SPECIAL = str.maketrans(
    {
        "ł": "l",
        "đ": "d",
        "ø": "o",
        "ħ": "h",
        "ı": "i",
        "ŀ": "l",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ð": "d",
        "ŧ": "t",
    }
)

# Arabic-script spelling variants (Arabic and Urdu keyboards) folded to one form.
_ARABIC_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ٲ": "ا",
        "ٳ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ې": "ي",
        "ۍ": "ي",
        "ئ": "ي",
        "ے": "ي",
        "ۓ": "ي",
        "ة": "ه",
        "ۃ": "ه",
        "ہ": "ه",
        "ھ": "ه",
        "ۀ": "ه",
        "ۂ": "ه",
        "ك": "ک",
        "ڪ": "ک",
        "ؤ": "و",
        "ں": "ن",
    }
)
_ARABIC_MARKS = re.compile(
    "[\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed]"
)

# Gurmukhi: tippi and bindi are typed interchangeably; adhak and nukta are often left out.
_GURMUKHI_FOLD = str.maketrans({"\u0a70": "\u0a02", "\u0a71": None, "\u0a3c": None})

_LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
_LEET_TOKEN = re.compile(r"[\w@$!|*]+")
# Numbers with units or ordinals are numbers, not leetspeak: 500mg, 5kms, 16yo, 2nd, 10pm.
_NUMBER_WITH_UNIT = re.compile(
    r"\d+(?:[.,]\d+)?(?:st|nd|rd|th|am|pm|mg|mcg|g|kg|ml|l|x|s|k|m|km|kms|h|hr|hrs|min|mins"
    r"|yo|yr|yrs|y|lb|lbs|cm|mm|p|gb|mb|ft|in|st|d|w)?"
)

_SENTENCE_END = frozenset(".!?…।॥۔؟\n\r")
_CLAUSE_BREAK = frozenset(",;:،؛")
_PUNCT_RUN = re.compile(r"\s*[.,](?:\s*[.,])*\s*")
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}")
_SPACES = re.compile(r"\s+")
# Words spelt out letter by letter to dodge filters: "s u i c i d e" -> "suicide".
_SPACED_LETTERS = re.compile(r"\b(?:[a-z] ){3,}[a-z]\b")
_DOUBLED_FINALS = frozenset("lsfz")  # kill, miss, off, buzz


@lru_cache(maxsize=4096)
def _is_latin(char: str) -> bool:
    """True for letters of the Latin script."""
    return unicodedata.name(char, "").startswith("LATIN")


def _strip_latin_marks(text: str) -> str:
    """Drop combining marks from Latin letters only; other scripts keep their vowel signs."""
    kept: list[str] = []
    base_is_latin = False
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.category(char).startswith("M"):
            if base_is_latin:
                continue
        else:
            base_is_latin = _is_latin(char)
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)).translate(_LATIN_SPECIAL)


def _fold_scripts(text: str) -> str:
    """Fold Arabic-script and Gurmukhi spelling variants to one form."""
    text = _ARABIC_MARKS.sub("", text.translate(_ARABIC_FOLD))
    return text.translate(_GURMUKHI_FOLD)


def _unleet_token(match: re.Match[str]) -> str:
    """Map leetspeak digits and symbols to letters inside a Latin word (su1c1de, $uicide)."""
    token = match.group(0)
    if not any(c.isalpha() and _is_latin(c) for c in token) or _NUMBER_WITH_UNIT.fullmatch(token):
        return token
    chars = [_LEET.get(c, c) for c in token]
    for i, char in enumerate(chars):
        # ! and | stand for i only between letters (su!cide); elsewhere they are punctuation.
        if char in "!|" and 0 < i < len(chars) - 1:
            if chars[i - 1].isalpha() and chars[i + 1].isalpha():
                chars[i] = "i"
    return "".join(chars)


def _simplify_punctuation(text: str) -> str:
    """Sentence ends become '.', clause breaks ',', other punctuation and symbols a space."""
    out: list[str] = []
    for i, char in enumerate(text):
        category = unicodedata.category(char)
        if char in _SENTENCE_END:
            out.append(".")
        elif char in _CLAUSE_BREAK:
            out.append(",")
        elif (
            char == "*"
            and 0 < i < len(text) - 1
            and text[i - 1].isalpha()
            and text[i + 1].isalpha()
        ):
            out.append(char)  # a masked letter, as in k*ll
        elif category.startswith("P") or category in ("Sm", "Sc") or category.startswith("C"):
            out.append(" ")
        elif category == "Sk" and not 0x1F3FB <= ord(char) <= 0x1F3FF:
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def _tidy_punctuation_run(match: re.Match[str]) -> str:
    """One '. ' or ', ' per run of punctuation, except a decimal point or comma in a number."""
    run, text = match.group(0), match.string
    start, end = match.span()
    if (
        run in ".,"
        and 0 < start
        and end < len(text)
        and text[start - 1].isdigit()
        and text[end].isdigit()
    ):
        return run
    return ". " if "." in run else ", "


def _collapse_stretch(match: re.Match[str]) -> str:
    """Collapse a letter typed 3+ times: dieeee -> die, killll -> kill, soooo much -> so much."""
    char = match.group(0)[0]
    if not _is_latin(char):
        return char
    text, end = match.string, match.end()
    at_word_end = end == len(text) or not text[end].isalpha()
    if at_word_end and char not in _DOUBLED_FINALS:
        return char
    return char * 2


def _collapse_stretches(text: str) -> str:
    """Collapse every stretched letter."""
    return _STRETCHED.sub(_collapse_stretch, text)


def _join_letters(match: re.Match[str]) -> str:
    """Join letters typed with spaces between them."""
    return match.group(0).replace(" ", "")


def normalise(text: str) -> str:
    """The form the rules are matched against: folded case, accents, spelling and spacing."""
    text = text.translate(_INVISIBLE).translate(_APOSTROPHES)
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(_INVISIBLE).translate(_APOSTROPHES)  # NFKC can produce them again
    text = _fold_scripts(_strip_latin_marks(text))
    text = _LEET_TOKEN.sub(_unleet_token, text)
    text = _collapse_stretches(_simplify_punctuation(text))
    text = _SPACES.sub(" ", _PUNCT_RUN.sub(_tidy_punctuation_run, text))
    return _SPACED_LETTERS.sub(_join_letters, text).strip(" .,")


def fold_pattern(pattern: str) -> str:
    """Fold a rule pattern like the text, but leave ASCII (regex syntax) untouched."""
    pattern = pattern.translate(_INVISIBLE).translate(_APOSTROPHES)
    pattern = unicodedata.normalize("NFKC", pattern)
    pattern = "".join(c if c.isascii() else c.casefold() for c in pattern)
    return _collapse_stretches(_fold_scripts(_strip_latin_marks(pattern)))


# ---------------------------------------------------------------------------------------------
# Loading and compiling the rules, once, at import.
# ---------------------------------------------------------------------------------------------


def _load_file(path: Path) -> dict[str, Any]:
    """One language's rule file, checked for the fields every file must have."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("language") != path.stem:
        raise ValueError(f"{path.name}: 'language' must be {path.stem!r}")
    for key in ("reviewed", "review_note", "rules"):
        if not data.get(key):
            raise ValueError(f"{path.name}: missing {key!r}")
    return data


def _parse_rule(language: str, raw: dict[str, Any]) -> Rule:
    """A Rule from its YAML entry, refusing anything malformed."""
    rule_id, category = str(raw.get("id", "")), str(raw.get("category", ""))
    if category not in CATEGORIES:
        raise ValueError(f"{rule_id}: unknown category {category!r}")
    if not rule_id.startswith(f"{language}.{category}."):
        raise ValueError(f"{rule_id}: id must start with {language}.{category}.")
    patterns = tuple(fold_pattern(str(p)) for p in raw.get("patterns") or ())
    if not patterns:
        raise ValueError(f"{rule_id}: no patterns")
    for pattern in patterns:
        compiled = re.compile(pattern)
        if compiled.groupindex:
            raise ValueError(f"{rule_id}: named groups are not allowed: {pattern}")
    return Rule(rule_id, language, category, patterns, str(raw.get("note", "")))


def load_rules(directory: Path = RULES_DIR) -> tuple[tuple[Rule, ...], dict[str, list[str]]]:
    """Every language's rules, plus the under-19 exclusion and indicator patterns."""
    rules: list[Rule] = []
    under_19: dict[str, list[str]] = {"exclusions": [], "indicators": []}
    for language in LANGUAGES:
        data = _load_file(directory / f"{language}.yml")
        rules.extend(_parse_rule(language, raw) for raw in data["rules"])
        for kind in under_19:
            under_19[kind].extend(fold_pattern(p) for p in data.get(f"under_19_{kind}") or ())
    ids = [rule.id for rule in rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate rule ids: {duplicates}")
    return tuple(rules), under_19


def _alternation(patterns: Iterable[str]) -> str:
    """Many patterns as one regex alternation."""
    return "|".join(f"(?:{p})" for p in patterns)


def _combine(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """One compiled alternation of many patterns, or None when there are none."""
    joined = _alternation(patterns)
    return re.compile(joined) if joined else None


def _compile_category(rules: Iterable[Rule]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation for a category, a named group per rule so the match names its rule."""
    groups: dict[str, str] = {}
    parts: list[str] = []
    for index, rule in enumerate(rules):
        name = f"r{index}"
        groups[name] = rule.id
        parts.append(f"(?P<{name}>{_alternation(rule.patterns)})")
    return re.compile("|".join(parts)), groups


RULES, _UNDER_19 = load_rules()
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
_BY_CATEGORY = {
    category: _compile_category(r for r in RULES if r.category == category)
    for category in CATEGORY_PRIORITY
}
_RULE_PATTERNS = {rule.id: re.compile(_alternation(rule.patterns)) for rule in RULES}
_UNDER_19_EXCLUSIONS = _combine(_UNDER_19["exclusions"])
_UNDER_19_INDICATORS = _combine(_UNDER_19["indicators"])

# ---------------------------------------------------------------------------------------------
# Assessing a message.
# ---------------------------------------------------------------------------------------------


def _first_match(normalised: str) -> tuple[str, str] | None:
    """(category, rule id) of the highest-priority category that matches, if any."""
    for category in CATEGORY_PRIORITY:
        pattern, groups = _BY_CATEGORY[category]
        match = pattern.search(normalised)
        if match:
            name = next(n for n, value in match.groupdict().items() if value is not None)
            return category, groups[name]
    return None


def _may_be_under_19(normalised: str) -> bool:
    """True unless the text makes clear the person at risk is an adult (and names no child)."""
    if _UNDER_19_INDICATORS and _UNDER_19_INDICATORS.search(normalised):
        return True
    return not (_UNDER_19_EXCLUSIONS and _UNDER_19_EXCLUSIONS.search(normalised))


def assess(text: str) -> SafetyAssessment:
    """Whether the message suggests a risk to life, and which reviewed rule says so."""
    normalised = normalise(text or "")
    if not normalised:
        return NOT_CRISIS
    found = _first_match(normalised)
    if found is None:
        return NOT_CRISIS
    category, rule_id = found
    return SafetyAssessment(True, category, rule_id, _may_be_under_19(normalised))


def matching_rules(text: str) -> list[str]:
    """Ids of every rule that matches the message (for tests, audits and rule review)."""
    normalised = normalise(text or "")
    return [rule_id for rule_id, pattern in _RULE_PATTERNS.items() if pattern.search(normalised)]
