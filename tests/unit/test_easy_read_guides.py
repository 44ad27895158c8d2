"""Easy read on the self-help guides: each guide has an easy-read text beside its standard
text, in English and in any language where one is written. Staff edit it beside the
standard text; the guide files carry it and importing keeps it, as do revisions."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient

from tests.support.staff import ADMIN, EDITOR, form_data, make_user, sign_in
from webapp.extensions import db
from webapp.guides import store
from webapp.models import Guide, GuideRevision

GUIDE = {
    "id": "worry",
    "title": "Feeling worried",
    "summary": "What helps when worry gets big.",
    "topics": ["camhs"],
    "sources": [{"title": "NHS: Anxiety", "url": "https://www.nhs.uk/mental-health/"}],
    "body": "## What helps\n\nTalking to someone you trust often eases anxious thoughts.",
    "easy_body": "## What helps\n\nTalk to someone you trust.",
}
TRANSLATIONS = {
    "pl": {"title": "Zmartwienie", "body": "Porozmawiaj z kimś, komu ufasz, o swoich myślach."},
    "ro": {
        "title": "Îngrijorare",
        "body": "Vorbește cu cineva în care ai încredere despre gândurile tale.",
        "easy_body": "Vorbește cu cineva de încredere.",
    },
}
EDIT = "/staff/guides/worry/edit"


@pytest.fixture
def guide(app: Flask, tmp_path: Path) -> Flask:
    """A guide file with an English easy-read text, a Polish text without one and a
    Romanian text with one, imported."""
    (tmp_path / "worry.yml").write_text(yaml.safe_dump(GUIDE), encoding="utf-8")
    for locale, text in TRANSLATIONS.items():
        (tmp_path / "translations" / locale).mkdir(parents=True)
        (tmp_path / "translations" / locale / "worry.yml").write_text(
            yaml.safe_dump(text, allow_unicode=True), encoding="utf-8"
        )
    with app.app_context():
        report = store.import_guides(tmp_path)
        assert report.created == 1 and not report.problems
    return app


def read(client: FlaskClient, locale: str = "en", easy_read: bool = False) -> str:
    with client.session_transaction() as session:
        session["locale"], session["easy_read"] = locale, easy_read
    return client.get("/help/worry").get_data(as_text=True)


def test_a_guide_shows_its_easy_read_text_to_whoever_chose_easy_read(
    guide: Flask, client: FlaskClient
) -> None:
    standard = read(client)
    assert "anxious thoughts" in standard and "What helps when worry gets big." in standard
    assert "Use easy read" in standard
    easy = read(client, easy_read=True)
    assert "Talk to someone you trust." in easy and "anxious thoughts" not in easy
    assert "What helps when worry gets big." not in easy  # the easy text stands alone
    assert "Use standard text" in easy


def test_the_switch_on_a_guide_comes_back_to_the_guide(guide: Flask, client: FlaskClient) -> None:
    response = client.get("/easy-read?on=1&next=/help/worry")
    assert response.location == "/help/worry"
    assert "Talk to someone you trust." in client.get("/help/worry").get_data(as_text=True)


def test_another_language_shows_its_own_easy_read_text_else_its_own_standard_text(
    guide: Flask, client: FlaskClient
) -> None:
    assert "Vorbește cu cineva de încredere." in read(client, "ro", easy_read=True)
    polish = read(client, "pl", easy_read=True)
    assert "Porozmawiaj z kimś" in polish
    assert "Talk to someone you trust." not in polish  # never English for want of a version


def test_the_easy_read_text_is_kept_by_import_in_every_language_and_by_each_revision(
    guide: Flask,
) -> None:
    with guide.app_context():
        saved = store.guide_dict(db.session.get(Guide, "worry"))
        assert saved["easy_body"] == GUIDE["easy_body"]
        assert saved["translations"]["ro"]["easy_body"] == "Vorbește cu cineva de încredere."
        assert saved["translations"]["pl"]["easy_body"] == ""
        revision = db.session.scalars(db.select(GuideRevision)).one()
        assert revision.snapshot["easy_body"] == GUIDE["easy_body"]


def test_staff_edit_the_easy_read_text_beside_the_standard_text(
    guide: Flask, client: FlaskClient
) -> None:
    make_user(guide, EDITOR, "editor")
    sign_in(client, EDITOR)
    page = client.get(EDIT).get_data(as_text=True)
    assert page.index('name="body"') < page.index('name="easy_body"')
    data = {**form_data(page), "easy_body": "## What helps\n\nTalk to a friend."}
    assert client.post(EDIT, data=data).status_code == 302
    assert "Talk to a friend." in read(client, easy_read=True)
    url = "/staff/guides/worry/translations/pl"
    data = {**form_data(client.get(url).get_data(as_text=True)), "easy_body": "Porozmawiaj."}
    assert client.post(url, data=data).status_code == 302
    assert "Porozmawiaj." in read(client, "pl", easy_read=True)


def test_a_roll_back_brings_back_the_easy_read_text(guide: Flask, client: FlaskClient) -> None:
    make_user(guide, ADMIN, "admin")
    sign_in(client, ADMIN)
    data = {**form_data(client.get(EDIT).get_data(as_text=True)), "easy_body": "Changed."}
    client.post(EDIT, data=data)
    with guide.app_context():
        first = db.session.scalars(db.select(GuideRevision.id)).first()
    client.post(f"/staff/guides/worry/history/{first}/roll-back")
    assert "Talk to someone you trust." in read(client, easy_read=True)


def test_the_preview_shows_the_easy_read_text_too(guide: Flask, client: FlaskClient) -> None:
    make_user(guide, EDITOR, "editor")
    sign_in(client, EDITOR)
    data = {**form_data(client.get(EDIT).get_data(as_text=True)), "preview": "1"}
    data["easy_body"] = "## Try this\n\nBreathe out slowly."
    page = client.post(EDIT, data=data).get_data(as_text=True)
    assert "<h2>Try this</h2>" in page


def test_the_leaflet_in_easy_read_is_made_from_the_easy_read_text(
    guide: Flask, client: FlaskClient, tmp_path: Path
) -> None:
    guide.config["LEAFLET_CACHE_DIR"] = str(tmp_path / "leaflets")
    with client.session_transaction() as session:
        session["easy_read"] = True
    easy = client.get("/help/worry.pdf")
    with client.session_transaction() as session:
        session["easy_read"] = False
    standard = client.get("/help/worry.pdf")
    assert easy.status_code == standard.status_code == 200
    assert easy.data.startswith(b"%PDF") and easy.data != standard.data
    kept = sorted(p.name.split("-r1-")[0] for p in (tmp_path / "leaflets" / "worry").iterdir())
    assert kept == ["en", "en-easy"]  # both are kept
