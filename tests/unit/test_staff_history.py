"""A service's history: who changed what and when, shown as a diff; admins roll back."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.staff import (
    ADMIN,
    CAFE,
    EDITOR,
    add_service,
    form_data,
    make_user,
    revisions,
    saved,
    sign_in,
)
from webapp.extensions import db
from webapp.models import ServiceRevision

CAFE_ID = CAFE["id"]
EDIT, HISTORY = f"/staff/services/{CAFE_ID}/edit", f"/staff/services/{CAFE_ID}/history"


@pytest.fixture
def edited(app: Flask, client: FlaskClient) -> Flask:
    """The café imported, then its phone number changed by an editor."""
    add_service(app)
    make_user(app, EDITOR, "editor")
    make_user(app, ADMIN, "admin")
    sign_in(client, EDITOR)
    data = form_data(client.get(EDIT).text)
    client.post(EDIT, data={**data, "phone": "0116 295 3060"})
    client.post("/staff/logout")
    return app


def revision_ids(app: Flask) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(db.select(ServiceRevision.id).order_by("id")))


def versions(page: str) -> list[str]:
    """The page's part for each version, as shown (newest first)."""
    return page.split('<section class="staff-revision"')[1:]


def action_of(version: str) -> str:
    match = re.search(r'nhsuk-tag--blue"\s*>\s*(\w+)', version)
    assert match
    return match.group(1)


def test_history_shows_who_changed_it_when_and_how(edited: Flask, client: FlaskClient) -> None:
    sign_in(client, EDITOR)
    page = client.get(HISTORY).text
    newest, oldest = versions(page)  # newest first
    assert EDITOR in newest and action_of(newest) == "edit"
    assert "import" in oldest and action_of(oldest) == "import"
    assert re.search(r"\d{2} \w+ \d{4} at \d{2}:\d{2} UTC", newest)
    removed = re.findall(r'staff-diff__line--removed">([^<]*)<', page)
    added = re.findall(r'staff-diff__line--added">([^<]*)<', page)
    assert "-  phone: 0116 225 2525" in removed
    assert "+  phone: 0116 295 3060" in added


def test_the_diff_is_escaped(app: Flask, client: FlaskClient) -> None:
    add_service(app, name="Ages 5 < 11 & their carers")
    make_user(app, EDITOR, "editor")
    sign_in(client, EDITOR)
    page = client.get(HISTORY).text
    assert "+name: Ages 5 &lt; 11 &amp; their carers" in page
    assert "Ages 5 < 11" not in page


def test_editors_see_no_roll_back_buttons(edited: Flask, client: FlaskClient) -> None:
    sign_in(client, EDITOR)
    assert "Roll back to this version" not in client.get(HISTORY).text


def test_admins_can_roll_back_every_version_but_the_current_one(
    edited: Flask, client: FlaskClient
) -> None:
    sign_in(client, ADMIN)
    page = client.get(HISTORY).text
    first, current = revision_ids(edited)
    assert f"/history/{first}/roll-back" in page
    assert f"/history/{current}/roll-back" not in page


def test_rolling_back_restores_the_old_values_as_a_new_version(
    edited: Flask, client: FlaskClient
) -> None:
    sign_in(client, ADMIN)
    first = revision_ids(edited)[0]
    response = client.post(f"{HISTORY}/{first}/roll-back")
    assert response.status_code == 302 and response.location == HISTORY
    assert (saved(edited, CAFE_ID) or {})["contacts"]["phone"] == "0116 225 2525"
    assert revisions(edited, CAFE_ID) == [
        ("import", "import"),
        (EDITOR, "edit"),
        (ADMIN, "rollback"),
    ]
    with edited.app_context():
        snapshots = list(db.session.scalars(db.select(ServiceRevision.snapshot).order_by("id")))
    assert snapshots[-1] == snapshots[0]  # exactly the old version, kept as a new one


def test_an_editor_cannot_roll_back(edited: Flask, client: FlaskClient) -> None:
    sign_in(client, EDITOR)
    first = revision_ids(edited)[0]
    assert client.post(f"{HISTORY}/{first}/roll-back").status_code == 403
    assert (saved(edited, CAFE_ID) or {})["contacts"]["phone"] == "0116 295 3060"
    assert len(revisions(edited, CAFE_ID)) == 2


def test_a_version_of_another_service_cannot_be_rolled_back_here(
    edited: Flask, client: FlaskClient
) -> None:
    add_service(edited, id="another-cafe")
    other = revision_ids(edited)[-1]
    sign_in(client, ADMIN)
    assert client.post(f"{HISTORY}/{other}/roll-back").status_code == 404
    assert len(revisions(edited, CAFE_ID)) == 2
