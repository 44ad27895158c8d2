"""`flask guides import`: load the self-help guides from content/guides/."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from webapp.config import ROOT
from webapp.guides import store

guides = AppGroup("guides", help="Self-help guides.")
GUIDES_DIR = ROOT / "content" / "guides"


@guides.command("import")
@click.option("--if-empty", is_flag=True, help="Only load into a store with no guides yet.")
def import_command(if_empty: bool) -> None:
    """Import the guides and their translations; a guide with a problem is refused whole."""
    if if_empty and store.has_guides():
        click.echo("Guides already exist; nothing imported.")
        return
    report = store.import_guides(GUIDES_DIR)
    for problem in report.problems:
        click.echo(str(problem), err=True)
    click.echo(f"{report.created} created, {report.updated} updated, {report.unchanged} unchanged")
    if report.problems:
        raise click.ClickException("some guides were refused (see above)")


def init_app(app: Flask) -> None:
    app.cli.add_command(guides)
