"""Content entries as read from their files, each with the line of any of its fields, for
the content checks."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from webapp.content.schema import ContentFile, ServiceIn
from webapp.content.yaml_io import Problem, check_file, line_of


@dataclass(frozen=True)
class Entry:
    """One service entry, where it is: its file, its parsed YAML and its place in the file."""

    service: ServiceIn
    file: str
    node: yaml.Node | None
    index: int

    def line(self, *loc: str | int) -> int:
        """The line of one of the entry's fields, such as ("contacts", "phone")."""
        return line_of(self.node, ("services", self.index, *loc))

    def problem(self, line: int, field: str, message: str) -> Problem:
        return Problem(self.file, line, f"services.{self.index}.{field}", message)


def read(paths: Iterable[Path], problems: list[Problem]) -> Iterator[Entry]:
    """The entries of the files that pass the schema; the others' problems go to `problems`."""
    for path in paths:
        checked = check_file(path)
        problems.extend(checked.problems)
        if checked.content is not None:
            for index, service in enumerate(checked.content.services):
                yield Entry(service, str(path), checked.node, index)


def organisation_hosts(paths: Iterable[Path]) -> dict[str, str]:
    """Each organisation's web host (without www.), by organisation id."""
    hosts = {}
    for path in paths:
        content = check_file(path).content or ContentFile()
        for organisation in content.organisations:
            if organisation.url:
                host = urlsplit(organisation.url).hostname or ""
                hosts[organisation.id] = host.removeprefix("www.")
    return hosts
