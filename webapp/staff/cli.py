"""`flask staff ...`: staff accounts from the command line (how the first admin is made)."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import force_locale

from webapp.extensions import db
from webapp.models.staff import ROLES
from webapp.staff.users import UserError, create_user

staff = AppGroup("staff", help="Manage staff accounts for the staff area at /staff.")


@staff.command("create-user")
@click.option("--email", required=True, help="Their email address: they sign in with it.")
@click.option("--name", required=True, help="Their full name.")
@click.option("--role", type=click.Choice(ROLES), default="editor", show_default=True)
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Asked for twice, hidden, when not given (give it only in scripts and tests).",
)
def create_user_command(email: str, name: str, role: str, password: str) -> None:
    """Create a staff account, e.g. the first admin."""
    try:
        with force_locale("en"):  # no request here to choose a language by
            user = create_user(email, name, role, password)
    except UserError as err:
        raise click.ClickException(str(err)) from None
    db.session.commit()
    click.echo(f"Created {user.role} account for {user.email}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(staff)
