"""CSRF: every staff form carries a token, and a POST without one is refused with nothing
changed. These tests run with CSRF protection on, as in production."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.fakes import FakeBot
from tests.support.staff import (
    ADMIN,
    PASSWORD,
    add_service,
    form_data,
    forms,
    make_user,
    revisions,
    saved,
)
from webapp import clock, create_app
from webapp.extensions import db


@pytest.fixture
def csrf_app(tmp_path: Path, fake_bot: FakeBot) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'csrf.sqlite3'}",
            "WTF_CSRF_ENABLED": True,
        }
    )
    app.extensions["bot_client"] = fake_bot
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def admin(csrf_app: Flask) -> FlaskClient:
    """A client signed in as an admin, through the login form and its token."""
    make_user(csrf_app, ADMIN, "admin")
    add_service(csrf_app)
    client = csrf_app.test_client()
    login = form_data(client.get("/staff/login").text, action="/staff/login")
    response = client.post("/staff/login", data={**login, "email": ADMIN, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_signing_in_without_a_token_is_refused(csrf_app: Flask) -> None:
    make_user(csrf_app, ADMIN, "admin")
    client = csrf_app.test_client()
    client.get("/staff/login")
    response = client.post("/staff/login", data={"email": ADMIN, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/staff/").status_code == 302


@pytest.mark.parametrize(
    "page",
    [
        "/staff/",
        "/staff/services/new",
        "/staff/services/test-memory-cafe/edit",
        "/staff/services/test-memory-cafe/translations",
        "/staff/services/test-memory-cafe/history",
        "/staff/users/",
        "/staff/users/new",
    ],
)
def test_every_form_that_posts_carries_a_token(admin: FlaskClient, page: str) -> None:
    if page.endswith("/history"):  # make a second version, so there is a roll back button
        data = form_data(admin.get("/staff/services/test-memory-cafe/edit").text)
        admin.post("/staff/services/test-memory-cafe/edit", data={**data, "name": "Renamed"})
    posting = [f for f in forms(admin.get(page).text) if f["attrs"].get("method") == "post"]
    assert posting, page
    for form in posting:
        names = [name for name, _value in form["fields"]]
        assert "csrf_token" in names, (page, form["attrs"])


def test_an_edit_without_a_token_is_refused_and_nothing_changes(
    csrf_app: Flask, admin: FlaskClient
) -> None:
    before, history = saved(csrf_app, "test-memory-cafe"), revisions(csrf_app)
    data = form_data(admin.get("/staff/services/test-memory-cafe/edit").text)
    data.pop("csrf_token")
    response = admin.post("/staff/services/test-memory-cafe/edit", data={**data, "name": "X"})
    assert response.status_code == 400
    assert "Your changes were not saved" in response.text  # said in the staff area's words
    assert saved(csrf_app, "test-memory-cafe") == before
    assert revisions(csrf_app) == history


def test_a_form_posted_after_the_session_ended_saves_nothing(
    csrf_app: Flask, admin: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = saved(csrf_app, "test-memory-cafe")
    data = form_data(admin.get("/staff/services/test-memory-cafe/edit").text)
    later = datetime.now(UTC) + timedelta(minutes=31)
    monkeypatch.setattr(clock, "now", lambda: later)  # left open over a long lunch
    response = admin.post("/staff/services/test-memory-cafe/edit", data={**data, "name": "X"})
    assert response.status_code == 400
    assert "Your changes were not saved" in response.text
    assert saved(csrf_app, "test-memory-cafe") == before
    assert admin.get("/staff/").status_code == 302  # and signed out


def test_a_forged_token_is_refused(csrf_app: Flask, admin: FlaskClient) -> None:
    before = saved(csrf_app, "test-memory-cafe")
    data = form_data(admin.get("/staff/services/test-memory-cafe/edit").text)
    data["csrf_token"] = re.sub(r".$", "A", data["csrf_token"]) + "x"
    response = admin.post("/staff/services/test-memory-cafe/edit", data={**data, "name": "X"})
    assert response.status_code == 400
    assert saved(csrf_app, "test-memory-cafe") == before


@pytest.mark.parametrize(
    "action",
    [
        "/staff/services/test-memory-cafe/retire",
        "/staff/services/new",
        "/staff/users/new",
        "/staff/logout",
    ],
)
def test_buttons_and_forms_without_a_token_change_nothing(
    csrf_app: Flask, admin: FlaskClient, action: str
) -> None:
    before, history = saved(csrf_app, "test-memory-cafe"), revisions(csrf_app)
    assert admin.post(action, data={"name": "X"}).status_code == 400
    assert saved(csrf_app, "test-memory-cafe") == before
    assert revisions(csrf_app) == history
    assert admin.get("/staff/").status_code == 200  # still signed in


def test_with_its_token_the_same_edit_is_saved(csrf_app: Flask, admin: FlaskClient) -> None:
    data = form_data(admin.get("/staff/services/test-memory-cafe/edit").text)
    response = admin.post("/staff/services/test-memory-cafe/edit", data={**data, "name": "New"})
    assert response.status_code == 302
    assert (saved(csrf_app, "test-memory-cafe") or {})["name"] == "New"
