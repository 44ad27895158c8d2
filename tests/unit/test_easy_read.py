"""Easy read: a switch on the chat and the self-help pages gives short sentences and everyday
words, kept for the browser's session. English has an easy-read version of every reply; other
languages get theirs where a translator wrote one, else their own standard text, never
English. Safety replies in easy read keep every number and card; the booking steps and the
exercises keep their buttons, fields and numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from flask import Flask
from flask.testing import FlaskClient

from tests.support.bookings import add_camhs
from tests.support.fakes import FakeBot
from webapp import create_app
from webapp.booking import chat_steps
from webapp.booking.desk import Desk
from webapp.booking.easy_wording import BOOKING
from webapp.config import LANGUAGES, ROOT
from webapp.extensions import babel, db
from webapp.guides import exercises
from webapp.guides.easy_wording import EXERCISE_STOPPED, EXERCISES
from webapp.places import Place
from webapp.reply_types import Reply
from webapp.services import about, cards, easy_wording, renderer
from webapp.services.bot_client import BotReply
from webapp.services.cards import Audience
from webapp.services.catalog_status import read_catalog
from webapp.services.wording import NEED_TEXT, TEMPLATES

SAFETY_KINDS = sorted(renderer.SAFETY_REPLIES)


def test_every_reply_template_has_an_english_easy_read_version() -> None:
    assert set(easy_wording.TEMPLATES) == set(TEMPLATES)
    for key, template in TEMPLATES.items():
        if template.about_them:
            assert set(easy_wording.ABOUT_THEM[key]) == set(template.about_them), key
    assert set(easy_wording.SAFETY) == set(SAFETY_KINDS)
    assert set(easy_wording.NEED_TEXT) == set(NEED_TEXT)


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_easy_read_changes_the_english_reply_and_keeps_its_buttons(app: Flask, key: str) -> None:
    with app.test_request_context():
        standard = renderer.render(key, "en")
        easy = renderer.render(key, "en", easy_read=True)
    assert easy.text != standard.text
    assert "%(" not in easy.text
    assert (easy.buttons, easy.services, easy.links) == (
        standard.buttons,
        standard.services,
        standard.links,
    )


def numbers_in(text: str) -> set[str]:
    """The crisis numbers and text codes a reply names."""
    return {n for n in cards.numbers().values() if re.search(rf"\b{re.escape(n)}\b", text)}


@pytest.mark.parametrize("kind", SAFETY_KINDS)
@pytest.mark.parametrize("under_19", [True, False])
def test_an_easy_read_safety_reply_keeps_every_number_and_card(
    app: Flask, kind: str, under_19: bool
) -> None:
    with app.app_context():
        for locale in LANGUAGES:
            standard = renderer.render_crisis(locale, under_19, kind)
            easy = renderer.render_crisis(locale, under_19, kind, easy_read=True)
            assert numbers_in(easy.text) == numbers_in(standard.text), (locale, kind)
            assert "option 2" in easy.text or locale != "en"
            assert (easy.services, easy.buttons) == (standard.services, standard.buttons)
        english_easy = renderer.render_crisis("en", under_19, kind, easy_read=True).text
    assert ("0800 1111" in english_easy) == under_19


def test_the_english_easy_read_crisis_reply_is_simpler_but_as_complete(app: Flask) -> None:
    with app.app_context():
        reply = renderer.render_crisis("en", easy_read=True)
    assert reply.text.startswith("You matter. Help is here now.")
    for number in ["999", "111", "option 2", "116 123", "SHOUT", "85258", "0800 1111"]:
        assert number in reply.text


@pytest.mark.parametrize("locale", sorted(set(LANGUAGES) - {"en"}))
def test_a_language_without_easy_read_gets_its_own_standard_text_not_english(
    app: Flask, locale: str
) -> None:
    with app.test_request_context():
        for key in ("camhs", "welcome", "fallback"):
            assert renderer.render(key, locale, easy_read=True) == renderer.render(key, locale)
        assert renderer.render_crisis(locale, easy_read=True) == renderer.render_crisis(locale)


def test_a_language_with_an_easy_read_translation_gets_it(
    tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = read_catalog(ROOT / "translations" / "pl" / "LC_MESSAGES" / "messages.po")
    english = "Hi. What do you want help with today?"  # easy_wording.TEMPLATES["greet"]
    catalog.get(english, context="easy read").string = "Cześć. W czym mam pomóc?"
    (tmp_path / "pl" / "LC_MESSAGES").mkdir(parents=True)
    with open(tmp_path / "pl" / "LC_MESSAGES" / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "BABEL_TRANSLATION_DIRECTORIES": str(tmp_path)}
    )
    with app.test_request_context():
        monkeypatch.setattr(babel.domain_instance, "cache", {})  # shared by every app
        db.create_all()
        assert renderer.render("greet", "en", easy_read=True).text == english
        assert renderer.render("greet", "pl", easy_read=True).text == "Cześć. W czym mam pomóc?"
        assert renderer.render("greet", "pl").text != "Cześć. W czym mam pomóc?"


def test_easy_read_speaks_to_someone_asking_for_another_person(app: Flask) -> None:
    audience = Audience(Place(), about=about.About("child", "she"))
    with app.test_request_context():
        reply = renderer.render("camhs", "en", audience, easy_read=True)
    assert "You can ask her GP to send her to CAMHS." in reply.text


def test_the_which_service_line_and_the_place_question_are_easy_read_too(app: Flask) -> None:
    with app.test_request_context():
        memory = renderer.render("memory_cafe", "en", easy_read=True)
    assert memory.text.endswith(str(easy_wording.ASK_PLACE_TEXT))


def test_the_easy_read_switch_is_kept_for_the_session_and_changes_the_chat(
    client: FlaskClient,
) -> None:
    standard = client.get("/").get_data(as_text=True)
    assert "Use easy read" in standard
    switched = client.get("/easy-read?on=1&next=/")
    assert switched.status_code == 302 and switched.location == "/"
    page = client.get("/").get_data(as_text=True)
    assert "I am a computer. I am not a person." in page
    assert 'class="easy-read"' in page
    assert "Use standard text" in page
    client.get("/easy-read?on=0&next=/")
    assert "I am a computer. I am not a person." not in client.get("/").get_data(as_text=True)


def test_the_switch_goes_back_only_to_a_page_of_this_site(client: FlaskClient) -> None:
    for elsewhere in ("https://example.org/", "//example.org/", "/\\example.org"):
        response = client.get("/easy-read", query_string={"on": "1", "next": elsewhere})
        assert response.location == "/"


def test_a_message_sent_in_easy_read_gets_the_easy_read_reply(
    client: FlaskClient, fake_bot: FakeBot
) -> None:
    fake_bot.default = [BotReply("camhs", "camhs")]
    client.get("/easy-read?on=1")
    client.post("/chat/send", data={"text": "how do I get help from camhs"})
    page = client.get("/").get_data(as_text=True)
    assert "Mental health is how you feel and think." in page


def test_an_exercise_step_and_a_booking_step_sent_in_easy_read_are_easy_read(
    app: Flask, client: FlaskClient
) -> None:
    add_camhs(app, range(7))
    client.get("/easy-read?on=1")
    client.post("/chat/send", data={"text": "Next", "payload": "/exercise_breathing_2"})
    client.post("/chat/send", data={"text": "CAMHS", "payload": "/book_service_camhs_duty_call"})
    page = client.get("/").get_data(as_text=True)
    assert "Count to 4: 1, 2, 3, 4." in page  # EXERCISES["breathing"][1]
    assert "These are the next free times for" in page  # BOOKING["times"]


def booking_walk(locale: str, easy_read: bool) -> list[Reply]:
    """Every booking step in the chat for one person: which service, which time, the
    details form, and the forms that find a booking to change or cancel."""
    desk = Desk(locale, easy_read=easy_read)
    start = chat_steps.start(desk)
    times = chat_steps.choose_time(desk, start.buttons[0].payload.removeprefix("/book_service_"))
    slot_id = int(times.buttons[0].payload.removeprefix("/book_slot_"))
    return [
        start,
        times,
        chat_steps.details_form(desk, slot_id),
        chat_steps.find_form(desk, "find_change"),
        chat_steps.find_form(desk, "find_cancel"),
        chat_steps.details_form(desk, -1),
    ]


def shape(reply: Reply) -> tuple[object, ...]:
    """The buttons, and the form's action, hidden values and fields (their kinds and checks):
    all but the words."""
    form = reply.form
    if form is None:
        return (reply.buttons,)
    fields = [(f.name, f.kind, f.required, f.value) for f in form.fields]
    return reply.buttons, form.action, form.hidden, fields


def test_the_booking_steps_are_easy_read_with_the_same_buttons_and_fields(app: Flask) -> None:
    add_camhs(app, range(7))
    with app.test_request_context():
        easy, standard = booking_walk("en", True), booking_walk("en", False)
    for step, (e, s) in enumerate(zip(easy, standard, strict=True)):
        assert e.text != s.text, step
        assert "%(" not in e.text, step
        assert shape(e) == shape(s), step
    form = easy[2].form
    assert form is not None
    assert "90 days" in str([f.hint for f in form.fields if f.name == "consent"])
    assert "4 weeks" in str(BOOKING["no_free_times"])


@pytest.mark.parametrize("locale", sorted(set(LANGUAGES) - {"en"}))
def test_a_booking_step_in_another_language_falls_back_to_its_own_standard_text(
    app: Flask, locale: str
) -> None:
    add_camhs(app, range(7))
    with app.test_request_context():
        assert booking_walk(locale, True) == booking_walk(locale, False)


@pytest.mark.parametrize("kind", sorted(exercises.STEPS))
def test_the_exercise_steps_are_easy_read_with_the_same_steps_and_buttons(
    app: Flask, kind: str
) -> None:
    assert len(EXERCISES[kind]) == len(exercises.STEPS[kind])
    with app.test_request_context():
        for number in range(1, len(exercises.STEPS[kind]) + 1):
            payload = f"/exercise_{kind}_{number}"
            easy = exercises.answer(payload, "en", easy_read=True)
            standard = exercises.answer(payload, "en")
            assert easy and standard
            assert easy.text != standard.text, number
            assert easy.buttons == standard.buttons, number
            assert sorted(re.findall(r"\d", easy.text)) == sorted(re.findall(r"\d", standard.text))
        stopped = exercises.answer(exercises.STOP, "en", easy_read=True)
        assert stopped and stopped.text == str(EXERCISE_STOPPED)


@pytest.mark.parametrize("locale", sorted(set(LANGUAGES) - {"en"}))
def test_an_exercise_step_in_another_language_falls_back_to_its_own_standard_text(
    app: Flask, locale: str
) -> None:
    with app.test_request_context():
        for payload in ("/exercise_breathing_2", "/exercise_grounding_2", exercises.STOP):
            easy = exercises.answer(payload, locale, easy_read=True)
            assert easy == exercises.answer(payload, locale), payload
