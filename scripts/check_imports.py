"""Imports point one way: down the flow of a message, never back up.

    python -m scripts.check_imports      (part of `make lint`)

Each module of `webapp/` sits in one layer (the longest prefix in LAYERS names it). A module
may import from its own layer and the layers below it; a leaf module imports nothing of the
app; and a blueprint's routes, a socket's events or a command group (modules named in
ENTRY_POINTS) are imported only by the app factory and by their own package's `init_app`.
Every import counts, wherever it is written (inside a function or under TYPE_CHECKING too).
Prints each import that breaks a rule, with its file and line, and exits 1 if any."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "webapp"

# Top to bottom, the way a message flows: browser → handlers → conversation → safety, bot
# client, renderer → content, booking, guides → models → leaf types.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "handlers",
        (
            "webapp",  # the app factory
            "webapp.api",
            "webapp.assets",
            "webapp.background",
            "webapp.booking.cli",
            "webapp.booking.routes",
            "webapp.chat",
            "webapp.content.cli",
            "webapp.guides.cli",
            "webapp.guides.routes",
            "webapp.health",
            "webapp.i18n",
            "webapp.offline",
            "webapp.retention",
            "webapp.security",
            "webapp.staff",
            "webapp.translate",
            "webapp.validation",
        ),
    ),
    ("conversation", ("webapp.services.conversation",)),
    ("safety, bot client, renderer", ("webapp.services",)),
    (
        "content, booking, guides",
        (
            "webapp.booking",
            "webapp.content",
            "webapp.duty",
            "webapp.guides",
            "webapp.snapshots",
        ),
    ),
    ("models", ("webapp.config", "webapp.extensions", "webapp.migrations", "webapp.models")),
    (
        "leaf",
        (
            "webapp.bounds",
            "webapp.clock",
            "webapp.easy_read",
            "webapp.places",
            "webapp.reply_types",
        ),
    ),
)
LEAF = len(LAYERS) - 1
# Modules the app factory wires in (blueprints, socket handlers, commands): nothing else
# imports them, so a handler's neighbours never reach into its module for a helper.
ENTRY_POINTS = ("cli", "events", "routes")
FACTORY = "webapp"


@dataclass(frozen=True)
class BackImport:
    """An import of a module that sits above the importer (or any import from a leaf)."""

    path: Path
    line: int
    importer: str
    imported: str

    def __str__(self) -> str:
        upper, lower = layer_name(self.imported), layer_name(self.importer)
        if _is_entry_point(self.imported):
            why = "routes, events and commands are imported by the app factory alone"
        elif layer_of(self.importer) == LEAF:
            why = "a leaf module imports nothing of the app"
        else:
            why = f"{lower!r} sits below {upper!r}"
        return f"{self.path}:{self.line}: {self.importer} imports {self.imported} ({why})"


def layer_of(module: str) -> int:
    """The index in LAYERS of the longest prefix naming this module."""
    best, best_length = -1, -1
    for index, (_name, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    if best < 0:
        raise ValueError(f"{module} is in no layer: add it to LAYERS in scripts/check_imports.py")
    return best


def layer_name(module: str) -> str:
    return LAYERS[layer_of(module)][0]


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[int, str]]:
    """(line, module) for every import of the app in a module's syntax tree."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*base, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            # `from webapp.x import y` may name a module y: judge the most precise one.
            for alias in node.names:
                yield node.lineno, f"{source}.{alias.name}"


def back_imports(root: Path = ROOT) -> list[BackImport]:
    """Every import in `root/webapp` that points back up the layers."""
    found: list[BackImport] = []
    for path in sorted((root / PACKAGE).rglob("*.py")):
        if "versions" in path.parts:  # migrations: generated, and import only Alembic
            continue
        importer = module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for line, imported in imported_modules(tree, importer, path.name == "__init__.py"):
            if not (imported == PACKAGE or imported.startswith(PACKAGE + ".")):
                continue
            target = _known_module(imported, root)
            if target == importer:
                continue
            back = layer_of(importer) == LEAF or layer_of(target) < layer_of(importer)
            wires = importer in (FACTORY, target.rpartition(".")[0])
            if back or (_is_entry_point(target) and not wires):
                problem = BackImport(path.relative_to(root), line, importer, target)
                if problem not in found:
                    found.append(problem)
    return found


def _is_entry_point(module: str) -> bool:
    return module.rpartition(".")[2] in ENTRY_POINTS


def _known_module(name: str, root: Path) -> str:
    """The longest part of a dotted name that is a module or package on disk (`from
    webapp.models import Booking` imports webapp.models)."""
    parts = name.split(".")
    while len(parts) > 1:
        path = root.joinpath(*parts)
        if path.with_suffix(".py").is_file() or (path / "__init__.py").is_file():
            return ".".join(parts)
        parts.pop()
    return parts[0]


def main() -> int:
    problems = back_imports()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} import(s) point back up the layers (scripts/check_imports.py).")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
