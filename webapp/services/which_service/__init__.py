"""Which NHS service fits what a message describes: pharmacy, GP, NHS 111, urgent treatment,
dentist or A&E, so the "which service" reply shows that service's card first.

The knowledge is reviewed data: `kinds.yml` names each kind's services (ids in content/) in
priority order, red flags first, and `words/<lang>.yml` the words people use for each kind.
Every language is read, whatever the message's language, since people mix languages. This
only orders cards: risk to life has already been answered by the safety net."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, where installed
LANGUAGES = ("en", "gu", "pa", "ur", "pl", "so", "ar", "bn", "ro", "pt")


@dataclass(frozen=True)
class Need:
    """A kind of need and the services that meet it, to show before the others."""

    kind: str
    services: tuple[str, ...]  # content service ids, shown first among the topic's cards
    lines: tuple[str, ...] = ()  # built-in lines (crisis_lines.BUILT_IN) shown before those


@dataclass(frozen=True)
class _Kind:
    need: Need
    pattern: re.Pattern[str] | None  # any one phrase
    together: tuple[tuple[re.Pattern[str], ...], ...]  # every group of a combination


class LexiconError(ValueError):
    """The data files are not in the shape this module reads."""


# Spellings typed interchangeably: Latin letters with the accent inside, Arabic-script
# variants (Arabic and Urdu keyboards), apostrophes (dont, cant) and invisible characters.
_FOLD = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "ı": "i",
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ى": "ی",
        "ي": "ی",
        "ئ": "ی",
        "ة": "ه",
        "ۃ": "ه",
        "ہ": "ه",
        "ھ": "ه",
        "ك": "ک",
        "ؤ": "و",
        "'": None,
        "’": None,
        "‘": None,
        "`": None,
        "\u200c": None,
        "\u200d": None,
        "\u200b": None,
        "\u0640": None,
    }
)
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670]")
_ARABIC_LETTER = re.compile("[\u0620-\u064a]")
# Anything but letters, digits and the vowel signs of Indic scripts (not their full stops).
_NOT_WORD = re.compile(r"[^\w\u0900-\u0963\u0966-\u0dff]+")


def normalise(text: str) -> str:
    """Lower case, Latin accents and Arabic vowel marks dropped, punctuation as spaces, and
    one space before, between and after the words, so phrases match on word boundaries."""
    text = _ARABIC_MARKS.sub("", _without_latin_accents(text).translate(_FOLD))
    return " " + " ".join(_NOT_WORD.sub(" ", text).replace("_", " ").split()) + " "


def _without_latin_accents(text: str) -> str:
    """Accents off Latin letters (ą, ș, ã); the vowel signs of other scripts stay."""
    kept: list[str] = []
    base = ""
    for char in unicodedata.normalize("NFKD", text.casefold()):
        if not unicodedata.combining(char):
            base = char
        elif base.isascii():
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def find(text: str) -> Need | None:
    """The need the message describes, the highest-priority kind first; None if none."""
    said = normalise(text)
    for kind in _lexicon():
        if kind.pattern is not None and kind.pattern.search(said):
            return kind.need
        if any(all(p.search(said) for p in groups) for groups in kind.together):
            return kind.need
    return None


def needs() -> tuple[Need, ...]:
    """Every kind of need, in priority order."""
    return tuple(k.need for k in _lexicon())


def phrases(language: str) -> dict[str, list[str]]:
    """The phrases of one language by kind, as written in its file (for tests and review)."""
    return {k: list(v.get("phrases", [])) for k, v in _words(language).items()}


@cache
def _lexicon() -> tuple[_Kind, ...]:
    """The kinds in priority order, each with its compiled phrases from every language."""
    kinds = _load(DATA / "kinds.yml").get("kinds")
    if not isinstance(kinds, list) or not kinds:
        raise LexiconError("kinds.yml: 'kinds' must be a list of kinds in priority order")
    words = {language: _words(language) for language in LANGUAGES}
    names = [k.get("kind") for k in kinds]
    for language, by_kind in words.items():
        if unknown := set(by_kind) - set(names):
            raise LexiconError(f"words/{language}.yml: unknown kinds {sorted(unknown)}")
    built = []
    for entry in kinds:
        name = entry.get("kind")
        services = tuple(entry.get("services") or ())
        if not name or not services:
            raise LexiconError(f"kinds.yml: {entry!r} needs a kind and its services")
        need = Need(name, services, tuple(entry.get("lines") or ()))
        found = [w.get(name, {}) for w in words.values()]
        singles = [p for f in found for p in f.get("phrases", [])]
        together = tuple(
            tuple(_compile(group) for group in combination)
            for f in found
            for combination in f.get("together", [])
        )
        built.append(_Kind(need, _compile(singles) if singles else None, together))
    return tuple(built)


def _words(language: str) -> dict[str, dict[str, list]]:
    data = _load(DATA / "words" / f"{language}.yml")
    if data.get("language") != language:
        raise LexiconError(f"words/{language}.yml: 'language' must be {language}")
    kinds = data.get("kinds") or {}
    for name, entry in kinds.items():
        for phrase in entry.get("phrases", []):
            _check_phrase(language, name, phrase)
        for combination in entry.get("together", []):
            if len(combination) < 2:
                raise LexiconError(f"words/{language}.yml: {name}: a combination needs 2 groups")
            for group in combination:
                for phrase in group:
                    _check_phrase(language, name, phrase)
    return kinds


def _check_phrase(language: str, kind: str, phrase: object) -> None:
    if not isinstance(phrase, str) or not normalise(phrase).strip():
        raise LexiconError(f"words/{language}.yml: {kind}: {phrase!r} is not a phrase")


def _compile(phrases: list[str]) -> re.Pattern[str]:
    """One pattern for a list of phrases. A word ending in * also matches longer words
    (sprain* → sprained, sprains); every phrase starts and ends on a word boundary."""
    alternatives = sorted({_phrase_pattern(p) for p in phrases}, key=len, reverse=True)
    return re.compile(" (?:" + "|".join(alternatives) + ")(?= )")


def _phrase_pattern(phrase: str) -> str:
    parts = []
    for word in phrase.split():
        part = " ".join(re.escape(w) for w in normalise(word.removesuffix("*")).split())
        parts.append(part + r"\S*" if word.endswith("*") else part)
    pattern = " ".join(p for p in parts if p)
    # Arabic writes "and" joined to the next word: وإسهال is "and diarrhoea".
    return "و?" + pattern if _ARABIC_LETTER.match(pattern) else pattern


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=_LOADER)
    if not isinstance(data, dict):
        raise LexiconError(f"{path.name}: expected a mapping")
    return data
