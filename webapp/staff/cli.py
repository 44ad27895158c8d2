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
from webapp.staff.users import UserError, create_user, set_password, set_role, set_team

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
    """Change an account's role: editor (content), bookings (bookings), duty (chats handed to
    a person, of their team: see set-team), admin (everything)."""
    user = _saved(lambda: set_role(email, role))
    click.echo(f"{user.email} is now {user.role}.")


@staff.command("set-team")
@email_option
@click.option("--team", help="The duty team's id (see /staff/duty-teams); empty for none.")
@click.option(
    "--job-title", help='What people in a chat see beside their first name, e.g. "School nurse".'
)
def set_team_command(email: str, team: str | None, job_title: str | None) -> None:
    """Put a duty worker in a duty team, whose chats they then see, and set their job title."""
    user = _saved(lambda: set_team(email, team, job_title))
    click.echo(f"{user.email} is in team {user.team_id or '(none)'} as {user.job_title!r}.")


def init_app(app: Flask) -> None:
    app.cli.add_command(staff)
