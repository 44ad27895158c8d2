"""Real conversations over Socket.IO with a real client (python-socketio) and the real bot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
import socketio

from tests.support.sockets import send


@pytest.fixture
def browser(web_url: str) -> Iterator[requests.Session]:
    """A browser that has loaded the chat page, so it has its conversation cookie."""
    with requests.Session() as session:
        assert session.get(f"{web_url}/", timeout=10).status_code == 200
        yield session


@pytest.fixture
def sio(web_url: str, browser: requests.Session) -> Iterator[socketio.SimpleClient]:
    cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    client = socketio.SimpleClient()
    client.connect(web_url, namespace="/chat", headers={"Cookie": cookie}, transports=["websocket"])
    yield client
    client.disconnect()


def test_the_assistant_types_then_answers_a_greeting(sio: socketio.SimpleClient) -> None:
    received = send(sio, text="hello there", locale="en")
    assert [name for name, _ in received] == ["bot_typing", "bot_message"]
    answer = received[-1][1]
    assert answer["topic"] == "greeting" and answer["locale"] == "en"
    assert "chat-message--bot" in answer["html"]


def test_the_four_quick_replies_reach_their_topics(sio: socketio.SimpleClient) -> None:
    for payload in ["/camhs", "/memory_cafe", "/play_and_stay", "/nhs_111"]:
        answer = send(sio, text="(quick reply)", payload=payload)[-1][1]
        assert answer["topic"] == payload[1:]


def test_a_crisis_over_the_socket_gets_the_crisis_reply(sio: socketio.SimpleClient) -> None:
    answer = send(sio, text="i cant go on anymore, everyone would be better off without me")[-1][1]
    assert answer["crisis"] is True
    assert "116 123" in answer["replies"][0]["text"]


def test_bad_input_gets_a_clear_answer_and_the_socket_stays_usable(
    sio: socketio.SimpleClient,
) -> None:
    for bad in [{"text": ""}, {"text": "x" * 10_000}, {"locale": "en"}]:
        name, payload = send(sio, **bad)[-1]
        assert name == "bad_input" and payload["error"]["message"]
    assert send(sio, text="hi")[-1][0] == "bot_message"


def test_the_page_shows_the_socket_conversation_after_a_refresh(
    sio: socketio.SimpleClient, browser: requests.Session, web_url: str
) -> None:
    send(sio, text="are there toddler groups in loughborough")
    page = browser.get(f"{web_url}/", timeout=10).text
    assert "are there toddler groups in loughborough" in page
    assert "Play and Stay sessions" in page
