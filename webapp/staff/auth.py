"""Staff sign-in: Argon2 password hashes, lock-out after repeated failures, sessions kept on
the server (webapp.staff.signins), and which role may use which pages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Blueprint, abort, current_app, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from flask_wtf.csrf import CSRFError

from webapp import clock
from webapp.extensions import db
from webapp.models import StaffUser
from webapp.models.staff import BOOKING_ROLES, CONTENT_ROLES, DUTY_ROLES
from webapp.security import staff_login_limit
from webapp.staff import signins
from webapp.staff.account_forms import LoginForm
from webapp.staff.page_helpers import render

bp = Blueprint("staff_auth", __name__, url_prefix="/staff")
login_manager = LoginManager()
login_manager.login_view = "staff_auth.login"
login_manager.login_message = _l("Sign in to use the staff area.")
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"
hasher = PasswordHasher()


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    """The signed-in member of staff, while their session is live on the server and their
    account active."""
    return signins.user_for(session.get(signins.SESSION_KEY), user_id)


def hash_password(password: str) -> str:
    return hasher.hash(password)


def normal_email(email: str) -> str:
    return email.strip().lower()


@functools.cache
def _dummy_hash() -> str:
    return hasher.hash("not a real password")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate(email: str, password: str) -> StaffUser | None:
    """The active user with this email and password, or None. Wrong passwords are counted;
    enough in a row lock the account, and a locked account refuses even the right one."""
    config = current_app.config
    user = db.session.scalar(sa.select(StaffUser).where(StaffUser.email == normal_email(email)))
    if user is None:
        _verify(_dummy_hash(), password)  # take as long as for a real account
        return None
    now = clock.now()
    if user.locked_until is not None and clock.aware(user.locked_until) > now:
        _verify(_dummy_hash(), password)  # a locked account answers no faster than others
        return None
    if not _verify(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= config["STAFF_MAX_FAILED_LOGINS"]:
            user.locked_until = now + timedelta(minutes=config["STAFF_LOCKOUT_MINUTES"])
            user.failed_logins = 0
            current_app.logger.warning("Staff account %s locked after failed sign-ins", user.id)
        db.session.commit()
        return None
    if not user.active:
        return None
    user.failed_logins, user.locked_until = 0, None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    db.session.commit()
    return user


def sign_in_failed() -> str:
    """The same words for every failure, so the page never tells whether an email is known."""
    return _(
        "The email address or password is not right, or the account is locked. "
        "After %(attempts)d wrong passwords an account is locked for %(minutes)d minutes.",
        attempts=current_app.config["STAFF_MAX_FAILED_LOGINS"],
        minutes=current_app.config["STAFF_LOCKOUT_MINUTES"],
    )


def require_role(*roles: str) -> Callable[[], ResponseReturnValue | None]:
    """A blueprint's before_request: every staff page needs a signed-in member of staff, and
    one with one of these roles; others are signed-in but forbidden."""

    def check() -> ResponseReturnValue | None:
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if current_user.role not in roles:
            abort(403)
        return None

    return check


require_content = require_role(*CONTENT_ROLES)  # services and guides: editors and admins
require_bookings = require_role(*BOOKING_ROLES)  # people's bookings: booking staff and admins
require_admin = require_role("admin")  # staff accounts and roll back
require_duty = require_role(*DUTY_ROLES)  # chats handed to a person: duty workers and admins


def home_url() -> str:
    """The signed-in member of staff's first page: the content, for booking staff the day's
    bookings, for duty workers their team's inbox."""
    if current_user.role == "duty":
        return url_for("staff_inbox.index")
    return url_for("staff.index" if current_user.edits_content else "staff_bookings.day")


def admin_required(view: Callable[..., ResponseReturnValue]) -> Callable[..., Any]:
    """Decorate a view that only admins may use."""

    @functools.wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        return require_admin() or view(*args, **kwargs)

    return wrapped


def form_expired(err: CSRFError) -> ResponseReturnValue:
    """A staff form posted without a valid CSRF token: most often the page was left open
    until the session ended. Say so in the staff area's words (400, nothing saved)."""
    current_app.logger.info("Staff form refused: %s", err.description)
    return render("staff/form_expired.html"), 400


bp.register_error_handler(CSRFError, form_expired)


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: only somewhere in the staff area of this site."""
    parts = urlsplit(target or "")
    if not parts.scheme and not parts.netloc and parts.path.startswith("/staff/"):
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return home_url()


@bp.route("/login", methods=("GET", "POST"))
@staff_login_limit  # per client address, on top of each account's lock-out
def login() -> ResponseReturnValue:
    """Sign in with email address and password."""
    if current_user.is_authenticated:
        return redirect(home_url())
    form = LoginForm()
    failed = None
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            session.clear()  # nothing from before sign-in is carried into the staff session
            token = signins.start(user)
            db.session.commit()
            login_user(user)
            session[signins.SESSION_KEY] = token
            session.permanent = True  # expires after STAFF_SESSION_MINUTES without activity
            return redirect(_safe_next(request.args.get("next")))
        failed = sign_in_failed()
    return render("staff/login.html", form=form, failed=failed)


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    """Sign out: end the session on the server, wherever its cookie went, and forget it."""
    signins.end(session.get(signins.SESSION_KEY))
    logout_user()
    session.clear()
    return redirect(url_for("staff_auth.login"))
