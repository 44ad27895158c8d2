"""A conversation can be read or joined only by its own browser: its id is unguessable, kept
in the signed session cookie, and the socket joins that conversation's room and no other,
whatever the client sends."""

from __future__ import annotations

import base64
import hashlib

import sqlalchemy as sa
from flask import Flask
from flask.json.tag import TaggedJSONSerializer
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from tests.support.fakes import FakeBot
from webapp.extensions import db, socketio
from webapp.models import Message
from webapp.models.conversation import new_conversation_id

NS = "/chat"


def browser(app: Flask) -> tuple[FlaskClient, str]:
    """A browser that opened the chat page: its client, and its conversation id."""
    client = app.test_client()
    client.get("/")
    with client.session_transaction() as session:
        return client, str(session["conversation_id"])


def connect(app: Flask, client: FlaskClient):  # type: ignore[no-untyped-def]
    return socketio.test_client(app, namespace=NS, flask_test_client=client)


def received(sio) -> list[tuple[str, dict]]:  # type: ignore[no-untyped-def]
    return [(e["name"], e["args"][0]) for e in sio.get_received(NS)]


def messages_in(app: Flask, conversation_id: str) -> list[str]:
    with app.app_context():
        query = sa.select(Message.text).where(Message.conversation_id == conversation_id)
        return list(db.session.scalars(query.order_by(Message.id)))


def rooms_of(sio) -> set[str]:  # type: ignore[no-untyped-def]
    sid = socketio.server.manager.sid_from_eio_sid(sio.eio_sid, NS)
    return set(socketio.server.rooms(sid, namespace=NS)) - {sid}


def forged_cookie(data: dict[str, str], key: str) -> str:
    """A session cookie as Flask would sign it, but with `key`."""
    serializer = URLSafeTimedSerializer(
        key,
        salt="cookie-session",
        serializer=TaggedJSONSerializer(),
        signer_kwargs={"key_derivation": "hmac", "digest_method": hashlib.sha1},
    )
    return serializer.dumps(data)


def test_conversation_ids_are_128_random_bits() -> None:
    ids = {new_conversation_id() for _ in range(2000)}
    assert len(ids) == 2000
    for conversation_id in list(ids)[:50]:
        assert len(base64.urlsafe_b64decode(conversation_id + "==")) == 16


def test_each_browser_gets_its_own_conversation(app: Flask) -> None:
    (_, first), (_, second) = browser(app), browser(app)
    assert first != second and len(first) >= 22


def test_a_second_browser_never_receives_another_conversations_replies(app: Flask) -> None:
    alice_client, alice_id = browser(app)
    bob_client, bob_id = browser(app)
    alice, bob = connect(app, alice_client), connect(app, bob_client)
    assert rooms_of(alice) == {alice_id} and rooms_of(bob) == {bob_id}

    alice.emit("user_message", {"text": "hello"}, namespace=NS)
    alice.emit("booking", {"action": "find_cancel", "reference": "x", "contact": "y"}, namespace=NS)
    got = received(alice)
    assert [name for name, _ in got] == ["bot_typing", "bot_message"] * 2
    assert {body["conversation_id"] for name, body in got if name == "bot_message"} == {alice_id}
    assert received(bob) == []

    bob.emit("user_message", {"text": "hello"}, namespace=NS)
    assert [body["conversation_id"] for name, body in received(bob) if name == "bot_message"] == [
        bob_id
    ]
    assert received(alice) == []


def test_a_second_socket_of_the_same_browser_shares_its_conversation(app: Flask) -> None:
    client, conversation_id = browser(app)
    tab_one, tab_two = connect(app, client), connect(app, client)
    tab_one.emit("user_message", {"text": "hello"}, namespace=NS)
    assert [name for name, _ in received(tab_two)] == ["bot_typing", "bot_message"]
    assert rooms_of(tab_two) == {conversation_id}


def test_the_socket_ignores_a_conversation_id_sent_by_the_client(
    app: Flask, fake_bot: FakeBot
) -> None:
    alice_client, alice_id = browser(app)
    alice = connect(app, alice_client)
    alice.emit("user_message", {"text": "hello"}, namespace=NS)
    received(alice)
    bob_client, bob_id = browser(app)
    bob = connect(app, bob_client)

    bob.emit("user_message", {"text": "hello", "conversation_id": alice_id}, namespace=NS)
    bob.emit(
        "booking",
        {"action": "find_cancel", "reference": "x", "contact": "y", "conversation_id": alice_id},
        namespace=NS,
    )
    answers = [body for name, body in received(bob) if name == "bot_message"]
    assert [a["conversation_id"] for a in answers] == [bob_id, bob_id]
    assert received(alice) == []
    alice_messages = messages_in(app, alice_id)
    assert len(alice_messages) == 2 and alice_messages[0] == "hello"  # her turn alone
    assert len(messages_in(app, bob_id)) == 2
    assert {sender for sender, _ in fake_bot.sent} == {alice_id, bob_id}
    assert rooms_of(bob) == {bob_id}


def test_a_socket_with_no_session_gets_a_fresh_conversation(app: Flask) -> None:
    _, alice_id = browser(app)
    stranger = socketio.test_client(app, namespace=NS)  # no cookie at all
    stranger.emit("user_message", {"text": "hello"}, namespace=NS)
    (answer,) = [body for name, body in received(stranger) if name == "bot_message"]
    assert answer["conversation_id"] != alice_id
    assert rooms_of(stranger) == {answer["conversation_id"]}


def test_a_forged_or_unsigned_session_cookie_gets_a_fresh_conversation(app: Flask) -> None:
    alice_client, alice_id = browser(app)
    connect(app, alice_client).emit("user_message", {"text": "my secret worry"}, namespace=NS)
    payload = base64.urlsafe_b64encode(f'{{"conversation_id":"{alice_id}"}}'.encode()).decode()
    for cookie in (
        forged_cookie({"conversation_id": alice_id}, "not-the-secret-key"),
        payload.rstrip("="),  # no signature at all
        payload.rstrip("=") + ".AAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAA",  # a made-up signature
    ):
        mallory = FlaskClient(app, use_cookies=True)
        mallory.set_cookie("session", cookie)
        page = mallory.get("/").text
        assert "my secret worry" not in page
        sio = connect(app, mallory)
        assert alice_id not in rooms_of(sio)
        sio.emit("user_message", {"text": "hello"}, namespace=NS)
        (answer,) = [body for name, body in received(sio) if name == "bot_message"]
        assert answer["conversation_id"] != alice_id
    assert messages_in(app, alice_id)[0] == "my secret worry"
    assert len(messages_in(app, alice_id)) == 2  # nothing added to Alice's conversation


def test_the_same_cookie_signed_with_the_real_key_does_join(app: Flask) -> None:
    """The control for the test above: it is the signature, not the shape, that is refused."""
    _, alice_id = browser(app)
    genuine = FlaskClient(app, use_cookies=True)
    genuine.set_cookie("session", forged_cookie({"conversation_id": alice_id}, "test-secret"))
    assert rooms_of(connect(app, genuine)) == {alice_id}


def test_the_page_shows_only_this_browsers_conversation(app: Flask) -> None:
    alice_client, _ = browser(app)
    bob_client, _ = browser(app)
    connect(app, alice_client).emit("user_message", {"text": "alice was here"}, namespace=NS)
    assert "alice was here" in alice_client.get("/").text
    assert "alice was here" not in bob_client.get("/").text
