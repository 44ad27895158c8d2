"""The booking hand-off in the chat: which service, which time, details with consent,
confirmation with a reference, calendar file and e-mail; change and cancel; details never
in the chat transcript."""

from __future__ import annotations

import base64
import email
import re
import time as time_module
from collections.abc import Iterator
from datetime import UTC, date, datetime, time

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from icalendar import Calendar
from itsdangerous import TimestampSigner, URLSafeSerializer

from scripts.stack import free_port
from tests.support.bookings import SERVICE, add_camhs
from tests.support.fakes import FakeBot
from webapp.booking import confirmation, records
from webapp.extensions import db
from webapp.models import AppointmentService, Booking, Message, Slot
from webapp.services.bot_client import BotReply


@pytest.fixture
def bookable(app: Flask, fake_bot: FakeBot) -> Flask:
    fake_bot.answers["i want to book a call"] = [BotReply("booking.start", "booking")]
    fake_bot.answers["i need to change my appointment"] = [BotReply("booking.change", "booking")]
    fake_bot.answers["cancel my appointment"] = [BotReply("booking.cancel", "booking")]
    add_camhs(app, range(7), (time(9), time(17)), date(2020, 1, 1))
    return app


def say(client: FlaskClient, text: str, cid: str | None = None, **extra: str) -> dict:
    body = {"text": text, **extra}
    if cid:
        body["conversation_id"] = cid
    response = client.post("/api/v1/messages", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def submit(client: FlaskClient, **fields: str) -> dict:
    response = client.post("/api/v1/bookings", json=fields)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["replies"][0]


def choose_first_slot(client: FlaskClient) -> tuple[str, str]:
    """Walk the chat to the details form; returns (conversation id, slot id)."""
    start = say(client, "i want to book a call")
    assert start["topic"] == "booking"
    service = start["replies"][0]["buttons"][0]
    assert service["payload"] == "/book_service_camhs_duty_call"
    times = say(client, service["title"], start["conversation_id"], payload=service["payload"])
    first = times["replies"][0]["buttons"][0]
    assert re.match(r"^/book_slot_\d+$", first["payload"])
    form = say(client, first["title"], start["conversation_id"], payload=first["payload"])
    fields = {f["name"] for f in form["replies"][0]["form"]["fields"]}
    assert {"name", "email", "phone", "age", "consent"} <= fields
    slot_id = dict(form["replies"][0]["form"]["hidden"])["slot_id"]
    return start["conversation_id"], slot_id


def test_booking_through_the_chat_gives_a_reference_and_a_calendar_file(
    bookable: Flask, client: FlaskClient
) -> None:
    cid, slot_id = choose_first_slot(client)
    done = submit(
        client,
        action="book",
        slot_id=slot_id,
        name="Jo Bloggs",
        email="jo@example.org",
        age="17",
        consent="on",
    )
    reference = re.search(r"LPT-[A-Z0-9]{4}-[A-Z0-9]{4}", done["text"]).group(0)
    assert "A duty worker will phone you." in done["text"]
    ics = client.get(done["links"][0]["url"])
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    event = next(iter(Calendar.from_ical(ics.data).walk("VEVENT")))
    assert reference in str(event["summary"])
    with bookable.app_context():
        transcript = " ".join(m.text for m in db.session.scalars(db.select(Message)))
    assert "Jo Bloggs" not in transcript and "jo@example.org" not in transcript


def test_a_calendar_link_cannot_be_guessed(bookable: Flask, client: FlaskClient) -> None:
    assert client.get("/bookings/calendar/LPT-AAAA-AAAA.ics").status_code == 404


def test_under_16s_are_told_a_parent_or_carer_may_be_contacted(
    bookable: Flask, client: FlaskClient
) -> None:
    _, slot_id = choose_first_slot(client)
    done = submit(
        client,
        action="book",
        slot_id=slot_id,
        name="Kai",
        phone="07700 900123",
        age="13",
        consent="on",
    )
    assert "under 16" in done["text"] and "parent or carer" in done["text"]


def test_a_child_outside_the_services_ages_is_told_plainly_by_the_age_field(
    bookable: Flask, client: FlaskClient
) -> None:
    with bookable.app_context():
        db.session.get(AppointmentService, SERVICE).min_age = 16
        db.session.commit()
    _, slot_id = choose_first_slot(client)
    fields = {"name": "Jo", "email": "jo@example.org", "age": "1", "consent": "on"}
    reply = submit(client, action="book", slot_id=slot_id, **fields)
    errors = {f["name"]: f["error"] for f in reply["form"]["fields"] if f["error"]}
    assert "not for someone of this age" in errors["age"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "Jo", "email": "jo@", "consent": "on"}, "email", "email address like"),
        ({"name": "Jo", "phone": "123", "consent": "on"}, "phone", "UK phone number"),
        ({"name": "Jo", "email": "jo@example.org"}, "consent", "Tick the box"),
        ({"name": "Jo", "consent": "on"}, "email", "email address or a phone number"),
        (
            {"name": "Jo", "email": "jo@example.org", "age": "old", "consent": "on"},
            "age",
            "age in years",
        ),
    ],
)
def test_bad_details_come_back_with_the_message_by_the_field(
    bookable: Flask, client: FlaskClient, fields: dict, field: str, message: str
) -> None:
    _, slot_id = choose_first_slot(client)
    reply = submit(client, action="book", slot_id=slot_id, **fields)
    errors = {f["name"]: f["error"] for f in reply["form"]["fields"] if f["error"]}
    assert message in errors[field]
    with bookable.app_context():
        assert db.session.scalars(db.select(Message)).all()  # the chat itself is kept
        from webapp.models import Booking

        assert db.session.scalars(db.select(Booking)).all() == []


def test_a_slot_that_does_not_exist_gets_a_clear_reply(
    bookable: Flask, client: FlaskClient
) -> None:
    reply = submit(
        client, action="book", slot_id="999999", name="Jo", email="jo@example.org", consent="on"
    )
    assert "cannot find that time" in reply["text"]


def test_change_then_cancel_by_reference_and_contact(bookable: Flask, client: FlaskClient) -> None:
    cid, slot_id = choose_first_slot(client)
    done = submit(
        client, action="book", slot_id=slot_id, name="Jo", email="jo@example.org", consent="on"
    )
    reference = re.search(r"LPT-[A-Z0-9-]{9}", done["text"]).group(0)

    ask = say(client, "i need to change my appointment", cid)
    assert ask["replies"][0]["form"]["action"] == "find_change"
    wrong = submit(client, action="find_change", reference=reference, contact="x@example.org")
    assert "could not find a booking" in wrong["form"]["fields"][0]["error"]
    found = submit(client, action="find_change", reference=reference, contact="jo@example.org")
    new_time = found["form"]["fields"][0]["options"][-1][0]
    moved = submit(
        client, action="change", reference=reference, contact="jo@example.org", slot_id=new_time
    )
    assert "has been changed" in moved["text"] and reference in moved["text"]

    ask = say(client, "cancel my appointment", cid)
    assert ask["replies"][0]["form"]["action"] == "find_cancel"
    confirm = submit(client, action="find_cancel", reference=reference, contact="jo@example.org")
    assert confirm["form"]["action"] == "cancel"
    cancelled = submit(client, action="cancel", reference=reference, contact="jo@example.org")
    assert "is cancelled" in cancelled["text"]


def test_bad_booking_requests_get_a_4xx(bookable: Flask, client: FlaskClient) -> None:
    for body in [
        {"action": "explode"},
        ["book"],
        {"action": "book", "name": {"x": 1}},
        {"action": "book", "timezone": "Mars/Base"},
    ]:
        response = client.post("/api/v1/bookings", json=body)
        assert response.status_code == 400, body
        assert response.get_json()["error"]["code"]


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, N802
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def inbox(bookable: Flask) -> Iterator[_Inbox]:
    """A real SMTP server on a free port, to which the app sends its confirmations."""
    received = _Inbox()
    port = free_port()
    server = Controller(received, hostname="127.0.0.1", port=port)
    server.start()
    bookable.config.update(
        SMTP_HOST="127.0.0.1", SMTP_PORT=port, MAIL_FROM="chat@leicspart.example"
    )
    yield received
    server.stop()


def test_a_confirmation_is_emailed_through_a_real_smtp_server(
    bookable: Flask, client: FlaskClient, inbox: _Inbox
) -> None:
    _, slot_id = choose_first_slot(client)
    done = submit(
        client, action="book", slot_id=slot_id, name="Jo", email="jo@example.org", consent="on"
    )
    reference = re.search(r"LPT-[A-Z0-9-]{9}", done["text"]).group(0)
    [message] = inbox.messages
    assert message["To"] == "jo@example.org" and reference in message["Subject"]
    attachments = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert attachments and reference in attachments[0].get_payload(decode=True).decode()


def test_a_form_abandoned_half_way_leaves_everything_as_it_was(
    bookable: Flask, client: FlaskClient
) -> None:
    from webapp.models import Booking, BookingContact

    _, slot_id = choose_first_slot(client)  # the person stops at the details form
    with bookable.app_context():
        assert db.session.scalars(db.select(Booking)).all() == []
        assert db.session.scalars(db.select(BookingContact)).all() == []
    again = choose_first_slot(client)[1]
    assert again == slot_id  # the time is still free for them, or anyone


def book_one(client: FlaskClient) -> tuple[str, str]:
    """Book the first free time through the chat; returns (reference, calendar link)."""
    _, slot_id = choose_first_slot(client)
    done = submit(
        client, action="book", slot_id=slot_id, name="Jo", email="jo@example.org", consent="on"
    )
    return re.search(r"LPT-[A-Z0-9-]{9}", done["text"]).group(0), done["links"][0]["url"]


def test_a_changed_booking_confirms_the_new_time_in_the_reply_the_email_and_calendar_file(
    bookable: Flask, client: FlaskClient, inbox: _Inbox
) -> None:
    reference, _ = book_one(client)
    found = submit(client, action="find_change", reference=reference, contact="jo@example.org")
    new_id, new_label = found["form"]["fields"][0]["options"][-1]
    moved = submit(
        client, action="change", reference=reference, contact="jo@example.org", slot_id=new_id
    )
    with bookable.app_context():
        new_start = db.session.get(Slot, int(new_id)).starts_at
    assert "has been changed" in moved["text"] and new_label in moved["text"]
    changed_mail = inbox.messages[-1]
    [body] = [p for p in changed_mail.walk() if p.get_content_type() == "text/plain"]
    assert new_label in body.get_payload(decode=True).decode()
    [attachment] = [p for p in changed_mail.walk() if p.get_content_type() == "text/calendar"]
    event = next(iter(Calendar.from_ical(attachment.get_payload(decode=True)).walk("VEVENT")))
    assert event.decoded("dtstart") == new_start


def test_the_calendar_link_does_not_show_the_reference(
    bookable: Flask, client: FlaskClient
) -> None:
    reference, url = book_one(client)
    readable = b"".join(
        base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        for part in url.rsplit("/", 1)[1].removesuffix(".ics").split(".")
    )
    assert reference.encode() not in readable and reference not in url
    assert client.get(url).status_code == 200


def test_the_calendar_link_is_refused_after_cancellation(
    bookable: Flask, client: FlaskClient
) -> None:
    reference, url = book_one(client)
    submit(client, action="cancel", reference=reference, contact="jo@example.org")
    refused = client.get(url)
    assert refused.status_code == 404
    assert "cancelled" in refused.text


def test_the_calendar_link_expires(
    bookable: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    issued = time_module.time() - confirmation.CALENDAR_LINK_LIFETIME.total_seconds() - 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(issued))
    _, url = book_one(client)
    monkeypatch.undo()
    refused = client.get(url)
    assert refused.status_code == 404
    assert "expired" in refused.text


def test_a_calendar_link_in_the_old_unexpiring_form_is_refused(
    bookable: Flask, client: FlaskClient
) -> None:
    reference, _ = book_one(client)
    old = URLSafeSerializer("test-secret", salt="booking-calendar").dumps(reference)
    assert client.get(f"/bookings/calendar/{old}.ics").status_code == 404


def other_free_slots(app: Flask, count: int) -> list[str]:
    """Ids of the next free times of the CAMHS call service."""
    with app.app_context():
        service = db.session.get(AppointmentService, "camhs_duty_call")
        return [str(s.id) for s in records.free_slots(service, datetime.now(UTC), count)]


def test_one_email_or_phone_holds_only_so_many_upcoming_appointments(
    bookable: Flask, client: FlaskClient
) -> None:
    bookable.config.update(BOOKING_LIMIT_PER_CONTACT=2, BOOKING_LIMIT_PER_ADDRESS=100)
    first, second, third, fourth = other_free_slots(bookable, 4)
    for slot_id in (first, second):
        done = submit(
            client, action="book", slot_id=slot_id, name="Jo", email="jo@example.org",
            phone="07700900123", consent="on",
        )  # fmt: skip
        assert "is booked" in done["text"]
    for contact in ({"email": "JO@example.org"}, {"phone": "+44 7700 900123"}):
        refused = submit(client, action="book", slot_id=third, name="Jo", consent="on", **contact)
        assert "email address or phone number" in refused["text"]
        assert "change or cancel" in refused["text"]
    with bookable.app_context():
        assert db.session.scalar(sa.select(sa.func.count(Booking.id))) == 2
    # Another person is not held back by Jo's bookings.
    other = submit(
        client, action="book", slot_id=fourth, name="Al", email="al@example.org", consent="on"
    )
    assert "is booked" in other["text"]


def test_one_internet_address_holds_only_so_many_upcoming_appointments(
    bookable: Flask, client: FlaskClient
) -> None:
    bookable.config.update(BOOKING_LIMIT_PER_CONTACT=5, BOOKING_LIMIT_PER_ADDRESS=2)
    slot_ids = other_free_slots(bookable, 4)
    answers = [
        submit(
            client, action="book", slot_id=slot_id, name=f"P{n}", email=f"p{n}@example.org",
            consent="on",
        )["text"]
        for n, slot_id in enumerate(slot_ids[:3])
    ]  # fmt: skip
    assert ["is booked" in a for a in answers] == [True, True, False]
    assert "internet connection" in answers[2]
    elsewhere = bookable.test_client()
    response = elsewhere.post(
        "/api/v1/bookings",
        json={"action": "book", "slot_id": slot_ids[3], "name": "Q", "email": "q@example.org",
              "consent": "on"},
        environ_base={"REMOTE_ADDR": "192.0.2.7"},
    )  # fmt: skip
    assert "is booked" in response.get_json()["replies"][0]["text"]


def test_a_cancelled_appointment_no_longer_counts_towards_the_limit(
    bookable: Flask, client: FlaskClient
) -> None:
    bookable.config.update(BOOKING_LIMIT_PER_CONTACT=1)
    first, second = other_free_slots(bookable, 2)
    done = submit(
        client, action="book", slot_id=first, name="Jo", email="jo@example.org", consent="on"
    )
    reference = re.search(r"LPT-[A-Z0-9-]{9}", done["text"]).group(0)
    submit(client, action="cancel", reference=reference, contact="jo@example.org")
    again = submit(
        client, action="book", slot_id=second, name="Jo", email="jo@example.org", consent="on"
    )
    assert "is booked" in again["text"]
