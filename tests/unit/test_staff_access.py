"""Who can reach what: every staff page needs sign-in, the content needs an editor, the
bookings booking staff, and admin pages an admin (admins reach all of them)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from werkzeug.routing import Rule

from tests.support.staff import (
    ADMIN,
    BOOKER,
    EDITOR,
    PASSWORD,
    add_service,
    make_user,
    requests_to,
    sign_in,
    staff_rules,
)

ADMIN_ONLY_ENDPOINTS = {"staff.roll_back", "staff_guides.roll_back"}


def is_admin_only(rule: Rule) -> bool:
    return rule.endpoint in ADMIN_ONLY_ENDPOINTS or rule.endpoint.startswith("staff_users.")


def test_the_walk_covers_the_staff_area(app: Flask) -> None:
    endpoints = {r.endpoint for r in staff_rules(app)}
    assert {"staff.index", "staff.edit", "staff.history", "staff.roll_back"} <= endpoints
    assert {"staff_users.index", "staff_auth.logout", "staff.translations"} <= endpoints


def test_no_staff_page_answers_without_sign_in(app: Flask, client: FlaskClient) -> None:
    add_service(app, id="x")
    for method, url in requests_to(app, staff_rules(app)):
        response = client.open(url, method=method)
        assert response.status_code in (302, 401, 403), (method, url, response.status_code)
        if response.status_code == 302:
            assert response.location.startswith("/staff/login"), (method, url)


def test_the_sign_in_page_is_open_to_everyone(client: FlaskClient) -> None:
    assert client.get("/staff/login").status_code == 200


def test_editors_are_forbidden_every_admin_page(app: Flask, client: FlaskClient) -> None:
    add_service(app, id="x")
    make_user(app, EDITOR, "editor")
    sign_in(client, EDITOR)
    admin_rules = [r for r in staff_rules(app) if is_admin_only(r)]
    assert admin_rules
    for method, url in requests_to(app, admin_rules):
        assert client.open(url, method=method).status_code == 403, (method, url)


def test_editors_reach_the_content_pages(app: Flask, client: FlaskClient) -> None:
    add_service(app)
    make_user(app, EDITOR, "editor")
    sign_in(client, EDITOR)
    for url in ("/staff/", "/staff/services/new", "/staff/services/test-memory-cafe/edit",
                "/staff/services/test-memory-cafe/translations",
                "/staff/services/test-memory-cafe/history", "/staff/review",
                "/staff/translations"):  # fmt: skip
        assert client.get(url).status_code == 200, url


def test_admins_reach_the_admin_pages(app: Flask, client: FlaskClient) -> None:
    make_user(app, ADMIN, "admin")
    sign_in(client, ADMIN)
    assert client.get("/staff/users/").status_code == 200
    assert client.get("/staff/users/new").status_code == 200


def test_only_admins_see_the_staff_accounts_link(app: Flask, client: FlaskClient) -> None:
    make_user(app, EDITOR, "editor")
    sign_in(client, EDITOR)
    assert "/staff/users/" not in client.get("/staff/").text
    client.post("/staff/logout")
    make_user(app, ADMIN, "admin")
    sign_in(client, ADMIN)
    assert "/staff/users/" in client.get("/staff/").text


def test_booking_staff_land_on_the_bookings_and_are_forbidden_the_content(
    app: Flask, client: FlaskClient
) -> None:
    add_service(app, id="x")
    make_user(app, BOOKER, "bookings")
    assert sign_in(client, BOOKER).location == "/staff/bookings/"
    assert client.get("/staff/").location == "/staff/bookings/"  # the staff area's front door
    page = client.get("/staff/bookings/").text
    assert 'href="/staff/guides/"' not in page and 'href="/staff/review"' not in page
    content = [r for r in staff_rules(app)
               if r.endpoint.split(".")[0] in ("staff", "staff_guides", "staff_users")
               and r.endpoint != "staff.index"]  # fmt: skip
    assert len(content) > 10
    for method, url in requests_to(app, content):
        assert client.open(url, method=method).status_code == 403, (method, url)


def test_create_user_makes_booking_staff(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        args=["staff", "create-user", "--email", BOOKER, "--name", "Bea", "--role", "bookings",
              "--password", PASSWORD]
    )  # fmt: skip
    assert result.exit_code == 0 and f"Created bookings account for {BOOKER}" in result.output
