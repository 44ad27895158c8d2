"""`flask content ...`: import, export and check the signposting content files."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from webapp.config import ROOT
from webapp.content import checks, store

content = AppGroup("content", help="Import, export and check signposting content (YAML).")
DEFAULT_DIR = ROOT / "content"
GUIDES_DIR = DEFAULT_DIR / "guides"
TRANSLATIONS = ROOT / "translations"


def _files(paths: tuple[str, ...]) -> list[Path]:
    return [Path(p) for p in paths] or sorted(DEFAULT_DIR.glob("*.yml"))


@content.command("check")
@click.argument("paths", nargs=-1)
def check_command(paths: tuple[str, ...]) -> None:
    """Check content files against the schema and the content rules, importing nothing.

    With no paths: every content file, the guides in every language, the translation
    catalogs and the built-in crisis lines."""
    problems = checks.check(shipped(tuple(Path(p) for p in paths)), date.today())
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        raise click.ClickException(f"{len(problems)} content problems (see above)")
    click.echo("All content is valid.")


def shipped(paths: tuple[Path, ...] = ()) -> checks.Shipped:
    """What `flask content check` checks: the given content files (their numbers matched
    against every entry), or else everything the app ships."""
    if paths:
        return checks.Shipped(content=paths, also_known=tuple(_files(())))
    guides = sorted(GUIDES_DIR.glob("*.yml")) + sorted(GUIDES_DIR.glob("translations/*/*.yml"))
    catalogs = [TRANSLATIONS / "messages.pot", *sorted(TRANSLATIONS.glob("*/LC_MESSAGES/*.po"))]
    return checks.Shipped(
        content=tuple(_files(())),
        guides=tuple(guides),
        catalogs=tuple(catalogs),
        copies=built_in_copies(),
    )


def built_in_copies() -> tuple[checks.Copy, ...]:
    """The crisis numbers and links the app keeps built in, for when the store is empty."""
    from webapp.services import cards, crisis_lines  # the chat's copies, checked from here

    fields = {"phone": "phone", "sms": "text", "sms_body": "text_body", "url": "website"}
    copies = [
        checks.Copy(f"crisis_lines.BUILT_IN[{name!r}].{attr}", link.id, field, getattr(link, attr))
        for name, link in crisis_lines.BUILT_IN.items()
        for attr, field in fields.items()
    ]
    model_fields = {"phone": "phone", "text_number": "text", "text_body": "text_body"}
    copies += [
        checks.Copy(f"crisis_lines.NUMBERS[{name!r}]", service_id, model_fields[attr], value)
        for name, value in crisis_lines.NUMBERS.items()
        for service_id, attr in [cards.NUMBER_SOURCES[name]]
    ]
    return tuple(copies)


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
