"""Staff sessions kept on the server: the signed cookie holds only a random session id, and
the session ends for good on sign-out, deactivation, a new password, 30 idle minutes or
12 hours after sign-in, whoever holds a copy of the cookie."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.support.staff import ADMIN, EDITOR, PASSWORD, make_user, sign_in
from webapp import clock
from webapp.extensions import db
from webapp.models import StaffSession
from webapp.retention import purge

NEW_PASSWORD = "a brand new passphrase 42"


def signed_in(client: FlaskClient) -> bool:
    response = client.get("/staff/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of this one's session cookie, as saved now."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    other = app.test_client()
    other.set_cookie("session", cookie.value)
    return other


def sessions(app: Flask) -> list[StaffSession]:
    with app.app_context():
        found = list(db.session.scalars(sa.select(StaffSession)))
        db.session.expunge_all()
        return found


@pytest.fixture
def editor(editor: FlaskClient) -> FlaskClient:
    """An editor signed in, checked: each test here ends the sign-in some way."""
    assert signed_in(editor)
    return editor


def test_a_cookie_saved_before_sign_out_no_longer_works_in_any_browser(
    app: Flask, editor: FlaskClient
) -> None:
    saved = copy_of(app, editor)
    assert signed_in(saved)  # a copy works while the session lasts
    editor.post("/staff/logout")
    assert not signed_in(saved)
    assert sessions(app) == []


def test_signing_out_ends_that_session_only(app: Flask, editor: FlaskClient) -> None:
    elsewhere = app.test_client()
    sign_in(elsewhere, EDITOR)
    editor.post("/staff/logout")
    assert signed_in(elsewhere) and not signed_in(editor)


def test_deactivating_an_account_ends_its_sessions_even_if_it_is_reactivated(
    app: Flask, editor: FlaskClient
) -> None:
    editor_id = sessions(app)[0].user_id
    admin = app.test_client()
    make_user(app, ADMIN, "admin")
    sign_in(admin, ADMIN)
    admin.post(f"/staff/users/{editor_id}/deactivate")
    assert editor_id not in {s.user_id for s in sessions(app)}
    assert not signed_in(editor)
    admin.post(f"/staff/users/{editor_id}/reactivate")
    assert not signed_in(editor)


def test_a_new_password_ends_every_session_of_the_account(app: Flask, editor: FlaskClient) -> None:
    elsewhere = app.test_client()
    sign_in(elsewhere, EDITOR)
    result = app.test_cli_runner().invoke(
        args=["staff", "set-password", "--email", EDITOR, "--password", NEW_PASSWORD]
    )
    assert result.exit_code == 0 and f"New password set for {EDITOR}" in result.output
    assert not signed_in(editor) and not signed_in(elsewhere)
    assert sessions(app) == []
    assert sign_in(elsewhere, EDITOR, PASSWORD).status_code == 200  # the old one is refused
    sign_in(elsewhere, EDITOR, NEW_PASSWORD)
    assert signed_in(elsewhere)


def test_set_password_refuses_a_short_password_or_an_unknown_account(app: Flask) -> None:
    make_user(app, EDITOR)
    runner = app.test_cli_runner()
    short = runner.invoke(args=["staff", "set-password", "--email", EDITOR, "--password", "short"])
    assert short.exit_code != 0 and "at least 12 characters" in short.output
    unknown = ["staff", "set-password", "--email", "nobody@nhs.net", "--password", NEW_PASSWORD]
    result = runner.invoke(args=unknown)
    assert result.exit_code != 0 and "No account for nobody@nhs.net" in result.output


def test_a_session_ends_twelve_hours_after_sign_in_however_busy(
    app: Flask, editor: FlaskClient, set_time: Callable[[timedelta], None]
) -> None:
    for minutes in range(20, 12 * 60, 20):  # never 30 minutes idle
        set_time(timedelta(minutes=minutes))
        assert signed_in(editor), minutes
    set_time(timedelta(hours=12, minutes=1))
    assert not signed_in(editor)
    assert app.config["STAFF_SESSION_HOURS"] == 12


def test_the_server_ends_a_session_idle_for_thirty_minutes(
    app: Flask, editor: FlaskClient, set_time: Callable[[timedelta], None]
) -> None:
    app.permanent_session_lifetime = timedelta(hours=1)  # the cookie alone would still do
    set_time(timedelta(minutes=31))
    assert not signed_in(editor)


def test_the_cookie_holds_a_random_id_and_the_database_only_its_digest(
    app: Flask, editor: FlaskClient
) -> None:
    with editor.session_transaction() as session:
        token = session["staff_session"]
    assert len(token) >= 43  # 256 random bits, URL-safe base64
    (row,) = sessions(app)
    assert row.id == hashlib.sha256(token.encode()).hexdigest() and token not in row.id
    again = app.test_client()
    sign_in(again, EDITOR)
    with again.session_transaction() as session:
        assert session["staff_session"] != token


def test_sessions_past_their_limit_are_deleted_by_the_retention_purge(
    app: Flask, editor: FlaskClient
) -> None:
    sign_in(app.test_client(), EDITOR)
    assert len(sessions(app)) == 2
    with app.app_context():
        kept = purge(clock.now() + timedelta(hours=11), chat_days=30, booking_days=90)
        assert kept.staff_sessions == 0
        gone = purge(clock.now() + timedelta(hours=12, minutes=1), chat_days=30, booking_days=90)
        assert gone.staff_sessions == 2
    assert sessions(app) == []
