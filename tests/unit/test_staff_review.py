"""What needs attention: services due a review, and how complete each language is."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.staff import add_service, revisions, saved
from webapp import clock
from webapp.config import ROOT
from webapp.services import catalog_status

TODAY = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def days(n: int) -> str:
    return (TODAY.date() + timedelta(days=n)).isoformat()


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The app's clock stopped at TODAY (before anyone signs in: sessions expire)."""
    monkeypatch.setattr(clock, "now", lambda: TODAY)
    return TODAY


@pytest.fixture
def editor(today: datetime, editor: FlaskClient) -> FlaskClient:
    """An editor signed in on TODAY."""
    return editor


def listed(page: str) -> list[str]:
    """The service ids the review table links to, in order."""
    return re.findall(r'href="/staff/services/([^/"]+)/edit"', page)


def test_the_review_list_shows_what_is_overdue_missing_or_flagged_oldest_first(
    app: Flask, editor: FlaskClient
) -> None:
    add_service(app, id="due-long-ago", review_due=days(-300))
    add_service(app, id="due-today", review_due=days(0))
    add_service(app, id="due-next-year", review_due=days(365))
    add_service(app, id="flagged", review_due=days(30), needs_review=True)
    add_service(app, id="never-scheduled", review_due=None)
    add_service(app, id="retired-and-overdue", review_due=days(-10), retired=True)

    page = editor.get("/staff/review").text
    assert listed(page) == ["never-scheduled", "due-long-ago", "due-today", "flagged"]
    assert "Overdue" in page and "No review date" in page and "Flagged" in page


def test_checked_and_still_right_clears_a_service_from_the_review_list_in_one_step(
    app: Flask, editor: FlaskClient
) -> None:
    add_service(
        app, id="flagged", review_due=days(-3), needs_review=True, review_reason="New times?"
    )
    page = editor.get("/staff/review").text
    assert "If everything is still right" in page and "Checked, still right" in page

    done = editor.post("/staff/services/flagged/checked", follow_redirects=True).text
    assert "is marked as checked. The next check is due on " + days(183) in done
    assert "flagged" not in listed(done)
    stored = saved(app, "flagged")
    assert stored is not None
    assert (stored["last_reviewed"], stored["review_due"]) == (days(0), days(183))
    assert stored["needs_review"] is False and stored.get("review_reason") is None
    assert revisions(app, "flagged")[-1] == ("ed.editor@nhs.net", "checked")


def test_marking_a_service_checked_needs_an_editor(app: Flask, client: FlaskClient) -> None:
    add_service(app, id="flagged", needs_review=True, review_reason="New times?")
    client.post("/staff/services/flagged/checked")
    stored = saved(app, "flagged")
    assert stored is not None and stored["needs_review"] is True


def test_nothing_due_says_so(app: Flask, editor: FlaskClient) -> None:
    add_service(app, review_due=days(100))
    assert "Nothing is due for review." in editor.get("/staff/review").text


def test_the_service_list_marks_services_needing_review(app: Flask, editor: FlaskClient) -> None:
    add_service(app, review_due=days(-1))
    assert "Needs review" in editor.get("/staff/").text


def test_each_language_shows_how_complete_its_catalog_is(app: Flask, editor: FlaskClient) -> None:
    page = editor.get("/staff/translations").text
    for locale in app.config["LANGUAGES"]:
        if locale == "en":
            assert 'id="language-en"' not in page
            continue
        state = catalog_status.status(ROOT / "translations", locale)
        row = page.split(f'id="language-{locale}"', 1)[1].split("</tr>", 1)[0]
        assert f"{state.percent_translated}% ({state.translated}/{state.total})" in row
        assert f">{len(state.needs_review)}<" in row


def test_strings_awaiting_native_speaker_review_are_listed(
    app: Flask, editor: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = catalog_status.status

    def with_review(translations: object, locale: str) -> catalog_status.CatalogStatus:
        state = real(translations, locale)  # type: ignore[arg-type]
        awaiting = ("Find support",) if locale == "so" else ()
        return catalog_status.CatalogStatus(locale, state.total, state.translated, awaiting)

    monkeypatch.setattr(catalog_status, "status", with_review)
    page = editor.get("/staff/translations").text
    assert "Soomaali</bdi>: 1 string awaiting review" in page
    assert "<li>Find support</li>" in page


def test_each_language_counts_live_services_without_a_translation(
    app: Flask, editor: FlaskClient
) -> None:
    add_service(app, id="translated", translations={"pl": {"name": "Kawiarnia"}})
    add_service(app, id="english-only")
    add_service(app, id="retired", retired=True)
    page = editor.get("/staff/translations").text
    polish = page.split('id="language-pl"', 1)[1].split("</tr>", 1)[0]
    gujarati = page.split('id="language-gu"', 1)[1].split("</tr>", 1)[0]
    assert ">1/2<" in polish and ">2/2<" in gujarati
    assert "Polski</bdi>: 1 live service without a translation" in page
    assert 'href="/staff/services/english-only/translations"' in page
