"""Staff accounts: `flask staff create-user` makes the first admin; admins create and
deactivate accounts in the staff area."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.staff import ADMIN, EDITOR, PASSWORD, make_user, sign_in
from webapp import clock
from webapp.extensions import db
from webapp.models import StaffUser


def account(app: Flask, email: str) -> StaffUser | None:
    with app.app_context():
        user = db.session.scalar(db.select(StaffUser).filter_by(email=email))
        if user is not None:
            db.session.expunge(user)
        return user


def create_user(app: Flask, *args: str, input: str | None = None) -> tuple[int, str]:
    result = app.test_cli_runner().invoke(args=["staff", "create-user", *args], input=input)
    return result.exit_code, result.output


# --- The command line ---------------------------------------------------------------------


def test_create_user_makes_the_first_admin(app: Flask, client: FlaskClient) -> None:
    code, output = create_user(
        app, "--email", ADMIN, "--name", "Ada Admin", "--role", "admin", "--password", PASSWORD
    )
    assert code == 0 and f"Created admin account for {ADMIN}" in output
    user = account(app, ADMIN)
    assert user is not None and user.role == "admin" and user.name == "Ada Admin"
    assert user.password_hash.startswith("$argon2id$")
    sign_in(client, ADMIN)
    assert client.get("/staff/users/").status_code == 200


def test_create_user_asks_for_the_password_twice_without_showing_it(app: Flask) -> None:
    code, output = create_user(
        app, "--email", EDITOR, "--name", "Ed", input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert code == 0 and PASSWORD not in output
    assert "Password:" in output and "Repeat for confirmation:" in output
    user = account(app, EDITOR)
    assert user is not None and user.role == "editor"


def test_create_user_asks_again_when_the_two_passwords_differ(app: Flask) -> None:
    typed = f"{PASSWORD}\nsomething else\n{PASSWORD}\n{PASSWORD}\n"
    code, output = create_user(app, "--email", EDITOR, "--name", "Ed", input=typed)
    assert code == 0 and "do not match" in output
    assert account(app, EDITOR) is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "admin", "--password", "short"], "at least 12 characters"),
        (["--role", "owner", "--password", PASSWORD], "Invalid value for '--role'"),
    ],
)
def test_create_user_refuses_a_weak_password_or_an_unknown_role(
    app: Flask, args: list[str], message: str
) -> None:
    code, output = create_user(app, "--email", ADMIN, "--name", "Ada", *args)
    assert code != 0 and message in output
    assert account(app, ADMIN) is None


def test_create_user_refuses_an_email_already_used(app: Flask) -> None:
    make_user(app, EDITOR)
    code, output = create_user(
        app, "--email", EDITOR.upper(), "--name", "Other", "--password", PASSWORD
    )
    assert code != 0 and "already an account" in output
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(StaffUser)) == 1


def test_set_role_gives_an_editor_the_bookings_from_their_next_page(
    app: Flask, client: FlaskClient
) -> None:
    make_user(app, EDITOR)
    sign_in(client, EDITOR)
    assert client.get("/staff/bookings/").status_code == 403
    result = app.test_cli_runner().invoke(
        args=["staff", "set-role", "--email", EDITOR, "--role", "bookings"]
    )
    assert result.exit_code == 0 and f"{EDITOR} is now bookings" in result.output
    assert client.get("/staff/bookings/").status_code == 200
    assert client.get("/staff/review").status_code == 403
    unknown = ["staff", "set-role", "--email", "nobody@nhs.net", "--role", "admin"]
    assert "No account for nobody@nhs.net" in app.test_cli_runner().invoke(args=unknown).output


# --- Admin pages --------------------------------------------------------------------------


NEW_EDITOR = {
    "email": "new.editor@nhs.net",
    "name": "New Editor",
    "role": "editor",
    "password": "a long enough password",
    "confirm": "a long enough password",
}


def test_an_admin_creates_an_account_that_can_sign_in(app: Flask, admin: FlaskClient) -> None:
    response = admin.post("/staff/users/new", data=NEW_EDITOR)
    assert response.status_code == 302 and response.location == "/staff/users/"
    page = admin.get("/staff/users/").text
    assert "New Editor" in page and "new.editor@nhs.net" in page
    user = account(app, "new.editor@nhs.net")
    assert user is not None and user.role == "editor"
    assert "a long enough password" not in user.password_hash

    other = app.test_client()
    sign_in(other, "new.editor@nhs.net", "a long enough password")
    assert other.get("/staff/").status_code == 200


def test_an_admin_creates_booking_staff_who_land_on_the_bookings(
    app: Flask, admin: FlaskClient
) -> None:
    assert 'value="bookings"' in admin.get("/staff/users/new").text
    booker = {**NEW_EDITOR, "email": "new.booker@nhs.net", "role": "bookings"}
    assert admin.post("/staff/users/new", data=booker).status_code == 302
    other = app.test_client()
    assert sign_in(other, "new.booker@nhs.net", "a long enough password").location == (
        "/staff/bookings/"
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"confirm": "a different password"}, "confirm", "not the same"),
        ({"password": "short", "confirm": "short"}, "password", "at least 12 characters"),
        ({"email": "not an email"}, "email", "Enter an email address"),
        ({"email": ADMIN}, "email", "already an account"),
        ({"role": "owner"}, "role", "Not a valid choice"),
        ({"name": ""}, "name", "Enter their name"),
    ],
)
def test_a_bad_account_form_creates_nothing(
    app: Flask, admin: FlaskClient, changes: dict[str, str], field: str, message: str
) -> None:
    response = admin.post("/staff/users/new", data={**NEW_EDITOR, **changes})
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text and message in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(StaffUser)) == 1


def test_a_deactivated_account_can_no_longer_sign_in(app: Flask, admin: FlaskClient) -> None:
    editor_id = make_user(app, EDITOR)
    other = app.test_client()
    sign_in(other, EDITOR)
    assert other.get("/staff/").status_code == 200

    response = admin.post(f"/staff/users/{editor_id}/deactivate")
    assert response.status_code == 302
    assert "Deactivated" in admin.get("/staff/users/").text
    assert other.get("/staff/").status_code == 302  # signed out at once
    sign_in(other, EDITOR)
    assert other.get("/staff/").status_code == 302

    admin.post(f"/staff/users/{editor_id}/reactivate")
    sign_in(other, EDITOR)
    assert other.get("/staff/").status_code == 200


def test_an_admin_unlocks_an_account_locked_by_wrong_passwords(
    app: Flask, admin: FlaskClient
) -> None:
    editor_id = make_user(app, EDITOR)
    other = app.test_client()
    for _ in range(app.config["STAFF_MAX_FAILED_LOGINS"]):
        sign_in(other, EDITOR, "not the password")
    sign_in(other, EDITOR)
    assert other.get("/staff/").status_code == 302  # locked: the right password is refused
    assert "Locked" in admin.get("/staff/users/").text

    admin.post(f"/staff/users/{editor_id}/unlock")
    assert "Locked" not in admin.get("/staff/users/").text
    sign_in(other, EDITOR)
    assert other.get("/staff/").status_code == 200


def test_only_an_admin_unlocks_an_account(app: Flask, editor: FlaskClient) -> None:
    user = account(app, EDITOR)
    assert user is not None
    with app.app_context():
        stored = db.session.get(StaffUser, user.id)
        assert stored is not None
        stored.locked_until = clock.now() + timedelta(minutes=15)
        db.session.commit()
    assert editor.post(f"/staff/users/{user.id}/unlock").status_code in (302, 403)
    assert (account(app, EDITOR) or user).locked_until is not None


def test_an_admin_cannot_deactivate_themselves(app: Flask, admin: FlaskClient) -> None:
    user = account(app, ADMIN)
    assert user is not None
    admin.post(f"/staff/users/{user.id}/deactivate")
    assert (account(app, ADMIN) or user).active
    assert admin.get("/staff/users/").status_code == 200
