"""Several web processes and Rasa servers serving one set of conversations, as `make run-scaled`
starts them: two Rasa servers sharing a tracker store on PostgreSQL and a lock store on Redis,
two web processes sharing a PostgreSQL database and passing what they emit through Redis,
and nginx in front. Real servers throughout, started once for the module.

These need the local PostgreSQL and Redis servers and nginx (`make nginx`); when one is
missing every test here fails, naming what to start or install. The tests run in order: the
last two kill a Rasa server and then a web process, and print the failover times."""

from __future__ import annotations

import queue
import re
import secrets
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest
import requests
import socketio
from sqlalchemy.engine import make_url

from scripts import stack
from tests.databases import postgres_database
from tests.support.live import LiveWeb
from webapp.services.bot_client import rendezvous_order

# Two messages that follow a greeting.
AFTER_HELLO = [
    "how long is the wait for camhs at the moment",
    "do libraries do rhyme time for babies",
]
# A line of nginx's access log (log_format scaled in deploy/nginx.conf).
NGINX_LOGGED = re.compile(r" (?P<status>\d{3}) upstream=(?P<upstream>.+?) route=(?P<route>\S+) ")


@dataclass
class Scaled:
    """The running topology."""

    rasa: list[stack.Process]
    rasa_urls: list[str]
    web: list[stack.Process]
    web_urls: list[str]
    nginx: stack.Process
    url: str  # nginx: what a browser uses
    database_url: str  # the web processes' database (SQLAlchemy form)
    web_env: dict[str, str]  # what the web processes run with
    rasa_database_url: str  # the Rasa servers' tracker store (SQLAlchemy form)
    rasa_token: str = field(repr=False)

    def requests_of(self, route: str) -> list[tuple[int, int]]:
        """(status, web process port) of each request nginx logged for a browser, by its
        lpt_route cookie."""
        found = []
        for line in stack.nginx_access_log(self.nginx).read_text().splitlines():
            if (logged := NGINX_LOGGED.search(line)) and logged["route"] == route:
                # "a:1, b:2" when nginx passed over a process: the last one answered.
                port = int(logged["upstream"].rsplit(":", 1)[-1])
                found.append((int(logged["status"]), port))
        return found

    def served_by(self, route: str) -> int:
        """Which web process (0 or 1) nginx last sent a browser's requests to."""
        ports = [urlsplit(url).port for url in self.web_urls]
        served = self.requests_of(route)
        assert served and served[-1][1] in ports, f"nginx sent route {route} nowhere"
        return ports.index(served[-1][1])

    def stored_messages(self, conversation_id: str) -> list[tuple[str, str, str | None]]:
        """(sender, text, handled_by) of a conversation, as the web processes stored them."""
        rows = sql(
            self.database_url,
            "SELECT sender, text, handled_by FROM message WHERE conversation_id = %s ORDER BY id",
            conversation_id,
        )
        return [tuple(row) for row in rows]


def sql(database_url: str, statement: str, *params: str) -> list[tuple[Any, ...]]:
    """Run one statement on a database (SQLAlchemy URL) and return any rows it gives."""
    url = make_url(database_url).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False)) as db:
        cursor = db.execute(statement, params)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


def require_servers() -> None:
    """Fail, saying what to start or install, unless PostgreSQL, Redis and nginx are here."""
    if problems := stack.scaled_problems():
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture(scope="module")
def scaled(logs: Path) -> Iterator[Scaled]:
    require_servers()
    run = secrets.token_hex(4)
    with postgres_database() as database_url, postgres_database() as rasa_database_url:
        servers = stack.start_scaled(database_url, rasa_database_url, logs, f"test{run}")
        try:
            stack.set_team_hours({"DATABASE_URL": database_url})  # example hours are not offered
            port = stack.free_port()
            nginx = stack.start_nginx(port, [urlsplit(u).netloc for u in servers.web_urls], logs)
            url = f"http://127.0.0.1:{port}"
            try:
                stack.wait_until(lambda: stack.web_ready(url), nginx, 30, "passing requests on")
                yield Scaled(
                    servers.rasa,
                    servers.rasa_urls,
                    servers.web,
                    servers.web_urls,
                    nginx,
                    url,
                    database_url,
                    servers.web_env,
                    rasa_database_url,
                    stack.rasa_token(logs),
                )
            finally:
                nginx.stop()
        finally:
            servers.stop()


def page_cookie(url: str) -> tuple[requests.Session, str]:
    """A browser that has loaded the chat page at `url`, and its Cookie header."""
    browser = requests.Session()
    assert browser.get(f"{url}/", timeout=10).status_code == 200
    return browser, "; ".join(f"{k}={v}" for k, v in browser.cookies.items())


def next_event(client: socketio.SimpleClient, name: str, timeout: float = 30) -> Any:
    """Skip other events up to the next `name`, and return its payload."""
    deadline = time.monotonic() + timeout
    while True:
        event, payload = client.receive(timeout=max(0.1, deadline - time.monotonic()))
        assert event not in ("bad_input", "server_error"), payload
        if event == name:
            return payload


def test_a_reply_given_by_one_web_process_reaches_the_same_chat_open_on_the_other(
    scaled: Scaled,
) -> None:
    _, cookie = page_cookie(scaled.web_urls[0])
    on_a, on_b, stranger = socketio.SimpleClient(), socketio.SimpleClient(), socketio.SimpleClient()
    headers = {"Cookie": cookie}
    on_a.connect(scaled.web_urls[0], namespace="/chat", headers=headers, transports=["websocket"])
    on_b.connect(scaled.web_urls[1], namespace="/chat", headers=headers, transports=["websocket"])
    stranger.connect(scaled.web_urls[1], namespace="/chat", transports=["websocket"])
    try:
        on_a.emit("user_message", {"text": "is there a memory cafe near wigston", "locale": "en"})
        answered_on_a = next_event(on_a, "bot_message")
        relayed_to_b = next_event(on_b, "bot_message")
        assert relayed_to_b == answered_on_a
        assert relayed_to_b["topic"] == "memory_cafe"
        with pytest.raises(socketio.exceptions.TimeoutError):
            stranger.receive(timeout=2)  # another conversation on process B hears nothing
    finally:
        for client in (on_a, on_b, stranger):
            client.disconnect()


def rasa_say(rasa_url: str, sender: str, text: str, **metadata: str) -> list[str]:
    """One turn on one Rasa server's REST channel; the reply keys."""
    body = {"sender": sender, "message": text, "metadata": metadata}
    response = requests.post(f"{rasa_url}/webhooks/rest/webhook", json=body, timeout=30)
    response.raise_for_status()
    return [message["custom"]["key"] for message in response.json()]


def tracker(rasa_url: str, sender: str, token: str) -> dict[str, Any]:
    response = requests.get(
        f"{rasa_url}/conversations/{sender}/tracker", params={"token": token}, timeout=10
    )
    response.raise_for_status()
    return dict(response.json())


def test_turns_alternating_between_the_rasa_servers_continue_one_conversation(
    scaled: Scaled,
) -> None:
    sender = f"scaled-{secrets.token_hex(8)}"
    turns = [
        ("hello", "greet"),
        ("is there a memory cafe near wigston for my grandad", "memory_cafe"),
        ("can i book a phone call with someone", "booking.start"),
        ("thanks that helped", "thanks"),
    ]
    for n, (text, key) in enumerate(turns):
        assert rasa_say(scaled.rasa_urls[n % 2], sender, text, locale="en") == [key]

    first, second = (tracker(url, sender, scaled.rasa_token) for url in scaled.rasa_urls)
    assert first["events"] == second["events"]
    events = second["events"]
    assert [e["text"] for e in events if e["event"] == "user"] == [t for t, _ in turns]
    # One session, begun on the first server, its metadata kept in a slot the second has.
    assert [e.get("name") for e in events].count("action_session_start") == 1
    assert second["slots"]["session_started_metadata"]["locale"] == "en"
    assert second["latest_message"]["intent"]["name"] == "thanks"


def api_say(web_url: str, conversation_id: str | None, text: str) -> dict[str, Any]:
    """One turn through a web process's HTTP API."""
    body = {"text": text, "locale": "en"}
    if conversation_id:
        body["conversation_id"] = conversation_id
    response = requests.post(f"{web_url}/api/v1/messages", json=body, timeout=30)
    response.raise_for_status()
    return dict(response.json())


def test_two_messages_of_one_conversation_at_once_on_both_web_processes_are_taken_in_turn(
    scaled: Scaled,
) -> None:
    # Both web processes send the conversation to its home server, which takes one message
    # at a time. (Sent to two Rasa servers at once, Rasa 3.6's Redis lock store lets them
    # interleave one time in three: rasa#9213.)
    conversation_id = api_say(scaled.web_urls[0], None, "hello")["conversation_id"]
    texts = AFTER_HELLO
    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(api_say, scaled.web_urls, [conversation_id] * 2, texts))
    assert [answer["topic"] for answer in answers] == ["camhs", "play_and_stay"]

    home = rendezvous_order(conversation_id, scaled.rasa_urls)[0]
    events = tracker(home, conversation_id, scaled.rasa_token)["events"]
    said = [(e["event"], e.get("text")) for e in events if e["event"] in ("user", "bot")]
    # Each message answered before the next is read: user, bot, user, bot, user, bot.
    assert [kind for kind, _ in said] == ["user", "bot"] * 3
    heard = [text for kind, text in said if kind == "user"]
    assert heard[0] == "hello" and sorted(heard[1:]) == sorted(texts)
    stored = scaled.stored_messages(conversation_id)
    assert all(handled == "bot" for sender, _, handled in stored if sender == "user")


def events_stored(scaled: Scaled, sender: str) -> int:
    """How many events of a conversation the Rasa servers' tracker store holds."""
    statement = "SELECT count(*) FROM events WHERE sender_id = %s"
    return int(sql(scaled.rasa_database_url, statement, sender)[0][0])


def test_retention_deletes_expired_chats_from_the_shared_tracker_store(scaled: Scaled) -> None:
    expired = api_say(scaled.web_urls[0], None, "hello")["conversation_id"]
    kept = api_say(scaled.web_urls[1], None, "hello")["conversation_id"]
    stray = f"stray-{secrets.token_hex(8)}"  # sent to Rasa directly: the web app never held it
    rasa_say(scaled.rasa_urls[0], stray, "hello", locale="en")
    # Both idle a day past the default 30.
    aged = "UPDATE conversation SET updated_at = now() - interval '31 days' WHERE id = %s"
    sql(scaled.database_url, aged, expired)
    month_ago = str(time.time() - 31 * 86400)
    sql(
        scaled.rasa_database_url,
        "UPDATE events SET timestamp = %s WHERE sender_id = %s",
        month_ago,
        stray,
    )

    purged = LiveWeb(scaled.url, scaled.web_env).flask("retention", "purge")

    assert "Deleted 1 conversations" in purged.stdout
    assert (events_stored(scaled, expired), events_stored(scaled, stray)) == (0, 0)
    assert events_stored(scaled, kept) > 0
    for url in scaled.rasa_urls:
        events = tracker(url, expired, scaled.rasa_token)["events"]
        assert [e for e in events if e["event"] == "user"] == []


class Chat:
    """A browser's chat through nginx: the page loaded, then Socket.IO as the page opens it
    (long-polling first, then WebSocket), reconnecting by itself as socket.io-client does."""

    def __init__(self, url: str) -> None:
        self.page, _ = page_cookie(url)
        self.route = self.page.cookies["lpt_route"]
        self.connects: queue.Queue[float] = queue.Queue()
        self.answers: queue.Queue[dict[str, Any]] = queue.Queue()
        # The page's cookies go with every request, as a browser's do.
        self.client = socketio.Client(http_session=self.page)
        self.client.on("connect", lambda: self.connects.put(time.perf_counter()), "/chat")
        self.client.on("bot_message", self.answers.put, "/chat")
        self.client.connect(url, namespaces=["/chat"], wait_timeout=10)
        self.connects.get(timeout=10)

    def say(self, text: str, payload: str | None = None) -> dict[str, Any]:
        message = {"text": text, "locale": "en", **({"payload": payload} if payload else {})}
        self.client.emit("user_message", message, namespace="/chat")
        return self.answers.get(timeout=30)

    def book(self, **fields: str) -> dict[str, Any]:
        form = {"action": "book", "locale": "en", "timezone": "Europe/London", **fields}
        self.client.emit("booking", form, namespace="/chat")
        return dict(self.answers.get(timeout=30)["replies"][0])

    def close(self) -> None:
        self.client.disconnect()
        self.page.close()


def test_a_chat_its_person_deletes_is_deleted_from_the_shared_tracker_store(
    scaled: Scaled,
) -> None:
    chat = Chat(scaled.url)
    try:
        conversation_id = chat.say("hello")["conversation_id"]
        assert events_stored(scaled, conversation_id) > 0
        form = chat.page.get(f"{scaled.url}/chat/delete", timeout=10).text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert csrf, "the delete page has no CSRF token"
        deleted = chat.page.post(f"{scaled.url}/chat/delete", {"csrf_token": csrf[1]}, timeout=10)
        assert deleted.status_code == 200
    finally:
        chat.close()
    assert events_stored(scaled, conversation_id) == 0


def test_a_rasa_server_killed_mid_conversation_the_other_answers_and_nothing_is_lost(
    scaled: Scaled,
) -> None:
    chat = Chat(scaled.url)
    try:
        greeting = chat.say("hello")
        assert greeting["topic"] == "greeting"
        conversation_id = greeting["conversation_id"]

        # The conversation's home server dies: its next messages go to the other server.
        home = scaled.rasa_urls.index(rendezvous_order(conversation_id, scaled.rasa_urls)[0])
        scaled.rasa[home].stop(sig=signal.SIGKILL)

        texts = AFTER_HELLO
        waits = []
        for text in texts:
            started = time.perf_counter()
            answer = chat.say(text)
            waits.append(time.perf_counter() - started)
            assert answer["conversation_id"] == conversation_id
    finally:
        chat.close()
    print(
        "\nRasa server killed: the next answers came in "
        + " and ".join(f"{1000 * w:.0f} ms" for w in waits)
        + " (from the other server)"
    )

    stored = scaled.stored_messages(conversation_id)
    assert [(sender, text) for sender, text, _ in stored if sender == "user"] == [
        ("user", "hello"),
        *[("user", text) for text in texts],
    ]
    assert all(handled == "bot" for sender, _, handled in stored if sender == "user")
    assert [sender for sender, _, _ in stored].count("bot") == 3
    # The surviving server holds the whole conversation, turns of the dead one included.
    events = tracker(scaled.rasa_urls[1 - home], conversation_id, scaled.rasa_token)["events"]
    assert [e["text"] for e in events if e["event"] == "user"] == ["hello", *texts]
    # One server left is still a ready site, which names the server that is down.
    health = requests.get(f"{scaled.url}/healthz", timeout=10)
    assert health.status_code == 200 and health.json()["bot"] == "degraded"
    assert health.json()["bot_servers"] == {
        scaled.rasa_urls[home]: "unreachable: NewConnectionError",
        scaled.rasa_urls[1 - home]: "ok",
    }


def test_a_web_process_killed_the_chat_reconnects_to_the_other_and_carries_on(
    scaled: Scaled,
) -> None:
    chat = Chat(scaled.url)
    try:
        asked = chat.say("i'd like to book a phone appointment please")
        assert asked["topic"] == "booking"
        conversation_id = asked["conversation_id"]
        services = asked["replies"][0]["buttons"]
        camhs = next(b for b in services if b["payload"] == "/book_service_camhs_duty_call")
        times = chat.say(camhs["title"], camhs["payload"])["replies"][0]["buttons"]
        # Long-polling then the WebSocket, all through nginx to one process.
        assert chat.client.transport() == "websocket"
        assert all(status < 400 for status, _ in scaled.requests_of(chat.route))
        assert len({port for _, port in scaled.requests_of(chat.route)}) == 1
        serving = scaled.served_by(chat.route)

        scaled.web[serving].stop(sig=signal.SIGKILL)
        killed = time.perf_counter()

        reconnected = chat.connects.get(timeout=30) - killed
        # The booking carries on where it was, on the other process.
        started = time.perf_counter()
        form = chat.say(times[0]["title"], times[0]["payload"])["replies"][0]["form"]
        answered = time.perf_counter() - started
        done = chat.book(
            slot_id=dict(form["hidden"])["slot_id"],
            name="Test Person",
            email="test.person@example.org",
            age="15",
            consent="on",
        )
        assert re.search(r"LPT-[A-Z0-9]{4}-[A-Z0-9]{4}", done["text"]), done
        assert scaled.served_by(chat.route) == 1 - serving
        page = chat.page.get(f"{scaled.url}/", timeout=10).text
    finally:
        chat.close()
    print(
        f"\nWeb process killed: the chat reconnected through nginx to the other in "
        f"{reconnected:.2f} s; its next answer took {1000 * answered:.0f} ms"
    )

    assert "i&#39;d like to book a phone appointment please" in page
    stored = scaled.stored_messages(conversation_id)
    assert [text for sender, text, _ in stored if sender == "user"] == [
        "i'd like to book a phone appointment please",
        camhs["title"],
        times[0]["title"],
    ]
