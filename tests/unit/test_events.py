"""The /chat Socket.IO namespace: typing, then the reply; bad input gets a clear answer."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from tests.support.fakes import FakeBot
from webapp.extensions import socketio


def connect(app: Flask, client: FlaskClient):  # type: ignore[no-untyped-def]
    client.get("/")  # the page gives the browser its conversation id
    return socketio.test_client(app, namespace="/chat", flask_test_client=client)


def events(sio) -> list[tuple[str, dict]]:  # type: ignore[no-untyped-def]
    return [(e["name"], e["args"][0]) for e in sio.get_received("/chat")]


def test_a_message_gets_typing_then_the_reply(app: Flask, client: FlaskClient) -> None:
    sio = connect(app, client)
    sio.emit("user_message", {"text": "hello", "locale": "en"}, namespace="/chat")
    received = events(sio)
    assert [name for name, _ in received] == ["bot_typing", "bot_message"]
    reply = received[1][1]
    assert reply["topic"] == "greeting" and reply["crisis"] is False
    assert reply["replies"][0]["text"] in reply["html"]


def test_socket_and_page_share_one_conversation(app: Flask, client: FlaskClient) -> None:
    sio = connect(app, client)
    sio.emit("user_message", {"text": "hello"}, namespace="/chat")
    conversation_id = events(sio)[1][1]["conversation_id"]
    with client.session_transaction() as session:
        assert session["conversation_id"] == conversation_id
    assert "What would you like help with today?" in client.get("/").get_data(as_text=True)


def test_a_crisis_over_the_socket_gets_the_crisis_reply(
    app: Flask, client: FlaskClient, fake_bot: FakeBot
) -> None:
    fake_bot.down = True
    sio = connect(app, client)
    sio.emit("user_message", {"text": "im going to kms"}, namespace="/chat")
    reply = events(sio)[-1][1]
    assert reply["crisis"] is True and "116 123" in reply["replies"][0]["text"]


def test_bad_input_over_the_socket_gets_bad_input_back(app: Flask, client: FlaskClient) -> None:
    sio = connect(app, client)
    for bad in [
        {"text": ""},
        {"text": 5},
        {},
        "just a string",
        {"text": "x" * 10_000},
        {"text": "hi", "locale": "zz"},
    ]:
        sio.emit("user_message", bad, namespace="/chat")
        received = events(sio)
        assert [name for name, _ in received] == ["bad_input"], bad
        assert received[0][1]["error"]["code"]


def test_the_conversation_id_cannot_be_chosen_by_the_client(
    app: Flask, client: FlaskClient
) -> None:
    sio = connect(app, client)
    sio.emit(
        "user_message",
        {"text": "hello", "conversation_id": "someone-elses-chat"},
        namespace="/chat",
    )
    assert events(sio)[1][1]["conversation_id"] != "someone-elses-chat"


def test_a_message_sent_again_after_a_reconnect_is_answered_once(
    app: Flask, client: FlaskClient, fake_bot: FakeBot
) -> None:
    sio = connect(app, client)
    message = {"text": "hello", "locale": "en", "client_id": "a1b2c3d4-0001"}
    first = sio.emit("user_message", message, namespace="/chat", callback=True)
    assert first == {"received": True}
    received = events(sio)
    assert [name for name, _ in received] == ["bot_typing", "bot_message"]
    answer = received[1][1]
    assert answer["client_id"] == message["client_id"]

    sio.disconnect(namespace="/chat")
    sio = connect(app, client)
    again = sio.emit("user_message", message, namespace="/chat", callback=True)
    assert again == {"received": True}
    # Not asked or stored again; the stored answer comes back to this page alone, marked
    # with the message's id, for a page that was away when it was first sent.
    resent = events(sio)
    assert [name for name, _ in resent] == ["bot_message"]
    assert resent[0][1]["client_id"] == message["client_id"]
    assert resent[0][1]["html"] == answer["html"]
    assert len(fake_bot.sent) == 1
    page = client.get("/").get_data(as_text=True)
    assert page.count('<p class="chat-text">hello</p>') == 1


def test_a_new_message_id_is_a_new_message(app: Flask, client: FlaskClient) -> None:
    sio = connect(app, client)
    for client_id in ("first-message-1", "second-message-2"):
        message = {"text": "hello", "client_id": client_id}
        sio.emit("user_message", message, namespace="/chat")
        assert [name for name, _ in events(sio)] == ["bot_typing", "bot_message"]


def test_a_malformed_message_id_gets_bad_input(app: Flask, client: FlaskClient) -> None:
    sio = connect(app, client)
    for bad in ("short", "x" * 65, "<script>", 42):
        sio.emit("user_message", {"text": "hi", "client_id": bad}, namespace="/chat")
        received = events(sio)
        assert [name for name, _ in received] == ["bad_input"], bad
        assert received[0][1]["error"]["code"] == "invalid_client_id"
