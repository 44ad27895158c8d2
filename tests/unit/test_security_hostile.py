"""Every hostile input in tests/unit/hostile_inputs.py, through every way in: the API
(messages and bookings), the socket (user_message and booking) and the staff forms (sign-in,
service editor, translations). None gets a 500 or a server_error; whatever is stored shows
as plain text on the chat page and the staff pages (no markup of its own, no script, no
template evaluated); and the database works afterwards."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from werkzeug.test import TestResponse

from tests.support import hostile_inputs as hostile
from tests.support.bookings import add_camhs, tomorrow
from tests.support.fakes import FakeBot
from tests.support.staff import (
    BOOKER,
    CAFE,
    EDITOR,
    form_data,
    make_user,
    saved,
    sign_in,
)
from webapp.booking import availability, records
from webapp.bounds import UNSAFE_CHARS
from webapp.clock import local_today
from webapp.extensions import db, socketio
from webapp.models import AppointmentService, Booking, Message
from webapp.services.bot_client import BotReply

TEXTS = pytest.mark.parametrize("text", list(hostile.TEXTS.values()), ids=list(hostile.TEXTS))
BODIES = pytest.mark.parametrize("body", list(hostile.BODIES.values()), ids=list(hostile.BODIES))
NS = "/chat"
EDIT = f"/staff/services/{CAFE['id']}/edit"
TRANSLATIONS = f"/staff/services/{CAFE['id']}/translations"
# The service editor's free-text fields, and those checked against a list or a pattern.
FREE_TEXT = (
    "name", "description", "cost", "source",
    "locations-0-name", "locations-0-address", "locations-0-schedules-0-note",
)  # fmt: skip
CHECKED = ("organisation", "access", "website", "phone", "email", "text_body", "review_due")


# --- What a page may contain --------------------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


def unsafe_markup(html: str) -> list[str]:
    """Whatever in `html` could run script: event-handler attributes, javascript: URLs,
    script or style elements that are neither external nor carry the page's nonce, and
    elements that embed or redirect."""
    parser = _Elements()
    parser.feed(html)
    problems = []
    for tag, attrs in parser.elements:
        for name, value in attrs.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data"):
                squashed = re.sub(r"[\x00-\x20]", "", value).lower()
                if squashed.startswith(("javascript:", "vbscript:", "data:text/html")):
                    problems.append(f"<{tag} {name}={value[:40]!r}>")
        if tag in ("script", "style") and "src" not in attrs and "nonce" not in attrs:
            problems.append(f"<{tag}> inline without a nonce")
        if tag in ("iframe", "object", "embed", "base", "frame") or (
            tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh"
        ):
            problems.append(f"<{tag}>")
    return problems


def assert_page_safe(html: str, where: str, text: str | None = None, echo: bool = False) -> None:
    """The page has no script of its input's making, no character that hides or reorders
    text, and shows template and format strings as typed. `echo`: a form shown again with
    what was just typed in it (refused, so nothing stored) may hold those characters in its
    fields' values."""
    assert unsafe_markup(html) == [], where
    for raw in ("<script>alert", "<svg onload", "<img src=x", "<script>alert(1)</script>"):
        assert raw not in html, (where, raw)
    shown = re.sub(r'value="[^"]*"|<textarea[^>]*>[^<]*</textarea>', "", html) if echo else html
    for char in hostile.NEVER_ON_A_PAGE:
        assert char not in shown, (where, repr(char))
    assert hostile.TEMPLATE_EVALUATED not in html, where
    assert "looploop" not in html, where
    if text is not None and text.strip() in (hostile.TEMPLATE, hostile.FORMAT):
        assert "%(x)s" not in html or hostile.FORMAT in html, where


def assert_no_server_error(response: TestResponse, where: str) -> None:
    assert response.status_code < 500, (where, response.status_code)
    if response.is_json:
        body = response.get_json()
        assert "server_error" not in json.dumps(body), where
        if response.status_code >= 400:
            assert body["error"]["code"] and body["error"]["message"], where


def database_still_works(app: Flask, client: FlaskClient) -> None:
    response = client.post("/api/v1/messages", json={"text": "hello"})
    assert response.status_code == 200 and response.get_json()["topic"] == "greeting"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Message))


def connect(app: Flask, client: FlaskClient):  # type: ignore[no-untyped-def]
    client.get("/")
    return socketio.test_client(app, namespace=NS, flask_test_client=client)


def socket_events(sio) -> list[tuple[str, dict[str, Any]]]:  # type: ignore[no-untyped-def]
    return [(e["name"], e["args"][0]) for e in sio.get_received(NS)]


def assert_socket_answered(events: list[tuple[str, dict[str, Any]]], where: str) -> None:
    """Either a reply or bad_input with a code: never server_error, never silence."""
    names = [name for name, _ in events]
    assert names in (["bot_typing", "bot_message"], ["bad_input"]), (where, names)
    for name, body in events:
        if name == "bot_message":
            assert_page_safe(body["html"], f"{where}: bot_message html")
        if name == "bad_input":
            assert body["error"]["code"] and body["error"]["message"], where


@pytest.fixture
def with_slots(app: Flask) -> int:
    """The CAMHS call service with tomorrow's times; returns the first free slot's id."""
    add_camhs(app)
    with app.app_context():
        service = db.session.get(AppointmentService, "camhs_duty_call")
        availability.generate_slots(service, local_today(), records.HORIZON_DAYS)
        db.session.commit()
        return records.free_slots(service, datetime.now(UTC))[0].id


@pytest.fixture
def editor(cafe: str, editor: FlaskClient) -> FlaskClient:
    """An editor signed in, with the test café."""
    return editor


# --- The API ------------------------------------------------------------------------------


@TEXTS
def test_the_message_api_survives_and_the_chat_page_shows_it_as_text(
    app: Flask, client: FlaskClient, text: str
) -> None:
    response = client.post("/api/v1/messages", json={"text": text})
    assert_no_server_error(response, "api")
    for field in ("locale", "payload", "timezone", "conversation_id"):
        assert_no_server_error(
            client.post("/api/v1/messages", json={"text": "hi", field: text}), field
        )
    if response.status_code == 200:
        with client.session_transaction() as session:
            session["conversation_id"] = response.get_json()["conversation_id"]
        page = client.get("/")
        assert page.status_code == 200
        assert_page_safe(page.text, "chat page", text)
        if text == hostile.TEMPLATE:
            assert hostile.TEMPLATE in page.text
        if text == hostile.FORMAT:
            assert hostile.FORMAT in page.text
    database_still_works(app, client)


@BODIES
def test_the_message_api_refuses_malformed_bodies_clearly(
    app: Flask, client: FlaskClient, body: bytes
) -> None:
    response = client.post("/api/v1/messages", data=body, content_type="application/json")
    assert_no_server_error(response, "api body")
    assert response.status_code in (200, 400, 413)
    database_still_works(app, client)


@TEXTS
def test_the_booking_api_survives_every_field(
    app: Flask, client: FlaskClient, with_slots: int, text: str
) -> None:
    form = {"slot_id": str(with_slots), "email": "sam@example.org", "consent": "on"}
    for attempt in (
        {"action": text},
        {"action": "book", **form, "name": "Sam", "locale": text},
        {"action": "book", **form, "name": "Sam", "timezone": text},
        {"action": "book", **form, "name": "Sam", "email": text},
        {"action": "book", **form, "name": "Sam", "phone": text},
        {"action": "book", **form, "name": "Sam", "age": text},
        {"action": "book", **form, "name": "Sam", "date_of_birth": text},
        {"action": "book", **form, "name": "Sam", "slot_id": text},
        {"action": "book", **form, "name": "Sam", text[:100]: text},
        {"action": "find_cancel", "reference": text, "contact": text},
        {"action": "change", "reference": text, "contact": text, "slot_id": text},
    ):
        response = client.post("/api/v1/bookings", json=attempt)
        assert_no_server_error(response, f"booking {sorted(attempt)}")
    database_still_works(app, client)


@TEXTS
def test_a_booked_name_shows_as_text_on_the_staff_bookings_page(
    app: Flask, client: FlaskClient, with_slots: int, text: str
) -> None:
    details = {"slot_id": str(with_slots), "email": "sam@example.org", "consent": "on"}
    response = client.post("/api/v1/bookings", json={"action": "book", **details, "name": text})
    assert_no_server_error(response, "booking name")
    with app.app_context():
        booked = db.session.scalar(sa.select(Booking))
    make_user(app, BOOKER, "bookings")
    staff = app.test_client()
    sign_in(staff, BOOKER)
    page = staff.get(f"/staff/bookings/?day={tomorrow().isoformat()}")
    assert page.status_code == 200
    assert_page_safe(page.text, "staff bookings", text)
    if booked is not None:
        assert booked.reference in page.text
        if text == hostile.TEMPLATE:
            assert hostile.TEMPLATE in page.text


@BODIES
def test_the_booking_api_refuses_malformed_bodies_clearly(
    app: Flask, client: FlaskClient, body: bytes
) -> None:
    response = client.post("/api/v1/bookings", data=body, content_type="application/json")
    assert_no_server_error(response, "booking body")
    assert response.status_code in (400, 413)
    database_still_works(app, client)


# --- The socket ---------------------------------------------------------------------------


@TEXTS
def test_the_socket_survives_and_the_chat_page_shows_the_message_as_text(
    app: Flask, client: FlaskClient, text: str
) -> None:
    sio = connect(app, client)
    for data in (
        {"text": text},
        {"text": "hi", "locale": text},
        {"text": "hi", "payload": text},
        {"text": "hi", "timezone": text},
        {"text": "hi", "conversation_id": text},
        {text[:100]: text},
        text,
        [text],
    ):
        sio.emit("user_message", data, namespace=NS)
        assert_socket_answered(socket_events(sio), f"user_message {str(data)[:60]!r}")
    page = client.get("/")
    assert page.status_code == 200
    assert_page_safe(page.text, "chat page", text)
    database_still_works(app, client)


@TEXTS
def test_the_socket_booking_form_survives_every_field(
    app: Flask, client: FlaskClient, with_slots: int, text: str
) -> None:
    sio = connect(app, client)
    form = {"slot_id": str(with_slots), "email": "sam@example.org", "consent": "on"}
    for data in (
        {"action": text},
        {"action": "book", **form, "name": text},
        {"action": "book", **form, "name": "Sam", "phone": text, "email": ""},
        {"action": "book", **form, "name": "Sam", "locale": text},
        {"action": "find_change", "reference": text, "contact": text},
        text,
    ):
        sio.emit("booking", data, namespace=NS)
        assert_socket_answered(socket_events(sio), f"booking {str(data)[:60]!r}")
    database_still_works(app, client)


def test_deeply_nested_socket_data_is_refused_and_the_socket_goes_on(
    app: Flask, client: FlaskClient
) -> None:
    sio = connect(app, client)
    for data in (
        {"text": hostile.nested(200)},
        hostile.nested(200),
        {"action": "book", "name": hostile.nested(200)},
    ):
        sio.emit("user_message", data, namespace=NS)
        assert [name for name, _ in socket_events(sio)] == ["bad_input"]
        sio.emit("booking", data, namespace=NS)
        assert [name for name, _ in socket_events(sio)] == ["bad_input"]
    sio.emit("user_message", {"text": "hello"}, namespace=NS)
    assert [name for name, _ in socket_events(sio)] == ["bot_typing", "bot_message"]


def polling_session(client: FlaskClient) -> str:
    client.get("/")
    handshake = json.loads(client.get("/socket.io/?EIO=4&transport=polling").data[1:])
    url = f"/socket.io/?EIO=4&transport=polling&sid={handshake['sid']}"
    assert client.post(url, data=b"40/chat,").status_code == 200
    assert client.get(url).data.startswith(b"40/chat,")
    return url


@pytest.mark.parametrize(
    "packet",
    [
        b'42/chat,["user_message",' + b"[" * 30_000 + b"]" * 30_000 + b"]",
        b'42/chat,["user_message",' + b"[" * hostile.NESTING + b"]" * hostile.NESTING + b"]",
        b'42/chat,["user_message",{"text":"\xff\xfe\xfd"}]',
        b'42/chat,["user_message",{"text":"\\ud800"}]',
        b"42/chat,<script>alert(1)</script>",
        b'42/chat,["user_message",{"text":"' + b"A" * hostile.NESTING * 10 + b'"}]',
    ],
    ids=["nested-30k", "nested-100k", "invalid-utf8", "lone-surrogate", "not-json", "1-megabyte"],
)
def test_raw_socket_packets_over_the_real_transport_never_break_it(
    app: Flask, client: FlaskClient, packet: bytes
) -> None:
    """Through Engine.IO's long-polling transport, as a browser without WebSocket sends."""
    url = polling_session(client)
    response = client.post(url, data=packet)
    assert response.status_code in (200, 400, 413)
    assert client.post(url, data=b'42/chat,["user_message",{"text":"hello"}]').status_code == 200
    answered = b""
    while b"bot_message" not in answered:
        answered += client.get(url).data
    assert b"server_error" not in answered
    database_still_works(app, client)


# --- The staff forms ----------------------------------------------------------------------


@TEXTS
def test_staff_sign_in_survives(app: Flask, client: FlaskClient, text: str) -> None:
    make_user(app, EDITOR, "editor")
    for data in ({"email": text, "password": text}, {"email": EDITOR, "password": text}):
        response = client.post("/staff/login", data=data)
        assert response.status_code in (200, 400, 413), response.status_code
        assert_page_safe(response.text, "sign-in page", text, echo=True)
    assert client.get("/staff/").status_code == 302  # not signed in by any of it
    assert sign_in(client, EDITOR).status_code == 302


@TEXTS
def test_the_service_editor_stores_only_plain_text_that_shows_as_text(
    app: Flask, editor: FlaskClient, fake_bot: FakeBot, text: str
) -> None:
    data = form_data(editor.get(EDIT).text)
    response = editor.post(EDIT, data={**data, **{f: text for f in FREE_TEXT}})
    assert response.status_code in (200, 302, 400, 413), response.status_code
    assert_page_safe(response.text, "editor answer", text, echo=response.status_code == 400)
    for fields in (("website",), CHECKED):  # the web address alone: it becomes a link
        data = form_data(editor.get(EDIT).text)
        response = editor.post(EDIT, data={**data, **{f: text for f in fields}})
        assert response.status_code in (200, 302, 400, 413), (fields, response.status_code)
        assert_page_safe(response.text, f"editor answer {fields}", text, echo=True)

    service = saved(app, str(CAFE["id"]))
    assert service is not None
    website = (service.get("contacts") or {}).get("website") or ""
    assert website == "" or website.startswith("https://")
    for url in ("/staff/", EDIT, TRANSLATIONS, f"/staff/services/{CAFE['id']}/history",
                "/staff/review"):  # fmt: skip
        page = editor.get(url)
        assert page.status_code == 200, url
        assert_page_safe(page.text, url, text)
    search = editor.get("/staff/", query_string={"q": text[:500]})
    assert search.status_code in (200, 400)
    assert_page_safe(search.text, "search", text, echo=True)  # the query stays in its box
    if service["name"] != CAFE["name"]:  # saved: as typed, less hidden characters
        assert service["name"] == UNSAFE_CHARS.sub("", text).strip()
        assert str(escape(service["name"])) in editor.get(EDIT).text

    # And in the chat: the café's card, when someone asks for memory cafés.
    fake_bot.answers["cafes"] = [BotReply("memory_cafe", "memory_cafe")]
    chat = app.test_client()
    sio = connect(app, chat)
    sio.emit("user_message", {"text": "cafes", "locale": "en"}, namespace=NS)
    events = socket_events(sio)
    assert_socket_answered(events, "card")
    assert CAFE["id"] in json.dumps(events[-1][1]["replies"])
    assert_page_safe(chat.get("/").text, "chat page with card", text)
    database_still_works(app, chat)


@TEXTS
def test_translations_store_only_plain_text_that_shows_as_text(
    app: Flask, editor: FlaskClient, text: str
) -> None:
    data = form_data(editor.get(TRANSLATIONS).text)
    changes = {"translations-pl-name": text, "translations-pl-description": text}
    response = editor.post(TRANSLATIONS, data={**data, **changes})
    assert response.status_code in (200, 302, 400, 413), response.status_code
    assert_page_safe(response.text, "translations answer", text, echo=True)
    for url in (TRANSLATIONS, "/staff/translations", f"/staff/services/{CAFE['id']}/history"):
        page = editor.get(url)
        assert page.status_code == 200, url
        assert_page_safe(page.text, url, text)
    chat = app.test_client()
    chat.get("/?lang=pl")
    assert_page_safe(chat.get("/").text, "Polish chat page", text)
