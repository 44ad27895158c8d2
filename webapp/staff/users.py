"""Staff accounts: create (from the command line or by an admin), list, deactivate; a new
password or role from the command line."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from webapp import clock
from webapp.extensions import db
from webapp.models import DutyTeam, StaffUser
from webapp.models.staff import ROLES
from webapp.staff import signins
from webapp.staff.account_forms import MIN_PASSWORD_LENGTH, UserForm
from webapp.staff.auth import form_expired, hash_password, normal_email, require_admin
from webapp.staff.page_helpers import render

bp = Blueprint("staff_users", __name__, url_prefix="/staff/users")
bp.before_request(require_admin)
bp.register_error_handler(CSRFError, form_expired)


class UserError(ValueError):
    """A staff account that cannot be created as asked."""


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UserError(_("The role must be one of: %(roles)s.", roles=", ".join(ROLES)))


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(_("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH))


def create_user(email: str, name: str, role: str, password: str) -> StaffUser:
    """A new staff account with an Argon2 hash of its password (the caller commits)."""
    email, name = normal_email(email), name.strip()
    _check_role(role)
    if not email or not name:
        raise UserError(_("An account needs an email address and a name."))
    _check_password(password)
    if db.session.scalar(sa.select(StaffUser.id).where(StaffUser.email == email)) is not None:
        raise UserError(_("There is already an account for %(email)s.", email=email))
    user = StaffUser(email=email, name=name, role=role, password_hash=hash_password(password))
    db.session.add(user)
    db.session.flush()
    return user


def _account(email: str) -> StaffUser:
    user = db.session.scalar(sa.select(StaffUser).where(StaffUser.email == normal_email(email)))
    if user is None:
        raise UserError(_("No account for %(email)s.", email=normal_email(email)))
    return user


def set_password(email: str, password: str) -> StaffUser:
    """Give an account a new password and end every session it has (the caller commits)."""
    _check_password(password)
    user = _account(email)
    user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None
    signins.end_all(user.id)
    return user


def set_role(email: str, role: str) -> StaffUser:
    """Change what an account may use; it applies from its next page (the caller commits)."""
    _check_role(role)
    user = _account(email)
    user.role = role
    return user


def set_team(email: str, team_id: str | None, job_title: str | None) -> StaffUser:
    """Put a duty worker in a duty team (None: no team, so no chats) and set the role
    people in a chat see beside their first name, e.g. "School nurse" (the caller commits)."""
    user = _account(email)
    if team_id is not None:
        if team_id and db.session.get(DutyTeam, team_id) is None:
            raise UserError(_("There is no duty team %(team)s.", team=team_id))
        user.team_id = team_id or None
    if job_title is not None:
        user.job_title = job_title.strip()[:80]
    return user


def _user_or_404(user_id: int) -> StaffUser:
    user = db.session.get(StaffUser, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/")
def index() -> ResponseReturnValue:
    """Every staff account, with its role and whether it can sign in."""
    users = db.session.scalars(sa.select(StaffUser).order_by(StaffUser.name)).all()
    return render("staff/users.html", users=users, now=clock.now(), aware=clock.aware)


@bp.route("/new", methods=("GET", "POST"))
def new() -> ResponseReturnValue:
    """Create a staff account."""
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = create_user(
                form.email.data or "", form.name.data or "", form.role.data, form.password.data
            )
        except UserError as err:
            form.email.errors = [*form.email.errors, str(err)]
        else:
            db.session.commit()
            flash(_("An account for %(name)s was created.", name=user.name), "success")
            return redirect(url_for("staff_users.index"))
    status = 400 if form.errors else 200
    return render("staff/user_form.html", form=form), status


@bp.post("/<int:user_id>/deactivate")
def deactivate(user_id: int) -> ResponseReturnValue:
    """Stop an account signing in, and end its sessions."""
    user = _user_or_404(user_id)
    if user.id == current_user.id:
        flash(_("You cannot deactivate your own account."))
    else:
        user.active = False
        signins.end_all(user.id)
        db.session.commit()
        flash(_("%(name)s can no longer sign in.", name=user.name), "success")
    return redirect(url_for("staff_users.index"))


@bp.post("/<int:user_id>/unlock")
def unlock(user_id: int) -> ResponseReturnValue:
    """Let an account locked by wrong passwords sign in again now, rather than after the
    lock-out (the person has called to say it was them)."""
    user = _user_or_404(user_id)
    user.failed_logins, user.locked_until = 0, None
    db.session.commit()
    flash(_("%(name)s is unlocked and can sign in again.", name=user.name), "success")
    return redirect(url_for("staff_users.index"))


@bp.post("/<int:user_id>/reactivate")
def reactivate(user_id: int) -> ResponseReturnValue:
    """Let a deactivated account sign in again."""
    user = _user_or_404(user_id)
    user.active, user.failed_logins, user.locked_until = True, 0, None
    db.session.commit()
    flash(_("%(name)s can sign in again.", name=user.name), "success")
    return redirect(url_for("staff_users.index"))
