"""The bot client: how it talks to Rasa's REST channel, and what counts as no answer.

A small local HTTP server stands in for Rasa here; the real server is used by the
integration tests (tests/integration)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from flask import Flask

from webapp.services.bot_client import BotClient, BotReply, BotUnavailable, rendezvous_order

GREETING = [{"recipient_id": "c1", "custom": {"key": "greeting", "topic": "greet"}}]


class FakeRasa(ThreadingHTTPServer):
    """Answers every POST with `answer` (status, body), and GET /status with a model loaded;
    counts the connections made and keeps each GET's path."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answer: tuple[int, bytes] = (200, json.dumps(GREETING).encode())
        self.connections = 0
        self.bodies: list[Any] = []
        self.paths: list[str] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as Rasa's server does
    server: FakeRasa

    def setup(self) -> None:
        super().setup()
        self.server.connections += 1

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        length = int(self.headers["Content-Length"])
        self.server.bodies.append(json.loads(self.rfile.read(length)))
        self._send(*self.server.answer)

    def do_GET(self) -> None:  # noqa: N802
        self.server.paths.append(self.path)
        self._send(200, b'{"model_file": "20260101-000000.tar.gz"}')

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serving() -> Iterator[FakeRasa]:
    server = FakeRasa()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def rasa() -> Iterator[FakeRasa]:
    with serving() as server:
        yield server


@pytest.fixture
def three_rasa() -> Iterator[list[FakeRasa]]:
    with serving() as a, serving() as b, serving() as c:
        yield [a, b, c]


def senders_on(servers: list[FakeRasa]) -> list[set[str]]:
    """Which conversations each server was sent."""
    return [{body["sender"] for body in server.bodies} for server in servers]


def test_a_message_goes_to_the_rest_channel_with_its_sender_and_metadata(rasa: FakeRasa) -> None:
    replies = BotClient(rasa.url, timeout=3).send("c1", "hello", metadata={"locale": "pl"})
    assert replies == [BotReply("greeting", "greet")]
    assert rasa.bodies == [{"sender": "c1", "message": "hello", "metadata": {"locale": "pl"}}]


def test_messages_from_many_threads_share_kept_alive_connections(rasa: FakeRasa) -> None:
    # Socket.IO handles each message in a new thread: a connection per thread was a new
    # connection to Rasa for every message, which cost both processes more than the message.
    client = BotClient(rasa.url, timeout=3)
    for n in range(10):
        thread = threading.Thread(target=client.send, args=(f"c{n}", "hello"))
        thread.start()
        thread.join()
    assert len(rasa.bodies) == 10
    assert rasa.connections == 1


@pytest.mark.parametrize(
    "status, body",
    [
        (500, b'{"error": "boom"}'),
        (200, b"[]"),  # what Rasa's REST channel answers when something failed inside it
        (200, b"not json"),
        (200, b'[{"text": "plain text, no template key"}]'),
    ],
)
def test_an_error_or_an_empty_answer_counts_as_no_answer(
    rasa: FakeRasa, status: int, body: bytes
) -> None:
    rasa.answer = (status, body)
    with pytest.raises(BotUnavailable):
        BotClient(rasa.url, timeout=3).send("c1", "hello")


def closed_url() -> str:
    """The address of a Rasa server that refuses connections."""
    server = FakeRasa()
    url = server.url
    server.server_close()  # the port is now closed
    return url


def test_a_server_that_cannot_be_reached_counts_as_no_answer() -> None:
    with pytest.raises(BotUnavailable):
        BotClient(closed_url(), timeout=1).send("c1", "hello")


def test_status_names_each_server_and_is_ok_while_one_answers(rasa: FakeRasa) -> None:
    down = closed_url()
    status = BotClient([rasa.url, down], timeout=1, token="s3cret").status()
    assert status.ok and status.degraded
    assert status.servers == {rasa.url: "ok", down: "unreachable: NewConnectionError"}
    assert rasa.paths == ["/status?token=s3cret"]


def test_healthz_stays_up_while_one_rasa_server_answers_and_names_the_one_down(
    app: Flask, rasa: FakeRasa
) -> None:
    down = closed_url()
    app.extensions["bot_client"] = BotClient([rasa.url, down], timeout=1)
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert (body["status"], body["bot"], body["db"]) == ("degraded", "degraded", "ok")
    assert body["bot_servers"] == {rasa.url: "ok", down: "unreachable: NewConnectionError"}


def test_healthz_is_unavailable_when_every_rasa_server_is_down(app: Flask) -> None:
    down = [closed_url(), closed_url()]
    app.extensions["bot_client"] = BotClient(down, timeout=1)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable" and all(url in body["bot"] for url in down)
    assert body["bot_servers"] == dict.fromkeys(down, "unreachable: NewConnectionError")


def test_every_message_of_a_conversation_goes_to_its_one_home_server(
    three_rasa: list[FakeRasa],
) -> None:
    urls = [server.url for server in three_rasa]
    # Two web processes, listing the servers in different orders.
    process_a, process_b = BotClient(urls, timeout=3), BotClient(urls[::-1], timeout=3)
    conversations = [f"conversation-{n}" for n in range(30)]
    for _ in range(3):
        for conversation in conversations:
            process_a.send(conversation, "hello")
            process_b.send(conversation, "hello")

    homes = senders_on(three_rasa)
    assert sum(len(home) for home in homes) == len(conversations)  # each on one server only
    assert all(homes), "every server is home to some conversations"


def test_when_its_home_server_fails_a_conversation_moves_to_its_next_and_back_later(
    three_rasa: list[FakeRasa],
) -> None:
    urls = [server.url for server in three_rasa]
    client = BotClient(urls, timeout=3, down_seconds=0.2)
    home, second = rendezvous_order("c1", urls)[:2]
    by_url = {server.url: server for server in three_rasa}
    by_url[home].answer = (500, b"")

    assert client.send("c1", "hello")[0].key == "greeting"
    assert len(by_url[second].bodies) == 1
    client.send("c1", "hello again")  # the failed server is passed over, not asked again
    assert len(by_url[home].bodies) == 1 and len(by_url[second].bodies) == 2

    by_url[home].answer = (200, json.dumps(GREETING).encode())
    time.sleep(0.3)
    client.send("c1", "back home")
    assert [body["message"] for body in by_url[home].bodies] == ["hello", "back home"]


def test_removing_a_server_moves_only_the_conversations_it_was_home_to() -> None:
    servers = ["http://a:5005", "http://b:5005", "http://c:5005"]
    conversations = [f"conversation-{n}" for n in range(300)]
    before = {c: rendezvous_order(c, servers)[0] for c in conversations}
    after = {c: rendezvous_order(c, servers[:2])[0] for c in conversations}
    moved = {c for c in conversations if before[c] != after[c]}
    assert moved == {c for c in conversations if before[c] == "http://c:5005"}
    assert 60 < len(moved) < 140  # about a third
