"""The rules `flask content check` holds the shipped content to, beyond the schema.

- An entry marked complete cites an official https source (the NHS, the Trust, Leicester
  City, Leicestershire or Rutland County Council, or the organisation that runs it) and the
  date it was last checked, and is not past its review date; an entry that needs review says
  what to check and why (sourcing.py).
- Every phone number and text code in the entries, the guides (every language), the
  translation catalogs and the built-in crisis lines is written one way and is the number of
  a service entry; a line that names a service gives that service's number (number_checks.py).
- A contact website that is a site's home page says why it is not the page about the
  service (sourcing.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from webapp.content import entries, number_checks, sourcing
from webapp.content.entries import Entry
from webapp.content.yaml_io import Problem


@dataclass(frozen=True)
class Copy:
    """A number or link the app keeps its own copy of, to compare with the entry."""

    label: str  # where the copy is, such as "crisis_lines.BUILT_IN['samaritans'].phone"
    service_id: str
    field: str  # a contacts field: phone, text, text_body or website
    value: str | None


@dataclass(frozen=True)
class Shipped:
    """What to check: content files (their entries), files whose entries only count as known
    numbers, the guide files, the gettext catalogs and the built-in copies."""

    content: tuple[Path, ...]
    also_known: tuple[Path, ...] = ()
    guides: tuple[Path, ...] = ()
    catalogs: tuple[Path, ...] = ()
    copies: tuple[Copy, ...] = ()
    copies_file: str = "webapp/services/crisis_lines.py"


def check(shipped: Shipped, today: date) -> list[Problem]:
    """Every problem in the shipped content, schema problems first."""
    problems: list[Problem] = []
    checked = list(entries.read(shipped.content, problems))
    everyone = checked + list(entries.read(shipped.also_known, []))
    hosts = entries.organisation_hosts(shipped.content + shipped.also_known)
    known = number_checks.registry(everyone)
    for entry in checked:
        host = hosts.get(entry.service.organisation or "")
        problems += sourcing.entry_problems(entry, host, today)
        problems += number_checks.entry_problems(entry, known)
    for path in shipped.guides:
        problems += number_checks.guide_problems(path, known)
    for path in shipped.catalogs:
        problems += number_checks.catalog_problems(path, known)
    problems += copy_problems(shipped.copies, shipped.copies_file, everyone)
    return problems


def copy_problems(copies: Iterable[Copy], file: str, known: list[Entry]) -> list[Problem]:
    """The built-in copies say what the entries they copy say."""
    by_id = {entry.service.id: entry.service for entry in known}
    found, missing = [], set()
    for copy in copies:
        service = by_id.get(copy.service_id)
        if service is None:
            if copy.service_id in missing:
                continue
            missing.add(copy.service_id)
            message = f"copies {copy.service_id}, which has no entry"
        elif (wanted := getattr(service.contacts, copy.field)) != copy.value:
            message = f"is {copy.value!r} but the entry {copy.service_id} says {wanted!r}"
        else:
            continue
        found.append(Problem(file, 0, copy.label, message))
    return found
