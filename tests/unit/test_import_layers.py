"""Imports point down the flow of a message (scripts/check_imports.py, run by `make lint`)."""

from __future__ import annotations

from pathlib import Path

from scripts.check_imports import back_imports


def _tree(root: Path, modules: dict[str, str]) -> Path:
    """A small `webapp` package under `root`: each dotted name a module with this source."""
    for name, source in modules.items():
        path = root.joinpath(*name.split(".")).with_suffix(".py")
        path.parent.mkdir(parents=True, exist_ok=True)
        for package in [path.parent, *path.parent.parents]:
            if package == root:
                break
            (package / "__init__.py").touch()
        path.write_text(source)
    return root


def test_no_module_of_the_web_app_imports_one_above_it() -> None:
    assert [str(problem) for problem in back_imports()] == []


def test_an_import_down_the_flow_passes(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "webapp.services.renderer": "from webapp.content import query\n",
            "webapp.content.query": "from webapp.reply_types import Reply\n",
            "webapp.reply_types": "import dataclasses\n",
        },
    )
    assert back_imports(root) == []


def test_an_import_that_points_back_up_fails(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "webapp.services.renderer": "",
            "webapp.content.query": "def f():\n    from webapp.services import renderer\n",
        },
    )
    [problem] = back_imports(root)
    assert (problem.importer, problem.imported, problem.line) == (
        "webapp.content.query",
        "webapp.services.renderer",
        2,
    )
    assert "sits below" in str(problem)


def test_a_leaf_module_imports_nothing_of_the_app(tmp_path: Path) -> None:
    root = _tree(
        tmp_path, {"webapp.reply_types": "from webapp import bounds\n", "webapp.bounds": ""}
    )
    [problem] = back_imports(root)
    assert problem.importer == "webapp.reply_types"


def test_only_the_factory_imports_a_blueprints_routes(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "webapp.booking.routes": "",
            "webapp.chat.events": "from webapp.booking.routes import booking_request\n",
            "webapp.security": "from webapp.booking import routes\n",
        },
    )
    assert {problem.importer for problem in back_imports(root)} == {
        "webapp.chat.events",
        "webapp.security",
    }
