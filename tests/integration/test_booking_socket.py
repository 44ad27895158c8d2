"""Booking a virtual appointment through the real assistant over Socket.IO: ask, choose a
service and a time, give details, get a reference; then change it and cancel it."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
import socketio

from tests.support.sockets import send


@pytest.fixture
def sio(web_url: str) -> Iterator[socketio.SimpleClient]:
    client = socketio.SimpleClient()
    client.connect(web_url, namespace="/chat", transports=["websocket"])
    yield client
    client.disconnect()


def submit(sio: socketio.SimpleClient, **fields: str) -> dict:
    """Emit a booking form and return the answering bot_message."""
    sio.emit("booking", {"locale": "en", "timezone": "Europe/London", **fields})
    while True:
        name, payload = sio.receive(timeout=30)
        if name in ("bot_message", "bad_input", "server_error"):
            assert name == "bot_message", payload
            return payload["replies"][0]


def test_book_change_and_cancel_through_the_assistant(sio: socketio.SimpleClient) -> None:
    started = time.perf_counter()
    asked = send(sio, text="i'd like to book a phone appointment please", locale="en")[-1][1]
    assert asked["topic"] == "booking"
    services = asked["replies"][0]["buttons"]
    camhs = next(b for b in services if b["payload"] == "/book_service_camhs_duty_call")

    times = send(sio, text=camhs["title"], payload=camhs["payload"])[-1][1]
    first = times["replies"][0]["buttons"][0]
    assert re.match(r"^/book_slot_\d+$", first["payload"])

    form = send(sio, text=first["title"], payload=first["payload"])[-1][1]["replies"][0]["form"]
    slot_id = dict(form["hidden"])["slot_id"]
    done = submit(
        sio,
        action="book",
        slot_id=slot_id,
        name="Test Person",
        email="test.person@example.org",
        age="15",
        consent="on",
    )
    reference = re.search(r"LPT-[A-Z0-9]{4}-[A-Z0-9]{4}", done["text"]).group(0)
    booked_in = time.perf_counter() - started
    print(f"\nend-to-end booking through the assistant: {booked_in:.2f} s")
    assert "parent or carer" in done["text"]
    assert done["links"][0]["url"].endswith(".ics")

    ask = send(sio, text="i need to move my appointment to another day")[-1][1]
    assert ask["topic"] == "booking" and ask["replies"][0]["form"]["action"] == "find_change"
    found = submit(
        sio, action="find_change", reference=reference, contact="test.person@example.org"
    )
    new_slot = found["form"]["fields"][0]["options"][1][0]
    moved = submit(
        sio,
        action="change",
        reference=reference,
        contact="test.person@example.org",
        slot_id=new_slot,
    )
    assert "has been changed" in moved["text"]

    ask = send(sio, text="please cancel my appointment")[-1][1]
    assert ask["replies"][0]["form"]["action"] == "find_cancel"
    confirm = submit(
        sio, action="find_cancel", reference=reference, contact="test.person@example.org"
    )
    cancelled = submit(sio, action="cancel", reference=reference, contact="test.person@example.org")
    assert confirm["form"]["action"] == "cancel" and "is cancelled" in cancelled["text"]
