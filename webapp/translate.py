"""`flask translate ...`: the gettext chores, so staff and developers need not remember pybabel."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from webapp.config import ROOT

translate = AppGroup("translate", help="Extract, update and compile the translation catalogs.")
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "messages.pot"
# How every string is found: the same for `flask translate extract` and the test that
# messages.pot is up to date.
EXTRACT_OPTIONS = (
    "-F",
    str(TRANSLATIONS / "babel.cfg"),
    "-k",
    "_l",
    "-k",
    "lazy_gettext",
    "-k",
    "_p:1c,2",  # lazy_pgettext: the easy-read replies, in the context "easy read"
    "--no-location",
)


def _pybabel(*args: str) -> None:
    """Run pybabel from this environment, stopping on failure."""
    command = [str(Path(sys.executable).with_name("pybabel")), *args]
    if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:
        raise click.ClickException("pybabel " + " ".join(args) + " failed")


@translate.command()
def extract() -> None:
    """Collect every translatable string into messages.pot."""
    _pybabel(
        "extract",
        *EXTRACT_OPTIONS,
        "--sort-output",
        "--project",
        "LPT support chat",
        "-o",
        str(POT),
        ".",
    )


@translate.command()
def update() -> None:
    """Extract, then merge new strings into every catalog."""
    extract.callback()  # type: ignore[misc]
    _pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "--no-fuzzy-matching")


@translate.command()
@click.argument("locale")
def init(locale: str) -> None:
    """Start a catalog for a new language."""
    _pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", locale)


@translate.command()
def compile() -> None:  # noqa: A001 - the pybabel word
    """Compile every catalog to .mo, failing on any error."""
    _pybabel("compile", "-d", str(TRANSLATIONS), "--statistics")


@translate.command()
def status() -> None:
    """Per language: how much is translated and how much awaits native-speaker review."""
    from webapp.config import LANGUAGES
    from webapp.services.catalog_status import status as catalog_status

    for locale in LANGUAGES:
        if locale == "en":
            continue
        s = catalog_status(TRANSLATIONS, locale)
        click.echo(
            f"{locale}: {s.translated}/{s.total} translated ({s.percent_translated}%), "
            f"{len(s.needs_review)} awaiting native-speaker review"
        )


def init_app(app: Flask) -> None:
    app.cli.add_command(translate)
