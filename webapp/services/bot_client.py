"""The only code that knows Rasa's HTTP and JSON shape.

One Rasa server, or several that share their conversations (a SQL tracker store and a Redis
lock store, see deploy/rasa-endpoints.yml; rasa_tracker_store.py deletes from the former).
Each conversation has a home server, chosen by rendezvous (highest random weight) hashing
of its id, so every web process sends all of a conversation's messages to the same server,
which takes them one at a time. Only when the home server fails (it cannot be reached,
answers an error, or answers nothing) does a message go to the conversation's next server,
and the shared lock store orders turns in that window.
Spreading one conversation over servers is not safe: Rasa 3.6's Redis lock store issues its
tickets with a read-modify-write that is not atomic (rasa#9213), so two servers taking two
messages of one conversation at once interleave them. A server that failed is passed over
for a few seconds. The whole turn, retries included, stays within RASA_TIMEOUT, after which
the caller sends the holding reply."""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import urllib3
from urllib3.exceptions import HTTPError

from webapp.services.rasa_tracker_store import RasaTrackerStore

log = logging.getLogger(__name__)

# Less time than this left in the turn is not worth another server's attempt.
MIN_ATTEMPT_SECONDS = 0.1
# Connections kept open to each Rasa server (more may be open at once, briefly).
POOL_SIZE = 64


class BotUnavailable(Exception):
    """No Rasa server answered in time, or each answered with an error or nothing."""


@dataclass(frozen=True)
class BotReply:
    """One message from the assistant: a template key and topic, plus any data it named."""

    key: str
    topic: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BotStatus:
    """Whether the assistant can answer (some server can), what is wrong if not, and each
    server's state: "ok" or what is wrong with it."""

    ok: bool
    detail: str
    servers: Mapping[str, str] = field(default_factory=dict)

    @property
    def degraded(self) -> bool:
        """The assistant answers, but some of its servers do not."""
        return self.ok and any(state != "ok" for state in self.servers.values())


class BotClient:
    """Talks to one or more Rasa servers over their REST channel, with short timeouts."""

    def __init__(
        self,
        base_urls: str | Sequence[str],
        timeout: float,
        connect_timeout: float = 1.0,
        token: str = "",
        down_seconds: float = 5.0,
        tracker_store: RasaTrackerStore | None = None,
    ) -> None:
        urls = [base_urls] if isinstance(base_urls, str) else list(base_urls)
        self.servers = [url.strip().rstrip("/") for url in urls if url.strip()]
        if not self.servers:
            raise ValueError("BotClient needs at least one Rasa server URL")
        self.timeout = timeout
        self.connect_timeout = connect_timeout
        self.token = token
        self.down_seconds = down_seconds
        self.tracker_store = tracker_store  # the servers' SQL tracker store, if they share one
        self._down_until: dict[str, float] = {}  # server -> time.monotonic() it is retried
        self._lock = threading.Lock()
        # One pool of kept-alive connections for every thread: Socket.IO runs each message
        # in a new thread, so per-thread sessions opened (and later closed) a connection to
        # Rasa for every message. urllib3's pools are thread-safe; past `maxsize`
        # connections in use at once, extra ones are opened and closed after use.
        self._http = urllib3.PoolManager(maxsize=POOL_SIZE, retries=False)

    def _request(self, method: str, url: str, timeout: urllib3.Timeout, body: Any = None) -> Any:
        """One HTTP request: the decoded JSON answer, or HTTPError/ValueError on failure."""
        response = self._http.request(method, url, json=body, timeout=timeout)
        if response.status >= 400:
            raise HTTPError(f"HTTP {response.status}")
        return json.loads(response.data) if response.data else None

    def send(
        self, sender_id: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[BotReply]:
        """Send one message and return the assistant's replies, or raise BotUnavailable."""
        body = {"sender": sender_id, "message": text, "metadata": metadata or {}}
        deadline = time.monotonic() + self.timeout
        failures = []
        for server in self.servers_for(sender_id):
            left = deadline - time.monotonic()
            if left < MIN_ATTEMPT_SECONDS:
                break
            try:
                replies = self._post_message(server, body, left)
            except BotUnavailable as err:
                failures.append(f"{server}: {err}")
                self._mark_down(server, str(err))
                continue
            self._mark_up(server)
            return replies
        raise BotUnavailable("; ".join(failures) or "no time left to ask a Rasa server")

    def _post_message(self, server: str, body: dict[str, Any], left: float) -> list[BotReply]:
        timeout = urllib3.Timeout(connect=min(self.connect_timeout, left), read=left)
        try:
            raw = self._request("POST", f"{server}/webhooks/rest/webhook", timeout, body)
        except (HTTPError, ValueError) as err:
            raise BotUnavailable(f"{type(err).__name__}: {err}") from err
        replies = parse_replies(raw)
        if not replies:
            # Rasa's REST channel answers 200 [] when something failed inside it.
            raise BotUnavailable("Rasa answered with no messages")
        return replies

    def _timeout(self) -> urllib3.Timeout:
        return urllib3.Timeout(connect=self.connect_timeout, read=self.timeout)

    def _token_query(self) -> str:
        """Rasa's --auth-token, which its API takes as a query parameter."""
        return f"?{urlencode({'token': self.token})}" if self.token else ""

    def servers_for(self, sender_id: str) -> list[str]:
        """Every server in this conversation's order, its home server first; those that
        failed lately go last (soonest back first), so they are still tried when no other
        is left."""
        ordered = rendezvous_order(sender_id, self.servers)
        now = time.monotonic()
        with self._lock:
            down = {s: t for s in ordered if (t := self._down_until.get(s, 0.0)) > now}
        return [s for s in ordered if s not in down] + sorted(down, key=down.__getitem__)

    def _mark_down(self, server: str, reason: str) -> None:
        with self._lock:
            self._down_until[server] = time.monotonic() + self.down_seconds
        if len(self.servers) > 1:
            log.warning(
                "Rasa server %s failed (%s); passed over for %.0f s",
                server,
                reason,
                self.down_seconds,
            )

    def _mark_up(self, server: str) -> None:
        with self._lock:
            was_down = self._down_until.pop(server, None) is not None
        if was_down and len(self.servers) > 1:
            log.info("Rasa server %s answers again", server)

    def forget(self, sender_id: str) -> bool:
        """Ask Rasa to drop what it holds of a conversation (its tracker), after the person
        deleted it or retention did: reset on every server (a tracker store in memory), and
        deleted from the shared SQL tracker store if there is one. A failure is logged: the web
        app's own copy is already gone. True when a server or the store did it."""
        done = self.tracker_store is not None and self.tracker_store.delete([sender_id])
        for server in self.servers:
            url = f"{server}/conversations/{sender_id}/tracker/events{self._token_query()}"
            try:
                self._request("PUT", url, self._timeout(), [])
            except (HTTPError, ValueError) as err:
                log.warning(
                    "Rasa server %s could not forget a deleted conversation: %s",
                    server,
                    type(err).__name__,
                )
                continue
            done = True
        return done

    def forget_idle(self, before: datetime) -> int | None:
        """Delete from the shared SQL tracker store every conversation idle since `before`
        (those Rasa was sent but the web app no longer holds, too): how many, or None when
        there is no such store or it failed. Trackers in memory go when a server stops."""
        return None if self.tracker_store is None else self.tracker_store.delete_idle(before)

    def status(self) -> BotStatus:
        """Ready when at least one server answers with a model loaded; each server's state is
        named, and the detail names the servers that are not ready."""
        if len(self.servers) == 1:
            states = [self._server_state(self.servers[0])]
        else:
            with ThreadPoolExecutor(max_workers=len(self.servers)) as pool:
                states = list(pool.map(self._server_state, self.servers))
        servers = dict(zip(self.servers, states, strict=True))
        down = "; ".join(f"{server} {state}" for server, state in servers.items() if state != "ok")
        if not down:
            return BotStatus(True, "ok", servers)
        if all(state != "ok" for state in states):
            return BotStatus(False, down, servers)
        log.warning("Rasa servers not ready: %s", down)
        return BotStatus(True, f"down: {down}", servers)

    def _server_state(self, server: str) -> str:
        """ "ok" when one server answers and has a model loaded, else what is wrong."""
        try:
            answer = self._request("GET", f"{server}/status{self._token_query()}", self._timeout())
            model = answer.get("model_file") if isinstance(answer, dict) else None
        except (HTTPError, ValueError) as err:
            return f"unreachable: {type(err).__name__}"
        return "ok" if model else "no model loaded"


def rendezvous_order(key: str, servers: Sequence[str]) -> list[str]:
    """The servers ordered for one key by rendezvous hashing: the same order in every
    process, and removing a server moves only the keys that had it first."""

    def weight(server: str) -> bytes:
        return hashlib.blake2b(f"{server}\n{key}".encode(), digest_size=8).digest()

    return sorted(servers, key=weight, reverse=True)


def parse_replies(raw: Any) -> list[BotReply]:
    """Turn Rasa's list of output messages into BotReply values, skipping unknown shapes."""
    if not isinstance(raw, list):
        return []
    replies = []
    for message in raw:
        custom = message.get("custom") if isinstance(message, dict) else None
        if isinstance(custom, dict) and isinstance(custom.get("key"), str):
            data = {k: v for k, v in custom.items() if k not in ("key", "topic")}
            replies.append(BotReply(custom["key"], str(custom.get("topic", "fallback")), data))
        else:
            # Plain text has no key to translate; the domain should never send it.
            log.warning("Ignoring a bot message without a template key: %r", message)
    return replies


def get_bot_client() -> BotClient:
    """The app's bot client (tests may put a fake in its place)."""
    from flask import current_app

    client: BotClient = current_app.extensions["bot_client"]
    return client


def server_urls(config: Mapping[str, Any]) -> list[str]:
    """RASA_URLS (comma-separated) when set, else RASA_URL alone."""
    urls = [url.strip() for url in str(config.get("RASA_URLS") or "").split(",")]
    return [url for url in urls if url] or [str(config["RASA_URL"])]


def init_app(app: Any) -> None:
    """Create the app's bot client from its configuration."""
    store_url = app.config["RASA_TRACKER_STORE_URL"]
    app.extensions["bot_client"] = BotClient(
        server_urls(app.config),
        timeout=app.config["RASA_TIMEOUT"],
        connect_timeout=app.config["RASA_CONNECT_TIMEOUT"],
        token=app.config["RASA_TOKEN"],
        down_seconds=app.config["RASA_DOWN_SECONDS"],
        tracker_store=RasaTrackerStore(store_url) if store_url else None,
    )
