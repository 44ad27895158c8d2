"""Editing self-help guides in the staff area: every change is a revision, is checked by the
same rules as the guide files, and is on the public /help page at the next request. Bad input
is refused whole; admins (only) roll back; translations, overdue reviews and retired guides
show where staff look for them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.support.staff import (
    ADMIN,
    EDITOR,
    error_next_to,
    form_data,
    forms,
    make_user,
    sign_in,
    summary_links,
)
from webapp import clock
from webapp.extensions import db
from webapp.guides import store
from webapp.guides.schema import GuideIn
from webapp.models import Guide, GuideRevision

FILES = Path(__file__).parent / "guide_files"  # test-guide, with a Polish text to review
GUIDE_ID = "test-guide"
EDIT = f"/staff/guides/{GUIDE_ID}/edit"
HISTORY = f"/staff/guides/{GUIDE_ID}/history"
TODAY = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
STALE = "Someone else saved this guide while you were editing. Your changes were not saved."


@pytest.fixture
def guide(app: Flask) -> Flask:
    """The test guide imported (one revision), and an editor and an admin account."""
    with app.app_context():
        assert store.import_guides(FILES).created == 1
    make_user(app, EDITOR, "editor")
    make_user(app, ADMIN, "admin")
    return app


@pytest.fixture
def editor(guide: Flask, editor: FlaskClient) -> FlaskClient:
    """An editor signed in, with the test guide imported."""
    return editor


def add_guide(app: Flask, **changes: Any) -> None:
    """Save another guide as an import would."""
    data = {
        "id": "another-guide",
        "title": "Another guide",
        "body": "Some advice.",
        "topics": ["camhs"],
        "sources": [{"title": "NHS", "url": "https://www.nhs.uk/"}],
        "review_due": "2030-01-01",
        **changes,
    }
    with app.app_context():
        store.save_guide(GuideIn.model_validate(data), "import", "import")
        db.session.commit()


def saved(app: Flask, guide_id: str = GUIDE_ID) -> dict[str, Any]:
    """The guide as stored now, in the guide-file shape."""
    with app.app_context():
        return store.guide_dict(db.session.get(Guide, guide_id))


def revisions(app: Flask, guide_id: str = GUIDE_ID) -> list[tuple[str, str]]:
    """(author, action) of each of the guide's revisions, oldest first."""
    with app.app_context():
        query = (
            sa.select(GuideRevision)
            .where(GuideRevision.guide_id == guide_id)
            .order_by(GuideRevision.id)
        )
        return [(r.author, r.action) for r in db.session.scalars(query)]


def post_form(client: FlaskClient, url: str, **changes: Any) -> TestResponse:
    """Open a page, change some fields as a person would, and press its main button."""
    data = form_data(client.get(url).text)
    return client.post(url, data={**data, **changes})


def public(client: FlaskClient, guide_id: str = GUIDE_ID, locale: str = "en") -> TestResponse:
    with client.session_transaction() as session:
        session["locale"] = locale
    return client.get(f"/help/{guide_id}")


# --- Editing ------------------------------------------------------------------------------


def test_an_editors_change_is_on_the_public_page_at_the_next_request(
    guide: Flask, editor: FlaskClient
) -> None:
    assert "Feeling worried" in public(editor).text
    response = post_form(
        editor, EDIT, title="Feeling anxious", body="## Try this\n\nBreathe out slowly."
    )
    assert response.status_code == 302 and response.location == EDIT
    page = public(editor).text
    assert "Feeling anxious" in page and "<h2>Try this</h2>" in page
    assert "Feeling worried" not in page
    assert revisions(guide) == [("import", "import"), (EDITOR, "edit")]
    assert "Your changes to Feeling anxious were saved." in editor.get(EDIT).text


def test_the_editor_posts_back_exactly_what_is_saved(guide: Flask, editor: FlaskClient) -> None:
    data = form_data(editor.get(EDIT).text)
    assert data["title"] == "Feeling worried" and data["topics"] == ["camhs"]
    assert data["sources-0-url"] == "https://www.nhs.uk/mental-health/"
    assert "sources-1-new" in data  # a blank source to add
    assert editor.post(EDIT, data=data).status_code == 302
    assert revisions(guide) == [("import", "import")]  # nothing changed, so no new revision


def test_sources_audience_exercises_and_review_dates_are_saved(
    guide: Flask, editor: FlaskClient
) -> None:
    response = post_form(
        editor, EDIT,
        **{"sources-1-title": "Mind: Anxiety", "sources-1-url": "https://www.mind.org.uk/",
           "sources-0-remove": "1", "exercises": ["breathing", "grounding"],
           "min_age": "", "max_age": "", "parents": "1", "review_due": "2027-12-01"},
    )  # fmt: skip
    assert response.status_code == 302
    after = saved(guide)
    assert after["sources"] == [{"title": "Mind: Anxiety", "url": "https://www.mind.org.uk/"}]
    assert after["exercises"] == ["breathing", "grounding"]
    assert after["audience"] == {"carers": False, "parents": True}
    assert after["review_due"] == "2027-12-01"
    assert after["translations"]["pl"]["title"] == "Zmartwienie"  # untouched by the editor


def test_an_editor_adds_a_guide(guide: Flask, editor: FlaskClient) -> None:
    response = post_form(
        editor, "/staff/guides/new",
        **{"id": "worry-time", "title": "Worry time", "body": "Put worries aside.",
           "topics": ["camhs"], "sources-0-title": "NHS",
           "sources-0-url": "https://www.nhs.uk/"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response.location == "/staff/guides/worry-time/edit"
    assert revisions(guide, "worry-time") == [(EDITOR, "create")]
    assert "Worry time" in public(editor, "worry-time").text


def test_a_new_guide_cannot_take_an_existing_id(guide: Flask, editor: FlaskClient) -> None:
    response = post_form(
        editor, "/staff/guides/new",
        **{"id": GUIDE_ID, "title": "Copy", "body": "Text.", "topics": ["camhs"],
           "sources-0-title": "NHS", "sources-0-url": "https://www.nhs.uk/"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "A guide with this id already exists" in error_next_to(response.text, "id")
    assert saved(guide)["title"] == "Feeling worried"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a title."),
        ({"body": "   "}, "body", "Enter the text of the guide."),
        ({"sources-0-url": "http://example.com"}, "sources-0-url", "a full web address"),
        ({"sources-0-url": ""}, "sources-0-url", "Enter the web address of the source."),
        ({"sources-0-remove": "1"}, "sources", "Add at least one source"),
        ({"topics": []}, "topics", "Choose at least one topic."),
        ({"min_age": "12", "max_age": "9"}, "max_age", "The oldest age must not be below"),
        ({"review_due": "2027-02-30"}, "review_due", "Enter a real date."),
    ],
)
def test_a_bad_edit_shows_the_field_error_and_changes_nothing(
    guide: Flask, editor: FlaskClient, changes: dict[str, Any], field: str, message: str
) -> None:
    before = saved(guide)
    response = post_form(editor, EDIT, **{"title": "Changed", **changes})
    assert response.status_code == 400
    assert message in error_next_to(response.text, field)
    assert field in summary_links(response.text)  # the error summary links to the field
    assert form_data(response.text)["title"] == changes.get("title", "Changed")  # kept
    assert saved(guide) == before
    assert revisions(guide) == [("import", "import")]


def test_an_edit_started_before_someone_elses_save_is_refused(
    guide: Flask, editor: FlaskClient
) -> None:
    stale = form_data(editor.get(EDIT).text)
    assert post_form(editor, EDIT, title="First save").status_code == 302
    response = editor.post(EDIT, data={**stale, "title": "Second save"})
    assert response.status_code == 409 and STALE in response.text
    assert saved(guide)["title"] == "First save"
    assert form_data(response.text)["title"] == "First save"  # what is saved now


def test_preview_shows_the_rendered_text_and_saves_nothing(
    guide: Flask, editor: FlaskClient
) -> None:
    response = post_form(editor, EDIT, body="## Hello\n\n**Bold** words", preview="1")
    assert response.status_code == 200
    preview = response.text.split('id="preview"', 1)[1].split("</section>", 1)[0]
    assert "<h2>Hello</h2>" in preview and "<strong>Bold</strong>" in preview
    assert form_data(response.text)["body"] == "## Hello\n\n**Bold** words"
    assert revisions(guide) == [("import", "import")]


def test_script_in_the_text_is_never_run_on_the_public_page_or_the_preview(
    guide: Flask, editor: FlaskClient
) -> None:
    hostile = (
        "## Hi\n\n<script>alert(1)</script> <img src=x onerror=alert(2)>\n\n"
        "[click](javascript:alert(3)) [NHS](https://www.nhs.uk/)"
    )
    preview = post_form(editor, EDIT, body=hostile, preview="1").text
    assert post_form(editor, EDIT, body=hostile).status_code == 302
    for page in (preview, public(editor).text):
        assert "<script>alert" not in page and "<img" not in page
        assert 'href="javascript' not in page and not re.search(r"<[^>]*\sonerror=", page)
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as the words typed
        assert '<a href="https://www.nhs.uk/" rel="noopener noreferrer">NHS</a>' in page


# --- Retire and restore -------------------------------------------------------------------


def test_retiring_hides_the_guide_and_restoring_brings_it_back(
    guide: Flask, editor: FlaskClient
) -> None:
    response = editor.post(f"/staff/guides/{GUIDE_ID}/retire")
    assert response.status_code == 302 and public(editor).status_code == 404
    assert GUIDE_ID not in editor.get("/staff/guides/").text  # listed only when asked
    assert GUIDE_ID in editor.get("/staff/guides/?retired=1").text
    editor.post(f"/staff/guides/{GUIDE_ID}/restore")
    assert public(editor).status_code == 200
    assert [action for _author, action in revisions(guide)] == ["import", "retire", "restore"]


# --- The list -----------------------------------------------------------------------------


def test_the_list_finds_guides_by_title_id_or_text_and_by_topic(
    guide: Flask, editor: FlaskClient
) -> None:
    add_guide(guide, title="Sleeping better", body="Keep a routine.", topics=["memory_cafe"])
    assert "Sleeping better" in editor.get("/staff/guides/?q=routine").text
    assert "Sleeping better" in editor.get("/staff/guides/?q=another-guide").text
    page = editor.get("/staff/guides/?q=worried").text
    assert "Feeling worried" in page and "Sleeping better" not in page
    page = editor.get("/staff/guides/?topic=memory_cafe").text
    assert "Sleeping better" in page and "Feeling worried" not in page
    assert "No guides match." in editor.get("/staff/guides/?q=100%25").text


def test_the_staff_menu_links_to_the_guides(editor: FlaskClient) -> None:
    assert 'href="/staff/guides/"' in editor.get("/staff/").text


# --- History and roll back ----------------------------------------------------------------


def test_history_shows_who_changed_what_as_a_diff(guide: Flask, editor: FlaskClient) -> None:
    body = form_data(editor.get(EDIT).text)["body"]
    assert "- Talk to someone you trust." in body
    post_form(
        editor, EDIT, title="Feeling anxious", body=body.replace("you trust", "you know well")
    )
    page = editor.get(HISTORY).text
    newest, oldest = page.split('<section class="staff-revision"')[1:]
    assert EDITOR in newest and "import" in oldest
    removed = re.findall(r'--removed">([^<]*)<', newest)
    added = re.findall(r'--added">([^<]*)<', newest)
    assert removed == ["-title: Feeling worried", "-  - Talk to someone you trust."]
    assert added == ["+title: Feeling anxious", "+  - Talk to someone you know well."]
    assert "Roll back to this version" not in page  # editors cannot roll back


def test_an_admin_rolls_back_to_an_earlier_version(guide: Flask, client: FlaskClient) -> None:
    sign_in(client, EDITOR)
    post_form(client, EDIT, title="Feeling anxious")
    client.post("/staff/logout")
    sign_in(client, ADMIN)
    first = _revision_ids(guide)[0]
    assert f"/history/{first}/roll-back" in client.get(HISTORY).text
    response = client.post(f"{HISTORY}/{first}/roll-back")
    assert response.status_code == 302 and response.location == HISTORY
    assert saved(guide)["title"] == "Feeling worried"
    assert "Feeling worried" in public(client).text
    assert revisions(guide) == [("import", "import"), (EDITOR, "edit"), (ADMIN, "rollback")]


def test_an_editor_cannot_roll_back(guide: Flask, editor: FlaskClient) -> None:
    post_form(editor, EDIT, title="Feeling anxious")
    first = _revision_ids(guide)[0]
    assert editor.post(f"{HISTORY}/{first}/roll-back").status_code == 403
    assert saved(guide)["title"] == "Feeling anxious"
    assert len(revisions(guide)) == 2


def test_a_version_of_another_guide_cannot_be_rolled_back_here(
    guide: Flask, client: FlaskClient
) -> None:
    add_guide(guide)
    other = _revision_ids(guide, "another-guide")[0]
    sign_in(client, ADMIN)
    assert client.post(f"{HISTORY}/{other}/roll-back").status_code == 404
    assert len(revisions(guide)) == 1


def _revision_ids(app: Flask, guide_id: str = GUIDE_ID) -> list[int]:
    with app.app_context():
        query = sa.select(GuideRevision.id).where(GuideRevision.guide_id == guide_id)
        return list(db.session.scalars(query.order_by(GuideRevision.id)))


# --- Translations -------------------------------------------------------------------------


def guide_row(page: str, locale: str) -> str:
    """The translation status page's row of guide counts for one language."""
    return page.split(f'id="guides-language-{locale}"', 1)[1].split("</tr>", 1)[0]


def test_a_translation_saved_as_needs_review_shows_on_the_translation_status_page(
    guide: Flask, editor: FlaskClient
) -> None:
    assert ">0/1<" in guide_row(editor.get("/staff/translations").text, "gu")
    url = f"/staff/guides/{GUIDE_ID}/translations/gu"
    response = post_form(editor, url, title="ચિંતા", body="ધીમે શ્વાસ લો.", status="needs_review")
    assert response.status_code == 302 and response.location == url
    assert revisions(guide)[-1] == (EDITOR, "translate")
    page = editor.get("/staff/translations").text
    complete, needs_review, missing = re.findall(r">(\d+/\d+)<", guide_row(page, "gu"))
    assert (complete, needs_review, missing) == ("0/1", "1/1", "0/1")
    assert "ગુજરાતી</bdi>: 1 guide translation awaiting review" in page
    assert f'href="{url}"' in page.split('id="guides-needs-review-gu"', 1)[1]
    assert "ચિંતા" in public(editor, locale="gu").text


def test_a_checked_translation_counts_as_complete(guide: Flask, editor: FlaskClient) -> None:
    post_form(editor, f"/staff/guides/{GUIDE_ID}/translations/pl", status="complete")
    assert saved(guide)["translations"]["pl"]["status"] == "complete"
    complete, needs_review, _missing = re.findall(
        r">(\d+/\d+)<", guide_row(editor.get("/staff/translations").text, "pl")
    )
    assert (complete, needs_review) == ("1/1", "0/1")
    overview = editor.get(f"/staff/guides/{GUIDE_ID}/translations").text
    polish = overview.split('id="language-pl"', 1)[1].split("</tr>", 1)[0]
    assert "Complete" in polish and "Missing" in overview.split('id="language-gu"', 1)[1]


def test_a_translation_without_a_title_shows_the_error_and_changes_nothing(
    guide: Flask, editor: FlaskClient
) -> None:
    before = saved(guide)
    response = post_form(editor, f"/staff/guides/{GUIDE_ID}/translations/pl", title="")
    assert response.status_code == 400
    assert error_next_to(response.text, "title") == "Enter a title."
    assert saved(guide) == before


def test_emptying_a_translation_removes_it_and_people_see_english(
    guide: Flask, editor: FlaskClient
) -> None:
    url = f"/staff/guides/{GUIDE_ID}/translations/pl"
    assert post_form(editor, url, title="", summary="", body="").status_code == 302
    assert "pl" not in saved(guide).get("translations", {})
    page = public(editor, locale="pl").text
    assert "Feeling worried" in page and "Zmartwienie" not in page


def test_only_the_chats_other_languages_have_a_text_page(guide: Flask, editor: FlaskClient) -> None:
    urdu = editor.get(f"/staff/guides/{GUIDE_ID}/translations/ur")
    assert urdu.status_code == 200
    assert urdu.text.count('lang="ur" dir="rtl"') >= 3  # typed right to left, as Urdu
    for locale in ("en", "xx"):
        assert editor.get(f"/staff/guides/{GUIDE_ID}/translations/{locale}").status_code == 404
    assert editor.get("/staff/guides/no-such-guide/edit").status_code == 404


# --- Review -------------------------------------------------------------------------------


def test_a_guide_past_its_review_date_is_on_the_review_dashboard(
    guide: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "now", lambda: TODAY)  # before signing in: sessions expire
    sign_in(client, EDITOR)
    day = TODAY.date()
    add_guide(guide, id="overdue", review_due=(day - timedelta(days=1)).isoformat())
    add_guide(guide, id="due-next-year", review_due=(day + timedelta(days=365)).isoformat())
    add_guide(guide, id="retired-overdue", review_due="2020-01-01", retired=True)
    page = client.get("/staff/review").text
    guides = page.split('id="guides"', 1)[1]
    assert re.findall(r'href="/staff/guides/([^/"]+)/edit"', guides) == ["overdue"]
    assert "Overdue" in guides
    assert "test-guide" not in guides  # due 2027-05-23


# --- Access -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("GET", "/staff/guides/"),
        ("GET", "/staff/guides/new"),
        ("POST", "/staff/guides/new"),
        ("GET", EDIT),
        ("POST", EDIT),
        ("POST", f"/staff/guides/{GUIDE_ID}/retire"),
        ("GET", f"/staff/guides/{GUIDE_ID}/translations/pl"),
        ("POST", f"/staff/guides/{GUIDE_ID}/translations/pl"),
        ("GET", HISTORY),
        ("POST", f"{HISTORY}/1/roll-back"),
    ],
)
def test_people_not_signed_in_are_sent_to_sign_in_and_nothing_changes(
    guide: Flask, client: FlaskClient, method: str, url: str
) -> None:
    before = saved(guide)
    response = client.open(url, method=method, data={"title": "Hacked"})
    assert response.status_code == 302 and response.location.startswith("/staff/login")
    assert saved(guide) == before


def test_every_guide_form_carries_a_csrf_token_and_one_without_is_refused(
    guide: Flask, client: FlaskClient
) -> None:
    sign_in(client, ADMIN)
    post_form(client, EDIT, title="Feeling anxious")  # a second version: a roll back button
    pages = ("/staff/guides/new", EDIT, HISTORY, f"/staff/guides/{GUIDE_ID}/translations/pl")
    for url in pages:
        posting = [f for f in forms(client.get(url).text) if f["attrs"].get("method") == "post"]
        assert posting, url
        for form in posting:
            assert "csrf_token" in [name for name, _value in form["fields"]], url
    guide.config["WTF_CSRF_ENABLED"] = True  # as in production
    data = form_data(client.get(EDIT).text)
    data.pop("csrf_token")
    response = client.post(EDIT, data={**data, "title": "No token"})
    assert response.status_code == 400 and "Your changes were not saved" in response.text
    assert saved(guide)["title"] == "Feeling anxious"
