"""Phone numbers and text codes in free text: found, written one way, and matched to the
service entry they belong to.

One way means the UK's usual grouping (Ofcom's), in ASCII digits: 999, 116 123, 85258,
0800 1111, 0808 800 3302, 0116 305 8727, 07520 615386, 01509 568800."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Numbers Ofcom keeps for drama and examples (such as a form's "like 07700 900123"): they
# reach no one, so text may show them.
EXAMPLE_PREFIXES = (
    "07700900", "01134960", "01144960", "01154960", "01164960", "01174960", "01184960",
    "01214960", "01314960", "01414960", "01514960", "01614960", "02079460", "01632960",
    "08081570", "09098790", "03069990", "02896496", "02920180", "01914980",
)  # fmt: skip
SERVICE_NUMBERS = frozenset({"999", "111", "112", "101"})
# A run of digits in groups, maybe with +44 or a bracketed area code: never part of a word,
# a time (10:30), a date (2026-11-23 is one run, of too many digits), a decimal or a path.
_GROUP = r"(?:\(\d+\)|\d+)"
_CANDIDATE = re.compile(
    rf"(?<![\w:/.,+\-(])(?:\+44[ \u00a0]?(?:\(0\)[ \u00a0]?)?)?{_GROUP}"
    rf"(?:[ \u00a0\-]{_GROUP}){{0,3}}(?![\w:/]|[.,]\d)"
)
_SPLIT = re.compile(r"([ \u00a0\-])")


@dataclass(frozen=True)
class Found:
    """A number as written in some text, and its digits."""

    written: str
    digits: str


@dataclass(frozen=True)
class Known:
    """A number a service entry gives, and which entry."""

    service_id: str
    name: str  # the name text uses for the service, such as "Samaritans"
    written: str


def ascii_digits(text: str) -> str:
    """The digits of a number written in any script, as 0-9."""
    return "".join(str(unicodedata.digit(c)) for c in text if c.isdigit())


def canonical(digits: str) -> str:
    """How a UK number is written: 0808 800 3302, 0116 305 8727, 07520 615386, 116 123."""
    if len(digits) == 6 and digits.startswith("116"):
        return f"{digits[:3]} {digits[3:]}"
    if len(digits) == 8 and digits.startswith("0800"):
        return f"{digits[:4]} {digits[4:]}"
    if len(digits) == 10 and digits.startswith("01"):
        return f"{digits[:5]} {digits[5:]}"
    if len(digits) != 11:
        return digits
    if digits.startswith("02"):
        return f"{digits[:3]} {digits[3:7]} {digits[7:]}"
    if digits[:2] in ("03", "08", "09") or digits[:3] == "011" or digits[3] == "1":
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    return f"{digits[:5]} {digits[5:]}"


def phone_like(digits: str) -> bool:
    """Whether a run of digits is a UK phone number or text code rather than a count."""
    return (
        digits in SERVICE_NUMBERS
        or re.fullmatch(r"116\d{3}|[6-8]\d{4}|0\d{7,10}", digits) is not None
    )


def is_example(digits: str) -> bool:
    return digits.startswith(EXAMPLE_PREFIXES)


def find(text: str, known: Iterable[str] = ()) -> Iterator[Found]:
    """The numbers in a text. Digit groups run together ("0800 1111 24 hours") are cut to
    the longest known number, else to the longest that looks like a number."""
    known = set(known)
    for match in _CANDIDATE.finditer(text):
        parts = _SPLIT.split(match.group())  # groups and the separators between them
        take = _groups_to_take(parts[::2], known)
        if take:
            written = "".join(parts[: 2 * take - 1])
            yield Found(written, _digits_of(written))


def _groups_to_take(groups: list[str], known: set[str]) -> int:
    """How many leading groups make the number: a known one first, else a likely one;
    0 when none is a number at all."""
    sizes = range(len(groups), 0, -1)
    for wanted in (lambda d: d in known or is_example(d), phone_like):
        for take in sizes:
            if wanted(_digits_of(" ".join(groups[:take]))):
                return take
    return 0


def _digits_of(written: str) -> str:
    digits = ascii_digits(written)
    if written.lstrip().startswith("+44"):
        digits = "0" + digits[2:].removeprefix("0")
    return digits


def short_name(name: str) -> str:
    """The name text calls a service by: "LPT Mental Health Central Access Point (24/7)"
    is "Mental Health Central Access Point"."""
    name = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    name = re.split(r",|:| - ", name)[0].strip()
    return name.removeprefix("LPT ")


def named_in(line: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", line) is not None
