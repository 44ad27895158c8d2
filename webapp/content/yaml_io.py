"""Read and check content files, reporting each problem with its file, line and field."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from webapp.content.schema import ContentFile

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Checked:
    path: Path
    content: ContentFile | None
    problems: tuple[Problem, ...]
    node: yaml.Node | None = None  # the parsed YAML, for the line of a field


def check_file(path: Path) -> Checked:
    """Parse and validate one content file; `content` is None when anything is wrong."""
    model, node, problems = check_yaml(path, ContentFile)
    if model is None:
        return Checked(path, None, problems)
    duplicates = _duplicate_ids(model, node, str(path))
    return Checked(path, None if duplicates else model, duplicates, node)


def check_yaml(
    path: Path, schema: type[M]
) -> tuple[M | None, yaml.Node | None, tuple[Problem, ...]]:
    """Parse one YAML file and validate it against a pydantic schema, reporting each problem
    with its file, line and field."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as err:
        return None, None, (Problem(name, 0, "(file)", str(err)),)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        return None, None, (Problem(name, line, "(yaml)", str(err).splitlines()[0]),)
    try:
        return schema.model_validate(data or {}), node, ()
    except ValidationError as err:
        problems = tuple(
            Problem(name, line_of(node, error["loc"]), _field(error["loc"]), error["msg"])
            for error in err.errors()
        )
        return None, node, problems


class _Dumper(yaml.SafeDumper):
    """YAML as staff read it: text of several lines (guide Markdown, long descriptions) as a
    block, line by line, rather than one quoted string with \\n in it."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def dump(data: dict[str, Any]) -> str:
    """The YAML text of one content file or saved version, as staff read it."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def diff(before: dict[str, Any] | None, after: dict[str, Any]) -> list[str]:
    """What changed between two saved versions (of a service or a guide), as unified diff
    lines of their YAML: a changed line of text shows as that line, not the whole text."""
    old = dump(before).splitlines() if before else []
    return list(difflib.unified_diff(old, dump(after).splitlines(), lineterm="", n=2))[2:]


def _field(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(file)"


def line_of(node: yaml.Node | None, loc: tuple[Any, ...]) -> int:
    """The 1-based line of the deepest YAML node the error's location path reaches."""
    line = node.start_mark.line + 1 if node is not None else 0
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


def _child(node: yaml.Node | None, part: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == str(part):
                return value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def _duplicate_ids(content: ContentFile, node: yaml.Node | None, name: str) -> tuple[Problem, ...]:
    seen: set[str] = set()
    problems = []
    for index, service in enumerate(content.services):
        if service.id in seen:
            line = line_of(node, ("services", index, "id"))
            problems.append(Problem(name, line, f"services.{index}.id", "id used twice"))
        seen.add(service.id)
    return tuple(problems)
