"""Rate limits per client address: the API's messages and bookings, the same events over the
socket, the no-script chat form, and staff sign-in (on top of the account lock-out). Small
limits here prove they bite; RATELIMIT_ENABLED off turns every one of them off."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from socketio.packet import CONNECT_ERROR

from tests.support.fakes import FakeBot
from tests.support.staff import EDITOR, PASSWORD, make_user, sign_in
from webapp import create_app
from webapp.extensions import db, socketio
from webapp.guides import store as guide_store
from webapp.models import Message

LIMIT = 3
GUIDES = Path(__file__).parent / "guide_files"
BOOKING = {"action": "find_cancel", "reference": "LPT-AAAA-BBBB", "contact": "a@example.org"}


@pytest.fixture
def limited(tmp_path: Path, fake_bot: FakeBot) -> Flask:
    """An app allowing each client 3 messages a minute and 2 sign-in attempts."""
    return make_app(tmp_path, fake_bot)


def make_app(tmp_path: Path, fake_bot: FakeBot, **config: Any) -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'limits.sqlite3'}",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_MESSAGES": f"{LIMIT} per minute; 100 per hour",
            "RATELIMIT_STAFF_LOGIN": "2 per minute",
            **config,
        }
    )
    app.extensions["bot_client"] = fake_bot
    with app.app_context():
        db.create_all()
    return app


def from_address(app: Flask, address: str) -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def user_messages(app: Flask) -> int:
    with app.app_context():
        query = sa.select(sa.func.count()).select_from(Message).where(Message.sender == "user")
        return db.session.scalar(query) or 0


def connect(app: Flask, client: FlaskClient):  # type: ignore[no-untyped-def]
    client.get("/")
    return socketio.test_client(app, namespace="/chat", flask_test_client=client)


def names(sio) -> list[str]:  # type: ignore[no-untyped-def]
    return [e["name"] for e in sio.get_received("/chat")]


# --- The API ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "body"),
    [("/api/v1/messages", {"text": "hello"}), ("/api/v1/bookings", BOOKING)],
    ids=["messages", "bookings"],
)
def test_the_api_answers_429_in_its_error_shape_past_the_limit(
    limited: Flask, url: str, body: dict[str, str]
) -> None:
    client = limited.test_client()
    for _ in range(LIMIT):
        assert client.post(url, json=body).status_code == 200
    refused = client.post(url, json=body)
    assert refused.status_code == 429
    error = refused.get_json()["error"]
    assert error["code"] == "rate_limited" and "wait" in error["message"]
    assert set(refused.get_json()) == {"error"} and set(error) == {"code", "message"}
    assert int(refused.headers["Retry-After"]) > 0


def test_a_refused_message_is_not_stored_or_sent_to_the_bot(
    limited: Flask, fake_bot: FakeBot
) -> None:
    client = limited.test_client()
    for _ in range(LIMIT + 2):
        client.post("/api/v1/messages", json={"text": "hello"})
    assert user_messages(limited) == LIMIT and len(fake_bot.sent) == LIMIT


def test_each_client_address_has_its_own_allowance(limited: Flask) -> None:
    first, second = from_address(limited, "10.0.0.1"), from_address(limited, "10.0.0.2")
    for _ in range(LIMIT):
        first.post("/api/v1/messages", json={"text": "hello"})
    assert first.post("/api/v1/messages", json={"text": "hello"}).status_code == 429
    assert second.post("/api/v1/messages", json={"text": "hello"}).status_code == 200


def test_reading_is_not_limited(limited: Flask) -> None:
    client = limited.test_client()
    for _ in range(LIMIT + 1):
        client.post("/api/v1/messages", json={"text": "hello"})
    assert client.get("/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_a_forwarded_for_header_is_ignored_unless_a_proxy_is_trusted(
    tmp_path: Path, fake_bot: FakeBot
) -> None:
    direct = make_app(tmp_path, fake_bot).test_client()
    for n in range(LIMIT):
        direct.post(
            "/api/v1/messages", json={"text": "hi"}, headers={"X-Forwarded-For": f"1.1.1.{n}"}
        )
    spoofed = {"X-Forwarded-For": "9.9.9.9"}
    assert direct.post("/api/v1/messages", json={"text": "hi"}, headers=spoofed).status_code == 429

    proxied = make_app(tmp_path, fake_bot, TRUSTED_PROXIES=1).test_client()
    for n in range(LIMIT + 2):  # one proxy, many people behind it
        response = proxied.post(
            "/api/v1/messages", json={"text": "hi"}, headers={"X-Forwarded-For": f"1.1.1.{n}"}
        )
        assert response.status_code == 200


# --- The socket ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "data"),
    [("user_message", {"text": "hello"}), ("booking", {**BOOKING, "locale": "en"})],
)
def test_socket_events_past_the_limit_get_bad_input_and_are_dropped(
    limited: Flask, fake_bot: FakeBot, event: str, data: dict[str, str]
) -> None:
    sio = connect(limited, limited.test_client())
    for _ in range(LIMIT):
        sio.emit(event, data, namespace="/chat")
        assert names(sio) == ["bot_typing", "bot_message"]
    sio.emit(event, data, namespace="/chat")
    (refused,) = sio.get_received("/chat")
    assert refused["name"] == "bad_input"
    assert refused["args"][0]["error"]["code"] == "rate_limited"
    assert "wait" in refused["args"][0]["error"]["message"]
    assert user_messages(limited) == (LIMIT if event == "user_message" else 0)
    assert len(fake_bot.sent) == (LIMIT if event == "user_message" else 0)


def test_the_socket_counts_per_client_address(limited: Flask) -> None:
    first = connect(limited, from_address(limited, "10.0.0.1"))
    second = connect(limited, from_address(limited, "10.0.0.2"))
    for _ in range(LIMIT + 1):
        first.emit("user_message", {"text": "hello"}, namespace="/chat")
    assert names(first)[-1] == "bad_input"
    second.emit("user_message", {"text": "hello"}, namespace="/chat")
    assert names(second) == ["bot_typing", "bot_message"]


def test_the_socket_counts_in_the_limiters_own_storage(limited: Flask) -> None:
    from webapp.extensions import limiter

    sio = connect(limited, limited.test_client())
    for _ in range(LIMIT + 1):
        sio.emit("user_message", {"text": "hello"}, namespace="/chat")
    assert names(sio)[-1] == "bad_input"
    limiter.reset()  # clears the storage the HTTP limits count in: the socket's count too
    sio.emit("user_message", {"text": "hello"}, namespace="/chat")
    assert names(sio) == ["bot_typing", "bot_message"]


def test_socket_connections_past_the_cap_are_refused_and_told_why(
    tmp_path: Path, fake_bot: FakeBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(tmp_path, fake_bot, SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS=2)
    client = from_address(app, "10.0.0.1")
    opened = [connect(app, client), connect(app, client)]
    assert all(sio.is_connected("/chat") for sio in opened)
    polish = from_address(app, "10.0.0.1")  # another browser at the same address
    with polish.session_transaction() as session:
        session["locale"] = "pl"
    over = connect(app, polish)
    assert not over.is_connected("/chat")
    refusals = []  # what the browser's connect_error handler is given
    send = socketio.server._send_packet

    def spy(eio_sid: str, pkt: Any) -> None:
        if pkt.packet_type == CONNECT_ERROR:
            refusals.append(pkt.data)
        send(eio_sid, pkt)

    monkeypatch.setattr(socketio.server, "_send_packet", spy)
    over.connect(namespace="/chat")
    assert not over.is_connected("/chat")
    (refusal,) = refusals
    assert "zbyt wiele czatów" in refusal["message"] and "111" in refusal["message"]
    other = connect(app, from_address(app, "10.0.0.2"))  # another address has its own
    assert other.is_connected("/chat")


def test_a_closed_socket_connection_frees_its_place(tmp_path: Path, fake_bot: FakeBot) -> None:
    app = make_app(tmp_path, fake_bot, SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS=2)
    client = from_address(app, "10.0.0.1")
    opened = [connect(app, client), connect(app, client)]
    assert not connect(app, client).is_connected("/chat")
    opened[0].disconnect(namespace="/chat")
    again = connect(app, client)
    assert again.is_connected("/chat")
    again.emit("user_message", {"text": "hello"}, namespace="/chat")
    assert names(again) == ["bot_typing", "bot_message"]
    assert not connect(app, client).is_connected("/chat")


def test_engine_io_connections_that_never_join_the_chat_are_capped_too(
    tmp_path: Path, fake_bot: FakeBot
) -> None:
    """A client can hold WebSockets open without ever connecting to /chat."""
    app = make_app(tmp_path, fake_bot, SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS=2)
    client = from_address(app, "10.0.0.1")
    handshakes = [client.get("/socket.io/?EIO=4&transport=polling") for _ in range(4)]
    assert [h.status_code for h in handshakes] == [200, 200, 200, 200]
    refused = client.get("/socket.io/?EIO=4&transport=polling")
    assert refused.status_code == 401 and "Too many chats" in refused.text
    elsewhere = from_address(app, "10.0.0.2")
    assert elsewhere.get("/socket.io/?EIO=4&transport=polling").status_code == 200
    sid = json.loads(handshakes[0].data[1:])["sid"]
    client.post(f"/socket.io/?EIO=4&transport=polling&sid={sid}", data="1")  # close
    assert client.get("/socket.io/?EIO=4&transport=polling").status_code == 200


def test_ratelimit_enabled_off_lifts_the_socket_connection_cap(
    tmp_path: Path, fake_bot: FakeBot
) -> None:
    app = make_app(
        tmp_path, fake_bot, RATELIMIT_ENABLED=False, SOCKETIO_MAX_CONNECTIONS_PER_ADDRESS=1
    )
    client = app.test_client()
    assert all(connect(app, client).is_connected("/chat") for _ in range(3))
    assert all(
        client.get("/socket.io/?EIO=4&transport=polling").status_code == 200 for _ in range(5)
    )


# --- Leaflets -----------------------------------------------------------------------------


def test_leaflets_past_the_limit_answer_429_with_a_plain_page(
    tmp_path: Path, fake_bot: FakeBot
) -> None:
    app = make_app(tmp_path, fake_bot, RATELIMIT_LEAFLETS="2 per minute")
    with app.app_context():
        assert guide_store.import_guides(GUIDES).created == 1
    client = app.test_client()
    for _ in range(2):
        assert client.get("/help/test-guide.pdf").mimetype == "application/pdf"
    refused = client.get("/help/test-guide.pdf")
    assert refused.status_code == 429 and refused.mimetype == "text/html"
    assert "Too many leaflets" in refused.text and "wait a minute" in refused.text
    assert int(refused.headers["Retry-After"]) > 0
    assert client.get("/help/test-guide").status_code == 200  # the page itself still shows
    assert from_address(app, "10.0.0.2").get("/help/test-guide.pdf").status_code == 200


# --- The chat page's form, and staff sign-in ----------------------------------------------


def test_the_no_script_chat_form_shares_the_messages_limit(limited: Flask) -> None:
    client = limited.test_client()
    client.get("/")
    for _ in range(LIMIT):
        assert client.post("/chat/send", data={"text": "hello"}).status_code == 302
    refused = client.post("/chat/send", data={"text": "hello"})
    assert refused.status_code == 429
    assert "Please wait a minute" in refused.text and refused.mimetype == "text/html"
    assert client.get("/").status_code == 200


def test_staff_sign_in_attempts_are_limited_even_with_the_right_password(
    limited: Flask,
) -> None:
    make_user(limited, EDITOR)
    client = limited.test_client()
    assert sign_in(client, EDITOR, "wrong password one").status_code == 200
    assert sign_in(client, "someone@nhs.net", "wrong password two").status_code == 200
    refused = sign_in(client, EDITOR, PASSWORD)
    assert refused.status_code == 429 and "Please wait a minute" in refused.text
    assert client.get("/staff/").status_code == 302  # not signed in
    assert client.get("/staff/login").status_code == 200  # the page itself still shows
    other = from_address(limited, "10.0.0.9")
    assert sign_in(other, EDITOR, PASSWORD).status_code == 302  # another address signs in


# --- Off ----------------------------------------------------------------------------------


def test_ratelimit_enabled_off_turns_every_limit_off(tmp_path: Path, fake_bot: FakeBot) -> None:
    app = make_app(tmp_path, fake_bot, RATELIMIT_ENABLED=False)
    client = app.test_client()
    for _ in range(LIMIT * 3):
        assert client.post("/api/v1/messages", json={"text": "hello"}).status_code == 200
        assert client.post("/api/v1/bookings", json=BOOKING).status_code == 200
        assert client.post("/chat/send", data={"text": "hello"}).status_code == 302
    sio = connect(app, client)
    for _ in range(LIMIT * 3):
        sio.emit("user_message", {"text": "hello"}, namespace="/chat")
        assert names(sio) == ["bot_typing", "bot_message"]
    make_user(app, EDITOR)
    for _ in range(4):
        assert sign_in(client, EDITOR, "wrong password").status_code == 200
    assert sign_in(client, EDITOR, PASSWORD).status_code == 302
