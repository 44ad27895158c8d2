"""`flask staff ...`: staff accounts from the command line (how the first admin is made, and
how a forgotten password is replaced)."""

from __future__ import annotations

from collections.abc import Callable

import click
from flask import Flask
from flask.cli import AppGroup
from flask_babel import force_locale

from webapp.extensions import db
from webapp.models import StaffUser
from webapp.models.staff import ROLES
from webapp.staff.users import UserError, create_user, set_password, set_role

staff = AppGroup("staff", help="Manage staff accounts for the staff area at /staff.")
password_option = click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Asked for twice, hidden, when not given (give it only in scripts and tests).",
)
email_option = click.option(
    "--email", required=True, help="Their email address: they sign in with it."
)


def _saved(change: Callable[[], StaffUser]) -> StaffUser:
    """Make an account change and commit it; a refusal is the command's error."""
    try:
        with force_locale("en"):  # no request here to choose a language by
            user = change()
    except UserError as err:
        raise click.ClickException(str(err)) from None
    db.session.commit()
    return user


@staff.command("create-user")
@email_option
@click.option("--name", required=True, help="Their full name.")
@click.option("--role", type=click.Choice(ROLES), default="editor", show_default=True)
@password_option
def create_user_command(email: str, name: str, role: str, password: str) -> None:
    """Create a staff account, e.g. the first admin."""
    user = _saved(lambda: create_user(email, name, role, password))
    click.echo(f"Created {user.role} account for {user.email}.")


@staff.command("set-password")
@email_option
@password_option
def set_password_command(email: str, password: str) -> None:
    """Give an account a new password; every session it has ends."""
    user = _saved(lambda: set_password(email, password))
    click.echo(f"New password set for {user.email}; its sessions have ended.")


@staff.command("set-role")
@email_option
@click.option("--role", type=click.Choice(ROLES), required=True)
def set_role_command(email: str, role: str) -> None:
    """Change an account's role: editor (content), bookings (bookings), admin (everything)."""
    user = _saved(lambda: set_role(email, role))
    click.echo(f"{user.email} is now {user.role}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(staff)
