"""The bot client: how it talks to Rasa's REST channel, and what counts as no answer.

A small local HTTP server stands in for Rasa here; the real server is used by the
integration tests (tests/integration)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from webapp.services.bot_client import BotClient, BotReply, BotUnavailable

GREETING = [{"recipient_id": "c1", "custom": {"key": "greeting", "topic": "greet"}}]


class FakeRasa(ThreadingHTTPServer):
    """Answers every POST with `answer` (status, body) and counts the connections made."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answer: tuple[int, bytes] = (200, json.dumps(GREETING).encode())
        self.connections = 0
        self.bodies: list[Any] = []

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
        status, body = self.server.answer
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def rasa() -> Iterator[FakeRasa]:
    server = FakeRasa()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


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


def test_a_server_that_cannot_be_reached_counts_as_no_answer() -> None:
    server = FakeRasa()
    url = server.url
    server.server_close()  # the port is now closed
    with pytest.raises(BotUnavailable):
        BotClient(url, timeout=1).send("c1", "hello")
