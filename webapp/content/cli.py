"""`flask content ...`: import, export and check the signposting content files."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from webapp.config import ROOT
from webapp.content import store
from webapp.content.yaml_io import check_file

content = AppGroup("content", help="Import, export and check signposting content (YAML).")
DEFAULT_DIR = ROOT / "content"


def _files(paths: tuple[str, ...]) -> list[Path]:
    return [Path(p) for p in paths] or sorted(DEFAULT_DIR.glob("*.yml"))


@content.command("check")
@click.argument("paths", nargs=-1)
def check_command(paths: tuple[str, ...]) -> None:
    """Check content files against the schema without importing anything."""
    bad = False
    for path in _files(paths):
        checked = check_file(path)
        for problem in checked.problems:
            click.echo(str(problem), err=True)
            bad = True
    if bad:
        raise click.ClickException("content files have problems (see above)")
    click.echo("All content files are valid.")


@content.command("import")
@click.argument("paths", nargs=-1)
@click.option("--if-empty", is_flag=True, help="Only seed a store that has no services yet.")
def import_command(paths: tuple[str, ...], if_empty: bool) -> None:
    """Import content files (default: content/*.yml). A bad file is refused whole."""
    if if_empty and store.has_services():
        click.echo("The content store already has services; nothing imported.")
        return
    report = store.import_files(_files(paths))
    for problem in report.problems:
        click.echo(str(problem), err=True)
    click.echo(
        f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged"
        + (f"; refused: {', '.join(report.files_refused)}" if report.files_refused else "")
    )
    if report.files_refused:
        raise click.ClickException("some files were refused and nothing was imported from them")


@content.command("export")
@click.argument("directory", default=str(DEFAULT_DIR))
def export_command(directory: str) -> None:
    """Write the live content to YAML files, one per area."""
    for path in store.export_files(Path(directory)):
        click.echo(f"wrote {path}")


def init_app(app: Flask) -> None:
    app.cli.add_command(content)
