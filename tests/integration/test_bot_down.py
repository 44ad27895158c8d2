"""When Rasa dies or is slow, people get a holding reply with the crisis numbers, their
message is kept, /healthz names the bot, and a crisis is still answered."""

from __future__ import annotations

import http.server
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from scripts import stack

HOLDING_NUMBERS = ["999", "111", "116 123", "85258"]


def say(web_url: str, text: str, conversation_id: str | None = None) -> dict:
    body: dict[str, str] = {"text": text}
    if conversation_id:
        body["conversation_id"] = conversation_id
    response = requests.post(f"{web_url}/api/v1/messages", json=body, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def own_stack(logs: Path) -> Iterator[tuple[stack.Process, str, Path]]:
    """A Rasa server this module may kill, and a web app in front of it."""
    rasa_port, web_port = stack.free_port(), stack.free_port()
    rasa_url, web_url = f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{web_port}"
    database = logs / f"bot-down-{web_port}.sqlite3"
    rasa = stack.start_rasa(rasa_port, logs)
    web = stack.start_web(web_port, rasa_url, f"sqlite:///{database}", logs)
    try:
        token = stack.rasa_token(logs)
        stack.wait_until(lambda: stack.rasa_ready(rasa_url, token), rasa, 300, "ready")
        stack.wait_until(lambda: stack.web_ready(web_url), web, stack.WEB_START_TIMEOUT, "ready")
        yield rasa, web_url, database
    finally:
        web.stop()
        rasa.stop()


def test_rasa_killed_mid_conversation(own_stack: tuple[stack.Process, str, Path]) -> None:
    rasa, web_url, database = own_stack
    first = say(web_url, "hi")
    assert first["topic"] == "greeting"
    conversation_id = first["conversation_id"]

    rasa.stop(sig=9)

    held = say(web_url, "how long is the waiting list for camhs", conversation_id)
    assert held["conversation_id"] == conversation_id and held["crisis"] is False
    assert all(n in held["replies"][0]["text"] for n in HOLDING_NUMBERS)

    crisis = say(web_url, "i have taken an overdose", conversation_id)
    assert crisis["crisis"] is True and "116 123" in crisis["replies"][0]["text"]

    health = requests.get(f"{web_url}/healthz", timeout=10)
    assert health.status_code == 503
    assert health.json()["db"] == "ok" and health.json()["bot"] != "ok"

    with sqlite3.connect(database) as db:
        kept = db.execute(
            "SELECT text, handled_by FROM message WHERE conversation_id = ? AND sender = 'user'"
            " ORDER BY id",
            (conversation_id,),
        ).fetchall()
    assert kept == [
        ("hi", "bot"),
        ("how long is the waiting list for camhs", "bot_unavailable"),
        ("i have taken an overdose", "safety_net"),
    ]


class _SlowProxy(http.server.ThreadingHTTPServer):
    """Forwards to the real Rasa server after a delay: a bot that is up but slow."""

    def __init__(self, target: str, delay: float) -> None:
        self.target, self.delay = target, delay
        super().__init__(("127.0.0.1", 0), _SlowHandler)


class _SlowHandler(http.server.BaseHTTPRequestHandler):
    server: _SlowProxy

    def do_GET(self) -> None:  # noqa: N802
        self._forward(requests.get(self.server.target + self.path, timeout=30))

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(self.server.delay)
        self._forward(
            requests.post(
                self.server.target + self.path,
                data=body,
                timeout=30,
                headers={"Content-Type": "application/json"},
            )
        )

    def _forward(self, response: requests.Response) -> None:
        try:
            self.send_response(response.status_code)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(response.content)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the web app gave up waiting, as it should

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def slow_web(rasa_url: str, logs: Path) -> Iterator[str]:
    proxy = _SlowProxy(rasa_url, delay=10)
    threading.Thread(target=proxy.serve_forever, daemon=True).start()
    port = stack.free_port()
    url = f"http://127.0.0.1:{port}"
    web = stack.start_web(
        port,
        f"http://127.0.0.1:{proxy.server_port}",
        f"sqlite:///{logs / f'slow-{port}.sqlite3'}",
        logs,
        {"RASA_TIMEOUT": "3"},
    )
    try:
        stack.wait_until(lambda: stack.web_up(url), web, stack.WEB_START_TIMEOUT, "up")
        yield url
    finally:
        web.stop()
        proxy.shutdown()
        proxy.server_close()


def test_a_slow_assistant_gets_the_holding_reply_instead_of_a_long_wait(slow_web: str) -> None:
    started = time.monotonic()
    answer = say(slow_web, "where is the nearest memory cafe")
    waited = time.monotonic() - started
    assert all(n in answer["replies"][0]["text"] for n in HOLDING_NUMBERS)
    assert waited < 10, "the web app waited for the slow bot instead of timing out"
