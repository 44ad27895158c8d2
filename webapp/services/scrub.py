"""Personal details taken out of a message before it is kept for staff (the missed questions):
e-mail addresses, phone numbers, NHS numbers, postcodes, dates and the name after "my name
is". Each becomes a marker such as "[phone]", so staff still see what kind of thing was said.

It errs towards removing too much: any run of seven or more digits goes, and a postcode
district alone ("LE2") stays, as the chat itself keeps it. Names are found only where a
message says it is giving one ("my name is", "I'm called", "call me", "mera naam"), or
"I'm" before a capitalised word; a bare name elsewhere is not recognisable as one."""

from __future__ import annotations

import re

EMAIL = "[email]"
PHONE = "[phone]"
NHS_NUMBER = "[NHS number]"
POSTCODE = "[postcode]"
DATE = "[date]"
NAME = "[name]"
NUMBER = "[number]"

_TLD = r"(?:com|org|net|uk|co|nhs|gov|ac|io|me|info|edu|pl|pt|ro|so|pk|in|bd)"
_DOT = r"(?:\s*\.\s*|\s+dot\s+|\s*\(dot\)\s*|\s*\[dot\]\s*)"
_AT = r"(?:\s*@\s*|\s+at\s+|\s*\(at\)\s*|\s*\[at\]\s*)"
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Written out to dodge a filter: "jo dot smith at gmail dot com".
_EMAIL_SPELT = re.compile(
    rf"\b[\w+'-]+(?:{_DOT}[\w+'-]+)*{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}{_TLD}\b", re.IGNORECASE
)
_SEP = r"[\s().\-/]*"
# A UK number: +44 or 0044 (with or without "(0)"), or a leading 0, then 9 or 10 digits
# in any spacing. Any other + number with 7 or more digits is a phone number too.
_UK_PHONE = re.compile(
    rf"(?:(?:\+|\b00){_SEP}44{_SEP}(?:\(0\){_SEP})?|\(?\b0)(?:{_SEP}\d){{9,10}}\b"
)
_INTERNATIONAL = re.compile(rf"\+{_SEP}\d(?:{_SEP}\d){{6,14}}\b")
# An NHS number: ten digits, usually 3 3 4.
_NHS_NUMBER = re.compile(r"\b\d{3}[\s-]?\d{3}[\s-]?\d{4}\b")
_LONG_NUMBER = re.compile(rf"\b\d(?:{_SEP}\d){{6,}}\b")
# A full UK postcode, any case, with or without its space ("LE1 6TP", "le16tp").
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
_DATE = re.compile(r"\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}\b")

# Phrases after which the next words are a name, in the chat's languages written in Latin
# letters (and Arabic's "اسمي").
_NAME_INTRO = re.compile(
    r"(?:\bmy\s+name\s+is|\bmy\s+name'?s|\bname\s*:|\bi'?m\s+called|\bi\s+am\s+called"
    r"|\bcall\s+me|\bthis\s+is|\bsigned|\bnazywam\s+si[eę]|\bmam\s+na\s+imi[eę]"
    r"|\bmeu\s+nome\s+[eé]|\bme\s+chamo|\bchamo-me|\bm[aă]\s+numesc|\bnumele\s+meu\s+(?:este|e)"
    r"|\bmagacaygu\s+waa|\bmagacayga\s+waa|\bmera\s+naam|\bmeraa\s+naam|اسمي)",
    re.IGNORECASE,
)
# "I'm Sarah", "I am Sarah Jones": only before a capitalised word.
_I_AM = re.compile(r"\b(?:I'?m|I\s+am)\s+(?=[A-Z][a-z])")
_WORD = re.compile(r"\s*([^\W\d_][\w'’-]*)")
# Words that end a name: what people write after giving one.
_AFTER_NAME = frozenset(
    "and i im i'm my me but from in at on with to is am was hai hay he she we you it the a an "
    "please pls plz thanks thank can could need want would have has had who of for so or"
    " ok okay".split()
)
_MAX_NAME_WORDS = 3
# "This is", "call me" and "I'm" name someone only when a capitalised word follows.
_NEEDS_CAPITAL = re.compile(r"this\s+is|call\s+me|i'?m|i\s+am", re.IGNORECASE)


def scrub(text: str) -> str:
    """The message with its personal details replaced by markers ("[phone]", "[name]"…)."""
    text = _EMAIL.sub(EMAIL, text)
    text = _EMAIL_SPELT.sub(EMAIL, text)
    text = _POSTCODE.sub(POSTCODE, text)
    text = _UK_PHONE.sub(PHONE, text)
    text = _INTERNATIONAL.sub(PHONE, text)
    text = _NHS_NUMBER.sub(NHS_NUMBER, text)
    text = _DATE.sub(DATE, text)
    text = _LONG_NUMBER.sub(NUMBER, text)
    text = _names(text, _NAME_INTRO)
    return _names(text, _I_AM)


def _names(text: str, intro: re.Pattern[str]) -> str:
    """Each name following `intro` (up to three words, stopping at words like "and")."""
    pieces, start = [], 0
    for found in intro.finditer(text):
        if found.start() < start:
            continue
        end = _name_end(
            text, found.end(), capital=bool(_NEEDS_CAPITAL.fullmatch(found.group().strip()))
        )
        if end == found.end():
            continue
        pieces.append(text[start : found.end()].rstrip() + f" {NAME}")
        start = end
    pieces.append(text[start:])
    return "".join(pieces)


def _name_end(text: str, at: int, capital: bool) -> int:
    """Where the name starting at `at` ends (`at` itself if no name follows)."""
    end = at
    for _ in range(_MAX_NAME_WORDS):
        word = _WORD.match(text, end)
        if word is None or word.group(1).casefold() in _AFTER_NAME:
            break
        if capital and not word.group(1)[0].isupper():
            break
        end = word.end()
    return end
