"""Editing services in the staff area: list and search, create, edit, locations and session
times, retire and restore, translations; stale edits and bad input are refused whole."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.support.staff import (
    CAFE,
    EDITOR,
    add_service,
    error_next_to,
    form_data,
    revisions,
    saved,
    summary_links,
)
from webapp.content import store
from webapp.content.schema import ServiceIn
from webapp.extensions import db
from webapp.models import Service

CAFE_ID = CAFE["id"]
EDIT = f"/staff/services/{CAFE_ID}/edit"
STALE = "Someone else saved this service while you were editing. Your changes were not saved."


@pytest.fixture
def editor(cafe: str, editor: FlaskClient) -> FlaskClient:
    """An editor signed in, with the test café."""
    return editor


def post_edit(client: FlaskClient, url: str = EDIT, **changes: Any) -> TestResponse:
    """Open the editor, change some fields as a person would, and save."""
    data = form_data(client.get(url).text)
    return client.post(url, data={**data, **changes})


# --- The list -----------------------------------------------------------------------------


def test_the_list_finds_services_by_name_id_or_description(app: Flask, editor: FlaskClient) -> None:
    add_service(app, id="camhs-duty", name="CAMHS duty line", topics=["camhs"],
                description="Advice for young people's mental health.")  # fmt: skip
    assert "CAMHS duty line" in editor.get("/staff/?q=duty").text
    assert "CAMHS duty line" in editor.get("/staff/?q=camhs-duty").text
    page = editor.get("/staff/?q=dementia").text
    assert "Test memory café" in page and "CAMHS duty line" not in page


@pytest.mark.parametrize(
    "typed",
    ["memory cafe", "MEMORY CAFÉ", "0116 225 2525", "01162252525", "+44 116 225 2525",
     "le16th", "LE1 6TH", "church hall"],
)  # fmt: skip
def test_the_list_finds_a_service_as_staff_type_it(editor: FlaskClient, typed: str) -> None:
    # Accents, spaces and punctuation aside: the café's phone number and postcode find it.
    assert "Test memory café" in editor.get("/staff/", query_string={"q": typed}).text


def test_a_number_or_postcode_that_is_not_the_services_finds_nothing(editor: FlaskClient) -> None:
    for typed in ("0116 999 9999", "LE5 1AA"):
        assert "Test memory café" not in editor.get("/staff/", query_string={"q": typed}).text


def test_staff_see_words_not_codes_for_topics_access_and_areas(editor: FlaskClient) -> None:
    listing = editor.get("/staff/").text
    assert "Memory cafés and dementia" in listing and ">memory_cafe<" not in listing
    form = editor.get(EDIT).text
    assert "Leicester City" in form and "Needs a referral (a GP or other professional)" in form
    assert 'value="self_referral_or_referral"' in form  # the stored code is what is sent
    assert ">self_referral_or_referral<" not in form and ">leicester<" not in form


def test_the_list_filters_by_topic(app: Flask, editor: FlaskClient) -> None:
    add_service(app, id="camhs-duty", name="CAMHS duty line", topics=["camhs"])
    page = editor.get("/staff/?topic=camhs").text
    assert "CAMHS duty line" in page and "Test memory café" not in page


def test_retired_services_are_listed_only_when_asked(app: Flask, editor: FlaskClient) -> None:
    editor.post(f"/staff/services/{CAFE_ID}/retire", follow_redirects=True)
    assert "Test memory café" not in editor.get("/staff/").text
    page = editor.get("/staff/?retired=1").text
    assert "Test memory café" in page and "Retired" in page


def test_a_search_is_text_not_a_pattern(app: Flask, editor: FlaskClient) -> None:
    assert "Test memory café" not in editor.get("/staff/?q=%25").text


# --- Create -------------------------------------------------------------------------------


NEW_SERVICE = {
    "id": "play-and-stay-braunstone",
    "name": "Play and Stay Braunstone",
    "status": "active",
    "description": "Songs and play for under-fives with their grown-ups.",
    "topics": ["play_and_stay"],
    "max_age": "5",
    "parents": "1",
    "access": "self_referral",
    "languages": "en, pl",
    "source": "Family hub timetable, spring term",
    "review_due": "2030-04-01",
    "locations-0-new": "1",
    "locations-0-name": "Braunstone family hub",
    "locations-0-postcode": "le3 1ql",
    "locations-0-area": "leicester",
    "locations-0-schedules-0-new": "1",
    "locations-0-schedules-0-freq": "WEEKLY",
    "locations-0-schedules-0-interval": "1",
    "locations-0-schedules-0-byday": "we",
    "locations-0-schedules-0-opens_at": "09:30",
    "locations-0-schedules-0-closes_at": "11:00",
    "locations-0-schedules-0-term_time_only": "1",
}


def test_an_editor_adds_a_service_with_a_location_and_a_session(
    app: Flask, editor: FlaskClient
) -> None:
    data = form_data(editor.get("/staff/services/new").text)
    response = editor.post("/staff/services/new", data={**data, **NEW_SERVICE})
    assert response.status_code == 302
    assert response.location == "/staff/services/play-and-stay-braunstone/edit"
    service = saved(app, "play-and-stay-braunstone")
    assert service is not None
    assert service["audience"] == {"max_age": 5, "carers": False, "parents": True}
    assert service["languages"] == ["en", "pl"]
    assert service["locations"][0]["postcode"] == "LE3 1QL"
    assert service["locations"][0]["schedules"] == [
        {"freq": "WEEKLY", "interval": 1, "byday": "WE", "opens_at": "09:30:00",
         "closes_at": "11:00:00", "term_time_only": True},
    ]  # fmt: skip
    assert revisions(app, "play-and-stay-braunstone") == [(EDITOR, "create")]


def test_a_service_cannot_take_an_id_already_used(app: Flask, editor: FlaskClient) -> None:
    data = form_data(editor.get("/staff/services/new").text)
    response = editor.post("/staff/services/new", data={**data, **NEW_SERVICE, "id": CAFE_ID})
    assert response.status_code == 400
    assert "already exists" in error_next_to(response.text, "id")
    assert (saved(app, CAFE_ID) or {})["name"] == CAFE["name"]
    assert revisions(app, CAFE_ID) == [("import", "import")]


def test_a_new_service_with_bad_input_is_not_created(app: Flask, editor: FlaskClient) -> None:
    data = form_data(editor.get("/staff/services/new").text)
    bad = {**data, **NEW_SERVICE, "locations-0-schedules-0-closes_at": "09:00"}
    response = editor.post("/staff/services/new", data=bad)
    assert response.status_code == 400
    assert saved(app, "play-and-stay-braunstone") is None
    assert revisions(app, "play-and-stay-braunstone") == []
    # What was typed is shown again, to be corrected rather than typed again.
    assert 'value="Play and Stay Braunstone"' in response.text


# --- Edit ---------------------------------------------------------------------------------


def test_an_edit_is_saved_as_a_new_version_by_its_author(app: Flask, editor: FlaskClient) -> None:
    response = post_edit(editor, phone="0116 295 3060", cost="Free, donations welcome")
    assert response.status_code == 302 and response.location == EDIT
    service = saved(app, CAFE_ID) or {}
    assert service["contacts"]["phone"] == "0116 295 3060"
    assert service["cost"] == "Free, donations welcome"
    assert revisions(app, CAFE_ID) == [("import", "import"), (EDITOR, "edit")]
    with app.app_context():
        assert db.session.get(Service, CAFE_ID).version == 2  # type: ignore[union-attr]
    assert "were saved" in editor.get(EDIT).text


def test_every_field_can_be_changed(app: Flask, editor: FlaskClient) -> None:
    changes: dict[str, Any] = {
        "name": "Hinckley memory café", "status": "temporarily closed",
        "description": "Tea, music and company.", "topics": ["memory_cafe", "crisis"],
        "min_age": "60", "max_age": "", "parents": "1", "access": "referral",
        "languages": "en gu", "text_number": "85258", "text_body": "SHOUT",
        "email": "cafe@example.org", "website": "https://example.org/cafe",
        "source": "Phoned the organiser", "last_reviewed": "2026-01-05",
        "review_due": "2026-07-05", "needs_review": "1",
        "locations-0-address": "1 High Street, Hinckley",
        "locations-0-schedules-0-valid_from": "2026-01-01",
        "locations-0-schedules-0-valid_to": "2026-12-31",
        "locations-0-schedules-0-note": "Not in August",
        "locations-0-schedules-0-interval": "2",
    }  # fmt: skip
    assert post_edit(editor, **changes).status_code == 302
    service = saved(app, CAFE_ID) or {}
    assert service["name"] == "Hinckley memory café"
    assert service["status"] == "temporarily closed"
    assert service["topics"] == ["memory_cafe", "crisis"]
    assert service["audience"] == {"min_age": 60, "carers": True, "parents": True}
    assert service["access"] == "referral" and service["languages"] == ["en", "gu"]
    assert service["contacts"] == {
        "phone": "0116 225 2525", "text": "85258", "text_body": "SHOUT",
        "email": "cafe@example.org", "website": "https://example.org/cafe",
    }  # fmt: skip
    assert (service["last_reviewed"], service["review_due"]) == ("2026-01-05", "2026-07-05")
    assert service["needs_review"] is True
    schedule = service["locations"][0]["schedules"][0]
    assert (schedule["valid_from"], schedule["valid_to"]) == ("2026-01-01", "2026-12-31")
    assert schedule["note"] == "Not in August" and schedule["interval"] == 2
    assert service["locations"][0]["address"] == "1 High Street, Hinckley"


def test_a_location_and_a_session_time_are_added_in_the_blank_rows(
    app: Flask, editor: FlaskClient
) -> None:
    response = post_edit(
        editor,
        **{
            "locations-0-schedules-1-byday": "4TU",
            "locations-0-schedules-1-opens_at": "10:00",
            "locations-0-schedules-1-closes_at": "12:00",
            "locations-1-name": "Library",
            "locations-1-area": "rutland",
            "locations-1-schedules-0-byday": "FR",
            "locations-1-schedules-0-opens_at": "13:00",
            "locations-1-schedules-0-closes_at": "14:00",
        },
    )
    assert response.status_code == 302
    locations = (saved(app, CAFE_ID) or {})["locations"]
    assert [s["byday"] for s in locations[0]["schedules"]] == ["2TU", "4TU"]
    assert locations[1]["name"] == "Library" and locations[1]["area"] == "rutland"
    assert locations[1]["schedules"][0]["byday"] == "FR"
    page = editor.get(EDIT).text  # each location again gets a blank session row to add to
    assert 'name="locations-1-schedules-1-new"' in page and 'name="locations-2-new"' in page


def test_ticking_remove_takes_a_session_time_or_a_location_away(
    app: Flask, editor: FlaskClient
) -> None:
    post_edit(editor, **{"locations-0-schedules-0-remove": "1"})
    assert (saved(app, CAFE_ID) or {})["locations"][0]["schedules"] == []
    post_edit(editor, **{"locations-0-remove": "1"})
    assert (saved(app, CAFE_ID) or {})["locations"] == []


def test_saving_without_changes_adds_no_version(app: Flask, editor: FlaskClient) -> None:
    response = post_edit(editor)
    assert response.status_code == 302
    assert revisions(app, CAFE_ID) == [("import", "import")]
    assert "Nothing was changed" in editor.get(EDIT).text


def test_the_editor_shows_every_part_of_the_service(editor: FlaskClient) -> None:
    data = form_data(editor.get(EDIT).text)
    assert data["phone"] == "0116 225 2525" and data["carers"] == "1"
    assert data["locations-0-area"] == "leicester"
    assert data["locations-0-schedules-0-freq"] == "MONTHLY"
    assert data["locations-0-schedules-0-byday"] == "2TU"
    assert data["review_due"] == "2030-01-01" and data["version"] == "1"


def test_an_unknown_service_is_not_found(editor: FlaskClient) -> None:
    assert editor.get("/staff/services/no-such-service/edit").status_code == 404


# --- Stale edits --------------------------------------------------------------------------


def test_a_stale_edit_is_refused_with_nothing_written(app: Flask, editor: FlaskClient) -> None:
    data = form_data(editor.get(EDIT).text)  # this editor starts from version 1 ...
    with app.app_context():  # ... while someone else saves version 2
        other = ServiceIn.model_validate({**CAFE, "name": "Renamed by someone else"})
        store.save_service(other, "someone@nhs.net", "edit", expected_version=1)
        db.session.commit()
    history = revisions(app, CAFE_ID)

    response = editor.post(EDIT, data={**data, "phone": "0116 000 0000"})
    assert response.status_code == 409
    assert STALE in response.text
    assert (saved(app, CAFE_ID) or {})["name"] == "Renamed by someone else"
    assert (saved(app, CAFE_ID) or {})["contacts"]["phone"] == "0116 225 2525"
    assert revisions(app, CAFE_ID) == history
    # The page now shows the current values and version, ready to edit again.
    shown = form_data(response.text)
    assert shown["name"] == "Renamed by someone else" and shown["version"] == "2"


def test_an_edit_without_a_version_is_treated_as_stale(app: Flask, editor: FlaskClient) -> None:
    data = form_data(editor.get(EDIT).text)
    data.pop("version")
    assert editor.post(EDIT, data={**data, "name": "X"}).status_code == 409
    assert (saved(app, CAFE_ID) or {})["name"] == CAFE["name"]


# --- Bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phone": "call us!"}, "phone", "Must be a UK phone number"),
        ({"topics": ["memory_cafe", "astrology"]}, "topics", "Choose one of"),
        (
            {"locations-0-schedules-0-closes_at": "13:00"},
            "locations-0-schedules-0-closes_at",
            "The closing time must be after the opening time.",
        ),
        (
            {"description": 'Come along! <script>alert("x")</script>'},
            "description",
            "Must be plain text, without HTML tags",
        ),
        ({"name": ""}, "name", "Enter a name."),
        ({"topics": []}, "topics", "Choose at least one topic."),
        ({"locations-0-postcode": "LE1"}, "locations-0-postcode", "Must be a UK postcode"),
        ({"locations-0-schedules-0-byday": "Tuesday"}, "locations-0-schedules-0-byday", "TU"),
        ({"min_age": "ten"}, "min_age", "Enter a whole number."),
        ({"min_age": "18", "max_age": "11"}, "max_age", "oldest age must not be below"),
        ({"website": "http://example.org"}, "website", "https://"),
        ({"languages": "English"}, "languages", "language codes"),
        ({"review_due": "2026-02-30"}, "review_due", "Enter a real date."),
        ({"locations-0-area": ""}, "locations-0-area", "Choose the area."),
        ({"organisation": "no-such-org"}, "organisation", "Choose an organisation"),
    ],
)
def test_bad_input_is_refused_with_the_message_next_to_its_field(
    app: Flask, editor: FlaskClient, changes: dict[str, Any], field: str, message: str
) -> None:
    before, history = saved(app, CAFE_ID), revisions(app, CAFE_ID)
    response = post_edit(editor, **{"cost": "A good change too", **changes})
    assert response.status_code == 400
    assert message in error_next_to(response.text, field)
    assert field in summary_links(response.text)  # the error summary links to the field
    assert saved(app, CAFE_ID) == before  # nothing half-saved, not even the good changes
    assert revisions(app, CAFE_ID) == history


def test_no_contact_and_no_location_is_refused_at_the_contacts(
    app: Flask, editor: FlaskClient
) -> None:
    response = post_edit(editor, phone="", **{"locations-0-remove": "1"})
    assert response.status_code == 400
    assert "at least one way to reach" in error_next_to(response.text, "contacts")
    assert (saved(app, CAFE_ID) or {})["locations"]


def test_a_bad_session_in_a_new_row_is_reported_in_that_row(
    app: Flask, editor: FlaskClient
) -> None:
    response = post_edit(
        editor,
        **{
            "locations-0-schedules-0-remove": "1",  # rows before it do not shift the message
            "locations-0-schedules-1-byday": "MO",
            "locations-0-schedules-1-opens_at": "15:00",
            "locations-0-schedules-1-closes_at": "14:00",
        },
    )
    assert response.status_code == 400
    assert "closing time" in error_next_to(response.text, "locations-0-schedules-1-closes_at")
    assert len((saved(app, CAFE_ID) or {})["locations"][0]["schedules"]) == 1


# --- Retire and restore -------------------------------------------------------------------


def test_retire_hides_a_service_and_restore_brings_it_back(app: Flask, editor: FlaskClient) -> None:
    response = editor.post(f"/staff/services/{CAFE_ID}/retire")
    assert response.status_code == 302
    with app.app_context():
        service = db.session.get(Service, CAFE_ID)
        assert service is not None and service.retired_at is not None and not service.live
    assert "Restore service" in editor.get(EDIT).text

    editor.post(f"/staff/services/{CAFE_ID}/restore")
    with app.app_context():
        service = db.session.get(Service, CAFE_ID)
        assert service is not None and service.retired_at is None and service.live
    assert revisions(app, CAFE_ID)[1:] == [(EDITOR, "retire"), (EDITOR, "restore")]


def test_editing_a_retired_service_keeps_it_retired(app: Flask, editor: FlaskClient) -> None:
    editor.post(f"/staff/services/{CAFE_ID}/retire")
    post_edit(editor, phone="0116 295 3060")
    service = saved(app, CAFE_ID) or {}
    assert service["retired"] is True and service["contacts"]["phone"] == "0116 295 3060"


def test_retire_and_restore_answer_only_post(editor: FlaskClient) -> None:
    assert editor.get(f"/staff/services/{CAFE_ID}/retire").status_code == 405


# --- Translations -------------------------------------------------------------------------

TRANSLATIONS = f"/staff/services/{CAFE_ID}/translations"


def test_the_name_and_description_are_translated_per_language(
    app: Flask, editor: FlaskClient
) -> None:
    page = editor.get(TRANSLATIONS).text
    for locale in app.config["LANGUAGES"]:
        assert (f'name="translations-{locale}-name"' in page) is (locale != "en")
    assert 'lang="ur" dir="rtl"' in page

    response = post_edit(
        editor,
        TRANSLATIONS,
        **{
            "translations-pl-name": "Kawiarnia pamięci",
            "translations-pl-description": "Przyjazna kawiarnia dla osób z demencją.",
            "translations-ur-name": "میموری کیفے",
        },
    )
    assert response.status_code == 302
    translations = (saved(app, CAFE_ID) or {})["translations"]
    assert translations == {
        "pl": {"name": "Kawiarnia pamięci",
               "description": "Przyjazna kawiarnia dla osób z demencją."},
        "ur": {"name": "میموری کیفے"},
    }  # fmt: skip
    assert revisions(app, CAFE_ID)[-1] == (EDITOR, "translate")

    post_edit(editor, TRANSLATIONS, **{"translations-ur-name": ""})  # emptied: removed
    assert set((saved(app, CAFE_ID) or {})["translations"]) == {"pl"}


def test_a_translation_with_html_is_refused_next_to_its_field(
    app: Flask, editor: FlaskClient
) -> None:
    response = post_edit(editor, TRANSLATIONS, **{"translations-pl-name": "<b>Kawiarnia</b>"})
    assert response.status_code == 400
    assert "plain text" in error_next_to(response.text, "translations-pl-name")
    assert (saved(app, CAFE_ID) or {})["translations"] == {}
    assert revisions(app, CAFE_ID) == [("import", "import")]


def test_a_stale_translation_is_refused(app: Flask, editor: FlaskClient) -> None:
    data = form_data(editor.get(TRANSLATIONS).text)
    post_edit(editor, phone="0116 295 3060")  # saved meanwhile, from another tab
    response = editor.post(TRANSLATIONS, data={**data, "translations-pl-name": "Kawiarnia"})
    assert response.status_code == 409 and STALE in response.text
    assert (saved(app, CAFE_ID) or {})["translations"] == {}


def test_editing_the_service_keeps_its_translations(app: Flask, editor: FlaskClient) -> None:
    post_edit(editor, TRANSLATIONS, **{"translations-pl-name": "Kawiarnia pamięci"})
    post_edit(editor, phone="0116 295 3060")
    assert (saved(app, CAFE_ID) or {})["translations"] == {"pl": {"name": "Kawiarnia pamięci"}}


def test_the_edit_page_posts_back_exactly_what_is_saved(app: Flask, editor: FlaskClient) -> None:
    client = editor
    data = form_data(client.get("/staff/services/test-memory-cafe/edit").text)
    assert data["name"] == CAFE["name"] and data["topics"] == ["memory_cafe"]
    assert data["locations-0-schedules-0-opens_at"] == "14:00"
    assert "locations-1-new" in data  # a blank location to add
    before = revisions(app)
    assert client.post("/staff/services/test-memory-cafe/edit", data=data).status_code == 302
    assert revisions(app) == before  # nothing changed, so no new revision
