"""The duty inbox: a duty worker sees their own team's waiting chats (risk first, with wait
and language), takes one (a second worker is told who has it), replies in real time (the
person sees their first name and role), hands it back to the assistant or closes it with a
note. Each step is an event with its time; staff messages are stored with who sent them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.support.duty import (
    ASK,
    TUESDAY_MORNING,
    add_team,
    handoff_states,
    only_handoff_id,
    say,
    worker,
)
from tests.support.fakes import FakeBot
from tests.support.staff import EDITOR, make_user, sign_in
from webapp.extensions import db, socketio
from webapp.models import Handoff, HandoffEvent, Message, StaffUser

SAM = "sam.nurse@nhs.net"
ALEX = "alex.duty@nhs.net"


@pytest.fixture
def sockets(app: Flask) -> Iterator[Callable[[FlaskClient, str], Any]]:
    """Open Socket.IO clients on a page's client, each closed after the test (the server
    counts open connections per address)."""
    opened: list[tuple[Any, str]] = []

    def open_socket(page: FlaskClient, namespace: str) -> Any:
        sio = socketio.test_client(app, namespace=namespace, flask_test_client=page)
        opened.append((sio, namespace))
        return sio

    yield open_socket
    for sio, namespace in opened:
        if sio.is_connected(namespace):
            sio.disconnect(namespace=namespace)


@pytest.fixture
def waiting(
    client: FlaskClient,
    duty_team: str,
    at: Callable[[datetime], None],
    sockets: Callable[[FlaskClient, str], Any],
) -> Any:
    """A person whose chat waits for the CAMHS duty team, on a Tuesday morning."""
    at(TUESDAY_MORNING)
    client.get("/")
    person = sockets(client, "/chat")
    say(person, "hello")
    say(person, "czy mogę porozmawiać z człowiekiem", locale="pl")
    return person


@pytest.fixture
def sam(app: Flask, duty_team: str) -> FlaskClient:
    return worker(app, SAM, duty_team, "Sam Patel", "School nurse")


@pytest.fixture
def alex(app: Flask, duty_team: str) -> FlaskClient:
    return worker(app, ALEX, duty_team, "Alex Jones", "Duty worker")


def received(sio: Any, namespace: str, name: str) -> list[dict]:
    return [e["args"][0] for e in sio.get_received(namespace) if e["name"] == name]


def test_the_inbox_lists_waiting_chats_with_wait_and_language(
    app: Flask, waiting: Any, sam: FlaskClient, at: Callable[[datetime], None]
) -> None:
    at(TUESDAY_MORNING + timedelta(minutes=7))
    page = sam.get("/staff/inbox").get_data(as_text=True)
    assert "7 min" in page and "Polish" in page and "Waiting" in page
    chat_page = sam.get(f"/staff/inbox/{only_handoff_id(app)}").get_data(as_text=True)
    assert "hello" in chat_page and "z człowiekiem" in chat_page  # the transcript so far
    assert "Take this chat" in chat_page


def test_a_duty_worker_signs_in_to_their_inbox(app: Flask, duty_team: str) -> None:
    staff = worker(app, SAM, duty_team, "Sam Patel", "School nurse")
    staff.get("/staff/logout")
    make_user(app, SAM, "duty")
    answer = sign_in(staff, SAM)
    assert answer.headers["Location"].endswith("/staff/inbox")


def test_a_chat_with_a_risk_message_comes_first_and_is_flagged(
    app: Flask, waiting: Any, sam: FlaskClient, sockets: Any
) -> None:
    other_page = app.test_client()
    other_page.get("/")
    other = sockets(other_page, "/chat")
    say(other, ASK)
    say(other, "im going to kms")
    page = sam.get("/staff/inbox").get_data(as_text=True)
    risk, calm = page.index("inbox-row--risk"), page.index("Chat 1<")
    assert risk < calm
    with app.app_context():
        assert [h.crisis for h in db.session.scalars(sa.select(Handoff).order_by(Handoff.id))] == [
            False,
            True,
        ]


def test_taking_a_chat_tells_the_person_who_joined_in_their_language(
    app: Flask, waiting: Any, sam: FlaskClient
) -> None:
    handoff_id = only_handoff_id(app)
    assert sam.post(f"/staff/inbox/{handoff_id}/take").status_code == 302
    joined = [e["args"][0] for e in waiting.get_received("/chat") if e["name"] == "bot_message"]
    assert "Sam, School nurse, dołączył(a) do czatu." in joined[0]["replies"][0]["text"]
    assert handoff_states(app) == [("camhs-duty", "taken", False)]


def test_a_second_worker_is_told_the_chat_is_already_taken_and_by_whom(
    app: Flask, waiting: Any, sam: FlaskClient, alex: FlaskClient
) -> None:
    handoff_id = only_handoff_id(app)
    sam.post(f"/staff/inbox/{handoff_id}/take")
    second = alex.post(f"/staff/inbox/{handoff_id}/take")
    assert second.status_code == 409
    assert "already taken by Sam Patel" in second.get_data(as_text=True)
    assert alex.post(f"/staff/inbox/{handoff_id}/reply", data={"text": "hi"}).status_code == 409
    with app.app_context():
        takes = db.session.scalars(sa.select(HandoffEvent).where(HandoffEvent.kind == "taken"))
        assert len(list(takes)) == 1


def test_replies_go_both_ways_in_real_time(
    app: Flask, waiting: Any, sam: FlaskClient, fake_bot: FakeBot, sockets: Any
) -> None:
    handoff_id = only_handoff_id(app)
    sam.post(f"/staff/inbox/{handoff_id}/take")
    staff_sio = sockets(sam, "/duty")
    assert staff_sio.emit("watch", {"handoff_id": handoff_id}, namespace="/duty", callback=True)
    waiting.get_received("/chat")

    ack = staff_sio.emit(
        "staff_reply", {"handoff_id": handoff_id, "text": "Hi, I'm here. <b>How</b> are you?"},
        namespace="/duty", callback=True,
    )  # fmt: skip
    assert ack == {"ok": True}
    to_person = [
        e["args"][0] for e in waiting.get_received("/chat") if e["name"] == "staff_message"
    ]
    assert to_person[0]["name"] == "Sam" and to_person[0]["role"] == "School nurse"
    assert "&lt;b&gt;How&lt;/b&gt;" in to_person[0]["html"]  # escaped, never read as HTML

    sent_before = list(fake_bot.sent)
    assert say(waiting, "not great, can we talk") == []  # no reply from the assistant
    assert fake_bot.sent == sent_before
    updates = received(staff_sio, "/duty", "chat_update")
    assert any("not great, can we talk" in u["html"] for u in updates)
    with app.app_context():
        staff_message = db.session.scalar(sa.select(Message).where(Message.sender == "staff"))
        assert staff_message is not None
        sam_id = db.session.scalar(sa.select(StaffUser.id).where(StaffUser.email == SAM))
        assert staff_message.staff_user_id == sam_id


def test_a_risk_message_while_a_worker_has_the_chat_is_flagged_and_the_person_gets_the_numbers(
    app: Flask, waiting: Any, sam: FlaskClient, sockets: Any
) -> None:
    handoff_id = only_handoff_id(app)
    sam.post(f"/staff/inbox/{handoff_id}/take")
    staff_sio = sockets(sam, "/duty")
    staff_sio.emit("watch", {"handoff_id": handoff_id}, namespace="/duty", callback=True)
    crisis = say(waiting, "im going to kms")[-1]
    assert crisis["crisis"] is True and "116 123" in crisis["replies"][0]["text"]
    update = received(staff_sio, "/duty", "chat_update")[-1]
    assert update["crisis"] is True and "inbox-message--risk" in update["html"]
    assert "inbox-row--risk" in sam.get("/staff/inbox").get_data(as_text=True)


def test_handing_back_lets_the_assistant_answer_again(
    app: Flask, waiting: Any, sam: FlaskClient
) -> None:
    handoff_id = only_handoff_id(app)
    sam.post(f"/staff/inbox/{handoff_id}/take")
    assert sam.post(f"/staff/inbox/{handoff_id}/hand-back").status_code == 302
    notes = [e["args"][0] for e in waiting.get_received("/chat") if e["name"] == "bot_message"]
    assert "Sam" in notes[-1]["replies"][0]["text"]
    assert say(waiting, "hello")[0]["topic"] == "greeting"
    assert handoff_states(app) == [("camhs-duty", "handed_back", False)]


def test_closing_keeps_the_note_and_every_step_is_an_event_with_its_time(
    app: Flask, waiting: Any, sam: FlaskClient
) -> None:
    handoff_id = only_handoff_id(app)
    sam.post(f"/staff/inbox/{handoff_id}/take")
    sam.post(f"/staff/inbox/{handoff_id}/reply", data={"text": "Take care."})
    sam.post(f"/staff/inbox/{handoff_id}/close", data={"note": "Signposted to the CAP."})
    with app.app_context():
        handoff = db.session.get(Handoff, handoff_id)
        assert handoff is not None
        assert (handoff.state, handoff.note) == ("closed", "Signposted to the CAP.")
        assert [(e.kind, e.at is not None) for e in handoff.events] == [
            ("asked", True), ("taken", True), ("closed", True),
        ]  # fmt: skip
    assert "Take this chat" not in sam.get(f"/staff/inbox/{handoff_id}").get_data(as_text=True)


def test_a_worker_sees_only_their_own_teams_chats(
    app: Flask, waiting: Any, duty_team: str, sockets: Any
) -> None:
    add_team(app, "nursing", topics=())
    other = worker(app, "olu.nurse@nhs.net", "nursing", "Olu Ade", "Health visitor")
    handoff_id = only_handoff_id(app)
    assert "Chat 1" not in other.get("/staff/inbox").get_data(as_text=True)
    assert other.get(f"/staff/inbox/{handoff_id}").status_code == 404
    assert other.post(f"/staff/inbox/{handoff_id}/take").status_code == 404
    sio = sockets(other, "/duty")
    assert sio.emit("watch", {"handoff_id": handoff_id}, namespace="/duty", callback=True) == {
        "ok": False
    }


def test_other_roles_cannot_open_the_inbox_or_its_socket(
    app: Flask, client: FlaskClient, sockets: Any
) -> None:
    make_user(app, EDITOR, "editor")
    sign_in(client, EDITOR)
    assert client.get("/staff/inbox").status_code == 403
    sio = sockets(client, "/duty")
    assert not sio.is_connected("/duty")


def test_hostile_text_in_the_reply_box_is_stored_as_text_and_shown_escaped(
    app: Flask, waiting: Any, sam: FlaskClient, client: FlaskClient
) -> None:
    handoff_id = only_handoff_id(app)
    sam.post(f"/staff/inbox/{handoff_id}/take")
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    sam.post(f"/staff/inbox/{handoff_id}/reply", data={"text": hostile})
    page = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page
    too_long = sam.post(f"/staff/inbox/{handoff_id}/reply", data={"text": "x" * 5000})
    assert too_long.status_code == 400


def test_a_message_through_the_api_or_the_page_without_script_reaches_the_worker_too(
    app: Flask,
    client: FlaskClient,
    duty_team: str,
    sockets: Any,
    at: Callable[[datetime], None],
) -> None:
    at(TUESDAY_MORNING)
    sam = worker(app, SAM, duty_team, "Sam Patel", "School nurse")
    asked = client.post("/api/v1/messages", json={"text": ASK})
    conversation_id = asked.get_json()["conversation_id"]
    assert "up to 20 minutes" in asked.get_json()["replies"][0]["text"]
    handoff_id = only_handoff_id(app)
    sam.post(f"/staff/inbox/{handoff_id}/take")
    staff_sio = sockets(sam, "/duty")
    staff_sio.emit("watch", {"handoff_id": handoff_id}, namespace="/duty", callback=True)
    quiet = client.post(
        "/api/v1/messages", json={"conversation_id": conversation_id, "text": "are you there"}
    )
    assert quiet.get_json()["replies"] == []
    updates = received(staff_sio, "/duty", "chat_update")
    assert any("are you there" in u["html"] for u in updates)
