"""Every phone number and text code the app shows is written one way and is the number of
a service entry: in the entries, the guides (every language) and the gettext catalogs; and a
line that names a service gives that service's number."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from babel.messages.pofile import read_po

from webapp.content import numbers
from webapp.content.entries import Entry
from webapp.content.yaml_io import Problem

GUIDE_TEXT = ("title", "summary", "body", "easy_body")


@dataclass(frozen=True)
class Registry:
    """The numbers the entries give, by their digits, and which names they go with."""

    by_digits: dict[str, numbers.Known]
    named: tuple[tuple[str, frozenset[str]], ...]  # a service's name and its numbers


def registry(entries: Iterable[Entry]) -> Registry:
    """Every live entry's phone and text numbers."""
    by_digits: dict[str, numbers.Known] = {}
    named: dict[str, set[str]] = {}
    for entry in entries:
        service = entry.service
        if service.retired:
            continue
        name = numbers.short_name(service.name)
        for written in filter(None, (service.contacts.phone, service.contacts.text)):
            digits = numbers.ascii_digits(written)
            by_digits.setdefault(digits, numbers.Known(service.id, name, written))
            if len(digits) > 3:  # 999 and 111 are named by their digits, not by a name
                named.setdefault(name, set()).add(digits)
    return Registry(by_digits, tuple((n, frozenset(d)) for n, d in named.items()))


def text_problems(text: str, known: Registry) -> Iterator[str]:
    """What is wrong with the numbers in one line of text, as messages."""
    found = list(numbers.find(text, known.by_digits))
    for number in found:
        given_by = known.by_digits.get(number.digits)
        if numbers.is_example(number.digits):
            continue
        if given_by is None:
            yield f"{number.written!r} is not the number of any service entry"
        elif number.written != given_by.written:
            yield f"{number.written!r} is written another way: write it {given_by.written!r}"
    given = {number.digits for number in found}
    for name, own in known.named:
        if given and not given & own and numbers.named_in(text, name):
            wanted = " or ".join(sorted(known.by_digits[d].written for d in own))
            yield f"names {name} but gives another number: its number is {wanted!r}"


def entry_problems(entry: Entry, known: Registry) -> list[Problem]:
    """An entry's own numbers written the usual way, and the numbers in its wording."""
    service, found = entry.service, []
    for field in ("phone", "text"):
        written = getattr(service.contacts, field)
        wanted = numbers.canonical(numbers.ascii_digits(written or ""))
        if written and written != wanted:
            message = f"{written!r} is written another way: write it {wanted!r}"
            found.append(entry.problem(entry.line("contacts", field), f"contacts.{field}", message))
    texts = [("name", service.name), ("description", service.description)]
    for locale, words in service.translations.items():
        texts += [(f"translations.{locale}.{k}", v) for k, v in words.model_dump().items() if v]
    for field, text in texts:
        for message in text_problems(text, known):
            found.append(entry.problem(entry.line(*field.split(".")), field, message))
    return found


def guide_problems(path: Path, known: Registry) -> list[Problem]:
    """The numbers in a guide or a guide translation: its title, summary, body and easy read."""
    try:
        raw = path.read_text(encoding="utf-8")
        data = yaml.safe_load(raw) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        return [Problem(str(path), 0, "(file)", str(err).splitlines()[0])]
    found = []
    for field in GUIDE_TEXT:
        text = data.get(field) if isinstance(data, dict) else None
        for line in text.splitlines() if isinstance(text, str) else []:
            for message in text_problems(line, known):
                found.append(Problem(str(path), _line_in(raw, line), field, message))
    return found


def catalog_problems(path: Path, known: Registry) -> list[Problem]:
    """The numbers in a gettext catalog's strings, English and translated."""
    with open(path, "rb") as handle:
        catalog = read_po(handle)
    found = []
    for message in catalog:
        if not message.id:
            continue
        for text in _strings(message.id) + _strings(message.string):
            for problem in text_problems(text, known):
                found.append(Problem(str(path), message.lineno or 0, "message", problem))
    return found


def _strings(value: object) -> list[str]:
    """A message's text: one string, or its plural forms."""
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, tuple | list) else []


def _line_in(raw: str, text: str) -> int:
    """The 1-based line of a file where a line of text is, 0 when it is not there as is."""
    for number, line in enumerate(raw.splitlines(), start=1):
        if text.strip() and text.strip() in line:
            return number
    return 0
