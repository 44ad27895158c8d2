"""Signing in to the staff area: Argon2 hashes, lock-out after repeated wrong passwords,
sessions that end after 30 minutes without activity, and safe redirects."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient

from tests.support.staff import EDITOR, PASSWORD, make_user, sign_in
from webapp.extensions import db
from webapp.models import StaffUser

FAILED = "The email address or password is not right, or the account is locked."


def stored(app: Flask, email: str = EDITOR) -> StaffUser:
    with app.app_context():
        user = db.session.scalar(db.select(StaffUser).filter_by(email=email))
        assert user is not None
        db.session.expunge(user)
        return user


def signed_in(client: FlaskClient) -> bool:
    response = client.get("/staff/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def page_without(html: str, email: str) -> str:
    """The page, less the email typed in and the (always fresh) CSRF token and CSP nonce."""
    fresh = r'name="csrf_token" value="[^"]*"|nonce="[^"]*"'
    return re.sub(fresh, "", html.replace(email, ""))


def test_a_password_is_stored_as_an_argon2_hash_never_as_itself(app: Flask) -> None:
    make_user(app)
    user = stored(app)
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash
    assert PasswordHasher().verify(user.password_hash, PASSWORD)


def test_the_right_password_signs_in_and_signing_out_ends_it(
    app: Flask, client: FlaskClient
) -> None:
    make_user(app)
    response = sign_in(client, EDITOR)
    assert response.status_code == 302 and response.location == "/staff/"
    assert signed_in(client)
    assert client.post("/staff/logout").location == "/staff/login"
    assert not signed_in(client)


def test_email_addresses_are_matched_whatever_their_case(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    sign_in(client, "  Ed.Editor@NHS.net ")
    assert signed_in(client)


def test_a_wrong_password_and_an_unknown_email_get_the_same_words(
    app: Flask, client: FlaskClient
) -> None:
    make_user(app)
    wrong_password = sign_in(client, EDITOR, "not the password")
    unknown_email = sign_in(client, "nobody@nhs.net", "not the password")
    assert FAILED in wrong_password.text and FAILED in unknown_email.text
    assert page_without(wrong_password.text, EDITOR) == page_without(
        unknown_email.text, "nobody@nhs.net"
    )
    assert not signed_in(client)


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(
    app: Flask, client: FlaskClient, set_time: Callable[[timedelta], None]
) -> None:
    make_user(app)
    for _ in range(4):
        sign_in(client, EDITOR, "wrong")
    assert stored(app).failed_logins == 4 and stored(app).locked_until is None
    sign_in(client, EDITOR, "wrong")
    assert stored(app).locked_until is not None

    response = sign_in(client, EDITOR)
    assert FAILED in response.text  # the same words: nothing says the account exists
    assert not signed_in(client)


def test_the_lock_lifts_after_fifteen_minutes(
    app: Flask, client: FlaskClient, set_time: Callable[[timedelta], None]
) -> None:
    make_user(app)
    for _ in range(5):
        sign_in(client, EDITOR, "wrong")
    set_time(timedelta(minutes=14))
    sign_in(client, EDITOR)
    assert not signed_in(client)
    set_time(timedelta(minutes=16))
    sign_in(client, EDITOR)
    assert signed_in(client)
    assert stored(app).failed_logins == 0 and stored(app).locked_until is None


def test_a_lock_set_in_the_past_no_longer_applies(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    with app.app_context():
        user = db.session.scalar(db.select(StaffUser).filter_by(email=EDITOR))
        assert user is not None
        user.locked_until = datetime.now(UTC) - timedelta(minutes=1)
        db.session.commit()
    sign_in(client, EDITOR)
    assert signed_in(client)


def test_a_successful_sign_in_clears_earlier_failures(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    for _ in range(4):
        sign_in(client, EDITOR, "wrong")
    sign_in(client, EDITOR)
    assert stored(app).failed_logins == 0


def test_a_deactivated_account_cannot_sign_in_and_its_session_ends(
    app: Flask, client: FlaskClient
) -> None:
    make_user(app)
    sign_in(client, EDITOR)
    assert signed_in(client)
    with app.app_context():
        user = db.session.scalar(db.select(StaffUser).filter_by(email=EDITOR))
        assert user is not None
        user.active = False
        db.session.commit()
    assert not signed_in(client)
    assert FAILED in sign_in(client, EDITOR).text


def test_a_session_idle_longer_than_the_lifetime_is_signed_out(
    app: Flask, client: FlaskClient, set_time: Callable[[timedelta], None]
) -> None:
    make_user(app)
    sign_in(client, EDITOR)
    set_time(timedelta(minutes=29))
    assert signed_in(client)
    set_time(timedelta(minutes=29 + 31))
    response = client.get("/staff/")
    assert response.status_code == 302 and response.location.startswith("/staff/login")


def test_activity_keeps_a_session_alive(
    app: Flask, client: FlaskClient, set_time: Callable[[timedelta], None]
) -> None:
    make_user(app)
    sign_in(client, EDITOR)
    for minutes in (20, 40, 60, 80):  # well past 30 minutes in all, never 30 idle
        set_time(timedelta(minutes=minutes))
        assert signed_in(client), minutes


def test_the_staff_cookie_expires_with_the_session_lifetime(
    app: Flask, client: FlaskClient
) -> None:
    make_user(app)
    sign_in(client, EDITOR)
    client.get("/staff/")
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.expires is not None
    left = cookie.expires - datetime.now(UTC)
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)
    assert client.get_cookie("remember_token") is None  # no "remember me" cookie outlives it


def test_a_new_secret_key_ends_sessions_signed_with_the_old_one_unless_kept_as_fallback(
    app: Flask, client: FlaskClient
) -> None:
    make_user(app)
    sign_in(client, EDITOR)
    old_key = app.secret_key
    app.secret_key = "a-rotated-key"
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    assert signed_in(client)
    app.config["SECRET_KEY_FALLBACKS"] = []
    app.secret_key = "another-rotated-key"
    assert not signed_in(client)


def test_the_lifetime_is_a_setting(app: Flask) -> None:
    assert app.permanent_session_lifetime == timedelta(minutes=30)
    assert app.config["STAFF_MAX_FAILED_LOGINS"] == 5
    assert app.config["STAFF_LOCKOUT_MINUTES"] == 15


def test_a_chat_visitor_keeps_their_conversation_past_the_staff_lifetime(
    client: FlaskClient, set_time: Callable[[timedelta], None]
) -> None:
    client.get("/")
    with client.session_transaction() as session:
        conversation = session["conversation_id"]
    set_time(timedelta(hours=3))
    client.get("/")
    with client.session_transaction() as session:
        assert session["conversation_id"] == conversation


def test_an_old_hash_is_upgraded_at_sign_in(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    with app.app_context():
        user = db.session.scalar(db.select(StaffUser).filter_by(email=EDITOR))
        assert user is not None
        user.password_hash = weak
        db.session.commit()
    sign_in(client, EDITOR)
    upgraded = stored(app).password_hash
    assert upgraded != weak and not PasswordHasher().check_needs_rehash(upgraded)


def test_after_signing_in_only_a_staff_page_is_followed(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    response = client.post(
        "/staff/login?next=/staff/review", data={"email": EDITOR, "password": PASSWORD}
    )
    assert response.location == "/staff/review"
    client.post("/staff/logout")
    for elsewhere in ("https://evil.example/staff/", "//evil.example/staff/", "/"):
        response = client.post(
            "/staff/login", query_string={"next": elsewhere},
            data={"email": EDITOR, "password": PASSWORD},
        )  # fmt: skip
        assert response.location == "/staff/", elsewhere
        client.post("/staff/logout")


def test_a_page_asked_for_before_signing_in_is_shown_after(app: Flask, client: FlaskClient) -> None:
    make_user(app)
    login_url = client.get("/staff/review").location
    response = client.post(login_url, data={"email": EDITOR, "password": PASSWORD})
    assert response.location == "/staff/review"


def test_staff_pages_are_in_english_whatever_the_chat_language(client: FlaskClient) -> None:
    client.get("/?lang=pl")
    page = client.get("/staff/login").text
    assert '<html lang="en"' in page and "Sign in to the staff area" in page
