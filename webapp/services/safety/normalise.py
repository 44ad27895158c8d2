"""One form of a message, however it is typed: case, accents, invisible characters, spelling
variants of a script, leetspeak, stretched letters and spacing. Every layer of the safety net
reads this form, and rule patterns are folded the same way."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


def normalise(text: str, leet: bool = True) -> str:
    """The form the rules are matched against: folded case, accents, spelling and spacing.

    With leet=False digits inside words stay digits: romanised Arabic (Arabizi) writes
    letters as 2, 3, 5, 7 and 9 ("ta3ban", "7ayati"), which leetspeak would turn into others."""
    text = text.translate(_INVISIBLE).translate(_APOSTROPHES)
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.translate(_INVISIBLE).translate(_APOSTROPHES)  # NFKC can produce them again
    text = _fold_scripts(_strip_latin_marks(text))
    if leet:
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
