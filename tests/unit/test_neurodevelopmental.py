"""Autism and ADHD assessments for children: the reply (topic camhs, key neurodevelopmental)
explains the way in, the wait and help while waiting in every language, shows the local
assessment and SEND advice services first, and links the guide for parents who are waiting."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale

from webapp.config import LANGUAGES
from webapp.content import store
from webapp.content.schema import ServiceIn
from webapp.extensions import db
from webapp.guides import store as guide_store
from webapp.guides.routes import TOPIC_NAMES
from webapp.models import Guide, Service
from webapp.places import Place
from webapp.reply_types import Reply
from webapp.services import renderer
from webapp.services.cards import Audience

CONTENT = Path(__file__).parents[2] / "content"
GUIDE = "waiting-for-autism-or-adhd-assessment"
ASSESSMENT_SERVICES = {
    "lpt-community-paediatrics",
    "lpt-autism-space",
    "sendiass-leicester",
    "sendiass-leicestershire",
    "sendiass-rutland",
}
CENTRAL_ACCESS_POINT = "lpt-central-access-point"


@pytest.fixture
def shipped(app: Flask) -> Iterator[Flask]:
    """The shipped services, crisis lines and guides, as `make run` seeds them."""
    with app.app_context():
        report = store.import_files([CONTENT / "camhs.yml", CONTENT / "crisis_lines.yml"])
        assert not report.problems, report.problems
        guides = guide_store.import_guides(CONTENT / "guides")
        assert not guides.problems, guides.problems
    yield app


def reply(app: Flask, locale: str = "en", audience: Audience | None = None) -> Reply:
    """The assessment reply as the person would get it in this turn."""
    with app.test_request_context():
        return renderer.render("neurodevelopmental", locale, audience)


def english_sentences(text: str) -> list[str]:
    """The English reply's sentences of more than three words, without the placeholders."""
    parts = re.split(r"(?<=[.:])\s+|\n", re.sub(r"%\(\w+\)s", "", text))
    return [p.strip("• ").strip() for p in parts if len(p.split()) > 3]


@pytest.mark.parametrize("locale", list(LANGUAGES))
def test_the_assessment_reply_in_every_language_gives_the_central_access_point_and_999(
    shipped: Flask, locale: str
) -> None:
    text = reply(shipped, locale).text
    assert "%(" not in text
    assert "0808 800 3302" in text and "999" in text
    assert "SENCO" in text and "SENDIASS" in text  # the names people will hear at school


@pytest.mark.parametrize("locale", [code for code in LANGUAGES if code != "en"])
def test_the_assessment_reply_is_translated_with_no_english_sentence_left(
    shipped: Flask, locale: str
) -> None:
    english = reply(shipped, "en").text
    translated = reply(shipped, locale).text
    assert translated.count("\n") == english.count("\n"), "the reply keeps its six lines"
    left = [s for s in english_sentences(english) if s in translated]
    assert left == [], f"{locale} reply still has English: {left}"
    buttons = [b.title for b in reply(shipped, locale).buttons]
    assert not set(buttons) & {b.title for b in reply(shipped, "en").buttons}


def test_the_assessment_reply_keeps_the_camhs_topic_buttons_and_no_booking(shipped: Flask) -> None:
    payloads = [b.payload for b in reply(shipped).buttons]
    assert payloads == ["/crisis", "/camhs"]


def test_the_assessment_and_send_advice_services_come_first_then_the_central_access_point(
    shipped: Flask,
) -> None:
    ids = [s.id for s in reply(shipped).services]
    assert set(ids[:-1]) == ASSESSMENT_SERVICES, "every area's SEND advice is shown"
    assert ids[-1] == CENTRAL_ACCESS_POINT


def test_where_the_person_lives_narrows_the_send_advice_to_their_area(shipped: Flask) -> None:
    county = reply(shipped, audience=Audience(Place("leicestershire")))
    ids = [s.id for s in county.services]
    assert ids[:2] == ["lpt-autism-space", "lpt-community-paediatrics"]
    assert ids[2:] == ["sendiass-leicestershire", CENTRAL_ACCESS_POINT]


def test_a_service_staff_mark_neurodevelopmental_joins_the_cards_in_the_next_reply(
    shipped: Flask,
) -> None:
    with shipped.app_context():
        data = store.service_dict(db.session.get(Service, "health-for-kids"))
        data["topics"] = ["camhs", "neurodevelopmental"]
        store.save_service(ServiceIn.model_validate(data), "editor@example.org", "edit")
        db.session.commit()
    ids = [s.id for s in reply(shipped, audience=Audience(Place("rutland"))).services]
    assert "health-for-kids" in ids[:-1] and ids[-1] == CENTRAL_ACCESS_POINT


def test_the_general_camhs_reply_does_not_show_the_assessment_services(shipped: Flask) -> None:
    with shipped.test_request_context():
        ids = {s.id for s in renderer.render("camhs", "en").services}
    assert ids and not ids & ASSESSMENT_SERVICES


@pytest.mark.parametrize("locale", list(LANGUAGES))
def test_the_reply_links_the_waiting_guide_first_in_the_readers_language(
    shipped: Flask, locale: str
) -> None:
    with shipped.app_context():
        guide = db.session.get(Guide, GUIDE)
        assert guide is not None
        title = guide.text(locale).title
    links = reply(shipped, locale).links
    assert links[0].url == f"/help/{GUIDE}" and links[0].title.endswith(title)


def test_the_waiting_guide_has_a_draft_in_every_language_with_the_same_numbers(
    shipped: Flask,
) -> None:
    with shipped.app_context():
        guide = db.session.get(Guide, GUIDE)
        assert guide is not None and guide.for_parents and guide.topics == ["neurodevelopmental"]
        english = guide.text("en")
        for locale in (code for code in LANGUAGES if code != "en"):
            text = guide.text(locale)
            assert text is not None, locale
            assert text.status == "needs_review" and text.title != english.title, locale
            for number in ("999", "0808 800 3302", "111", "0800 1111"):
                assert number in text.body, (locale, number)


@pytest.mark.parametrize("locale", list(LANGUAGES))
def test_the_help_page_lists_the_guide_under_autism_and_adhd_in_every_language(
    shipped: Flask, client: FlaskClient, locale: str
) -> None:
    with shipped.app_context():
        guide = db.session.get(Guide, GUIDE)
        assert guide is not None
        title = guide.text(locale).title
    with client.session_transaction() as session:
        session["locale"] = locale
    html = client.get("/help/").get_data(as_text=True)
    with shipped.test_request_context(), force_locale(locale):
        group = str(TOPIC_NAMES["neurodevelopmental"])
    assert group in html and title in html
    assert locale == "en" or group != "Autism and ADHD"
