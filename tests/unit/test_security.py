"""Security headers, cookies and request size: a Content-Security-Policy with no inline script
but the NHS.UK template's (by nonce), HSTS and Secure cookies only behind HTTPS, and a clear
413 for a body over the limit on every POST route and over the socket."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import nhsuk_frontend_jinja
import pytest
from flask import Flask, render_template_string
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.support.fakes import FakeBot
from webapp import create_app
from webapp.config import ROOT
from webapp.extensions import db, socketio

ONE_MEGABYTE = 1024 * 1024
TEMPLATE_DIRS = [
    ROOT / "webapp" / "templates",
    Path(nhsuk_frontend_jinja.__file__).parent / "templates",
]


def make_app(tmp_path: Path, fake_bot: FakeBot, **config: Any) -> Flask:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'security.sqlite3'}",
            **config,
        }
    )
    app.extensions["bot_client"] = fake_bot
    with app.app_context():
        db.create_all()
    return app


def csp(response: TestResponse) -> dict[str, list[str]]:
    """The Content-Security-Policy header as {directive: sources}."""
    header = response.headers["Content-Security-Policy"]
    parts = [p.split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def nonce_of(response: TestResponse) -> str:
    (nonce,) = [s for s in csp(response)["script-src"] if s.startswith("'nonce-")]
    return nonce.removeprefix("'nonce-").removesuffix("'")


def script_tags(page: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", page)


# --- Content-Security-Policy --------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/staff/login", "/healthz", "/no-such-page"])
def test_every_response_has_the_policy_with_no_inline_script_or_style(
    client: FlaskClient, path: str
) -> None:
    policy = csp(client.get(path))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"][0] == "'self'" and len(policy["script-src"]) == 2
    assert policy["style-src"][0] == "'self'" and len(policy["style-src"]) == 2
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["connect-src"] == ["'self'"]  # Socket.IO: same origin, polling and ws
    assert policy["font-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    everything = " ".join(s for sources in policy.values() for s in sources)
    assert "unsafe-inline" not in everything and "unsafe-eval" not in everything
    assert "*" not in everything


def test_the_api_answers_carry_the_headers_too(client: FlaskClient) -> None:
    response = client.post("/api/v1/messages", json={"text": "hello"})
    assert response.status_code == 200
    assert csp(response)["default-src"] == ["'self'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_other_headers_forbid_framing_and_sniffing(client: FlaskClient) -> None:
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_the_one_inline_script_runs_by_a_fresh_nonce(client: FlaskClient) -> None:
    first, second = client.get("/"), client.get("/")
    nonce = nonce_of(first)
    assert len(nonce) >= 22 and nonce != nonce_of(second)
    inline = [t for t in script_tags(first.text) if "src=" not in t]
    assert inline == [f'<script nonce="{nonce}">']  # the NHS.UK template's js-enabled marker
    assert f"'nonce-{nonce}'" in csp(first)["style-src"]


def test_every_other_script_is_an_external_module_from_this_site(client: FlaskClient) -> None:
    for path in ("/", "/staff/login"):
        for tag in script_tags(client.get(path).text):
            if "nonce=" in tag:
                continue
            assert re.search(r'src="/static/[\w.-]+\.js"', tag), tag
            assert 'type="module"' in tag, tag
    chat = client.get("/").text
    assert any('src="/static/chat.js"' in t for t in script_tags(chat))


def test_the_staff_pages_inline_style_carries_the_nonce(client: FlaskClient) -> None:
    response = client.get("/staff/login")
    styles = re.findall(r"<style\b[^>]*>", response.text)
    assert styles == [f'<style nonce="{nonce_of(response)}">']


def test_an_error_page_refused_before_the_view_still_has_a_matching_nonce(
    client: FlaskClient,
) -> None:
    response = client.post("/chat/send", data=b"x" * ONE_MEGABYTE)
    assert response.status_code == 413
    inline = [t for t in script_tags(response.text) if "src=" not in t]
    assert inline == [f'<script nonce="{nonce_of(response)}">']


def template_files() -> list[Path]:
    files = [p for d in TEMPLATE_DIRS for p in d.rglob("*") if p.suffix in (".html", ".jinja")]
    assert len(files) > 20
    return files


def test_no_template_has_an_inline_event_handler_script_or_style_attribute() -> None:
    """Inline handlers and javascript: URLs would not run under the policy: there are none."""
    problems = []
    for path in template_files():
        text = path.read_text()
        for pattern in (
            r"""\son[a-z]+\s*=\s*["'{]""",  # onclick="…", onload={{…}}
            r"javascript:",
            r"""\sstyle\s*=\s*["']""",
        ):
            problems += [f"{path.name}: {m.group(0)}" for m in re.finditer(pattern, text, re.I)]
        for tag in re.findall(r"<(?:script|style)\b[^>]*>", text):
            if "src=" not in tag and "nonce" not in tag:
                problems.append(f"{path.name}: {tag}")
    assert problems == []


# --- Cookies and HTTPS --------------------------------------------------------------------


def session_cookie(response: TestResponse) -> str:
    (cookie,) = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return cookie


def test_by_default_cookies_are_httponly_and_lax_and_plain_http_is_served(
    client: FlaskClient,
) -> None:
    response = client.get("/")
    assert response.status_code == 200
    cookie = session_cookie(response)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert "Strict-Transport-Security" not in response.headers
    over_https = client.get("/", base_url="https://localhost")
    assert "Strict-Transport-Security" not in over_https.headers


def test_behind_https_http_is_redirected_and_hsts_and_secure_cookies_are_sent(
    tmp_path: Path, fake_bot: FakeBot
) -> None:
    client = make_app(tmp_path, fake_bot, SECURE_HTTPS=True).test_client()
    plain = client.get("/?lang=pl")
    assert plain.status_code in (301, 302)
    assert plain.location == "https://localhost/?lang=pl"
    response = client.get("/", base_url="https://localhost")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    cookie = session_cookie(response)
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_behind_https_the_health_check_still_answers_over_plain_http(
    tmp_path: Path, fake_bot: FakeBot
) -> None:
    client = make_app(tmp_path, fake_bot, SECURE_HTTPS=True).test_client()
    assert client.get("/healthz").status_code == 200


def test_behind_a_trusted_proxy_its_https_counts(tmp_path: Path, fake_bot: FakeBot) -> None:
    client = make_app(tmp_path, fake_bot, SECURE_HTTPS=True, TRUSTED_PROXIES=1).test_client()
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.status_code == 200
    assert "Strict-Transport-Security" in response.headers


def config_under(env: dict[str, str], names: list[str] | None = None) -> dict[str, Any]:
    """Config as webapp/config.py reads it from these environment variables."""
    names = names or [
        "SECURE_HTTPS",
        "SESSION_COOKIE_SECURE",
        "RATELIMIT_ENABLED",
        "RATELIMIT_STORAGE_URI",
        "RATELIMIT_MESSAGES",
        "RATELIMIT_STAFF_LOGIN",
        "TRUSTED_PROXIES",
        "SOCKETIO_MAX_MESSAGE_BYTES",
        "MAX_CONTENT_LENGTH",
    ]
    code = f"import json; from webapp.config import Config as C; print(json.dumps({{n: getattr(C, n) for n in {names!r}}}))"  # noqa: E501
    clean = {k: v for k, v in os.environ.items() if k not in names}
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "SECRET_KEY": "x", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(out.stdout))


def test_the_settings_default_to_safe_values_and_are_read_from_the_environment() -> None:
    defaults = config_under({})
    assert defaults == {
        "SECURE_HTTPS": False,
        "SESSION_COOKIE_SECURE": False,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_MESSAGES": "30 per minute; 300 per hour",
        "RATELIMIT_STAFF_LOGIN": "10 per minute",
        "TRUSTED_PROXIES": 0,
        "SOCKETIO_MAX_MESSAGE_BYTES": 64 * 1024,
        "MAX_CONTENT_LENGTH": 64 * 1024,
    }
    changed = config_under(
        {"SECURE_HTTPS": "1", "RATELIMIT_ENABLED": "0", "RATELIMIT_MESSAGES": "5 per second"}
    )
    assert changed["SECURE_HTTPS"] is True and changed["SESSION_COOKIE_SECURE"] is True
    assert changed["RATELIMIT_ENABLED"] is False and changed["RATELIMIT_MESSAGES"] == "5 per second"


# --- Request size -------------------------------------------------------------------------


def post_routes(app: Flask) -> list[str]:
    """A URL for every route that answers POST, with made-up arguments."""
    adapter = app.url_map.bind("localhost")
    urls = []
    for rule in app.url_map.iter_rules():
        if "POST" in (rule.methods or set()):
            values = {arg: 1 if arg.endswith("_id") and arg != "service_id" else "x"
                      for arg in rule.arguments}  # fmt: skip
            urls.append(adapter.build(rule.endpoint, values))
    return urls


def test_a_one_megabyte_body_gets_a_clear_413_on_every_post_route(
    tmp_path: Path, fake_bot: FakeBot
) -> None:
    app = make_app(tmp_path, fake_bot)  # CSRF on, as in production
    client = app.test_client()
    urls = post_routes(app)
    assert {"/api/v1/messages", "/api/v1/bookings", "/chat/send", "/staff/login"} <= set(urls)
    assert len(urls) > 20
    for url in urls:
        is_api = url.startswith("/api/")
        response = client.post(
            url,
            data=b'{"text": "' + b"x" * ONE_MEGABYTE + b'"}' if is_api else b"x=" * ONE_MEGABYTE,
            content_type="application/json" if is_api else "application/x-www-form-urlencoded",
        )
        assert response.status_code == 413, url
        if is_api:
            assert response.get_json()["error"]["code"] == "request_entity_too_large", url
        else:
            assert response.mimetype == "text/html", url
            assert "Sorry, there is a problem" in response.text, url


def test_a_body_just_under_the_limit_is_read(client: FlaskClient) -> None:
    body = json.dumps({"text": "hello", "pad": "x" * (60 * 1024)})
    response = client.post("/api/v1/messages", data=body, content_type="application/json")
    assert response.status_code == 200


@pytest.mark.parametrize(("length", "accepted"), [(2000, True), (2001, False)])
def test_the_longest_message_is_max_message_length_characters(
    app: Flask, client: FlaskClient, length: int, accepted: bool
) -> None:
    assert app.config["MAX_MESSAGE_LENGTH"] == 2000
    response = client.post("/api/v1/messages", json={"text": "é" * length})
    assert (response.status_code == 200) is accepted
    client.get("/")
    sio = socketio.test_client(app, namespace="/chat", flask_test_client=client)
    sio.emit("user_message", {"text": "é" * length}, namespace="/chat")
    names = [e["name"] for e in sio.get_received("/chat")]
    assert names == (["bot_typing", "bot_message"] if accepted else ["bad_input"])


# --- Socket.IO message size ---------------------------------------------------------------


def polling(client: FlaskClient) -> str:
    """Open an Engine.IO long-polling session, as the browser's first request does."""
    response = client.get("/socket.io/?EIO=4&transport=polling")
    assert response.status_code == 200
    handshake = json.loads(response.data[1:])
    assert handshake["maxPayload"] == 64 * 1024  # the client splits what it sends to fit
    return f"/socket.io/?EIO=4&transport=polling&sid={handshake['sid']}"


def test_a_socket_message_over_the_limit_is_refused_and_the_session_goes_on(
    client: FlaskClient,
) -> None:
    client.get("/")
    url = polling(client)
    assert client.post(url, data=b"40/chat,").status_code == 200
    assert client.get(url).data.startswith(b"40/chat,")
    too_big = b'42/chat,["user_message",{"text":"' + b"x" * ONE_MEGABYTE + b'"}]'
    response = client.post(url, data=too_big)
    assert response.status_code == 413  # at once: nothing read, nothing queued
    assert client.post(url, data=b'42/chat,["user_message",{"text":"hello"}]').status_code == 200
    received = b""
    while b"bot_message" not in received:
        received += client.get(url).data
    assert b'"topic":"greeting"' in received


def test_websocket_messages_have_the_same_maximum(app: Flask) -> None:
    factory = socketio.server.eio._async["websocket"]
    assert factory.keywords == {"max_message_size": 64 * 1024}
    assert socketio.server.eio.max_http_buffer_size == 64 * 1024


# --- Characters no page or database should get --------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("POST", "/staff/login", {"email": "a\x00@nhs.net", "password": "x"}),
        ("POST", "/chat/send", {"text": "hi\x00"}),
        ("GET", "/staff/login?next=/staff/%00", None),
        ("GET", "/staff/services/a%00b/edit", None),
    ],
    ids=["form", "chat-form", "query", "path"],
)
def test_a_nul_in_a_form_query_or_path_is_refused_plainly(
    client: FlaskClient, method: str, url: str, data: dict[str, str] | None
) -> None:
    """No person types NUL, and PostgreSQL refuses it: a clear 400, not a 500 on a query."""
    response = client.open(url, method=method, data=data)
    assert response.status_code == 400
    assert "not allowed" in response.text


def test_a_nul_in_json_is_cleaned_field_by_field(client: FlaskClient) -> None:
    response = client.post("/api/v1/messages", json={"text": "hel\x00lo"})
    assert response.status_code == 200 and response.get_json()["topic"] == "greeting"


def test_the_nhsuk_macros_escape_what_they_are_given(app: Flask) -> None:
    """Their `text` params and field values are text (only `html` params are markup)."""
    source = (
        '{% from "nhsuk/components/input/macro.jinja" import input %}'
        '{% from "nhsuk/components/textarea/macro.jinja" import textarea %}'
        '{{ input({"name": "a", "id": "a", "label": {"text": v}, "value": v}) }}'
        '{{ textarea({"name": "b", "id": "b", "label": {"text": v}, "value": v}) }}'
    )
    hostile = '</textarea><script>alert(1)</script>" onfocus="alert(1)'
    with app.test_request_context():
        html = render_template_string(source, v=hostile)
    assert "<script>" not in html and '" onfocus' not in html
    assert html.count("&lt;/textarea&gt;&lt;script&gt;") == 4


# --- Host names and caching ---------------------------------------------------------------


@pytest.mark.parametrize("path", ["/staff", "/staff/login", "/", "/healthz"])
def test_a_request_for_another_host_is_refused_never_redirected_there(
    client: FlaskClient, path: str
) -> None:
    for headers in ({"Host": "evil.example"}, {"Host": "evil.example:5000"}):
        response = client.get(path, headers=headers)
        assert response.status_code == 400, (path, headers)
        assert "evil.example" not in response.headers.get("Location", "")
        assert "evil.example" not in response.text


def test_a_forwarded_host_is_checked_behind_a_trusted_proxy(
    tmp_path: Path, fake_bot: FakeBot
) -> None:
    client = make_app(tmp_path, fake_bot, TRUSTED_PROXIES=1).test_client()
    assert client.get("/staff", headers={"X-Forwarded-Host": "evil.example"}).status_code == 400
    moved = client.get("/staff", headers={"X-Forwarded-Host": "127.0.0.1:8080"})
    assert moved.status_code == 308 and moved.location == "http://127.0.0.1:8080/staff/"


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:5000", "localhost:8080"])
def test_the_local_names_are_trusted_by_default(client: FlaskClient, host: str) -> None:
    moved = client.get("/staff", headers={"Host": host})
    assert moved.status_code == 308 and moved.location == f"http://{host}/staff/"
    assert client.get("/", headers={"Host": host}).status_code == 200


def test_the_trusted_hosts_are_a_setting() -> None:
    default = config_under({}, ["TRUSTED_HOSTS"])["TRUSTED_HOSTS"]
    assert default == ["127.0.0.1", "localhost"]
    env = {"TRUSTED_HOSTS": " support-chat.example.nhs.uk, .nhs.example ,"}
    listed = config_under(env, ["TRUSTED_HOSTS"])["TRUSTED_HOSTS"]
    assert listed == ["support-chat.example.nhs.uk", ".nhs.example"]


def test_pages_with_personal_data_are_never_stored_by_a_cache(
    app: Flask, client: FlaskClient
) -> None:
    from tests.support.bookings import add_camhs, book
    from tests.support.staff import ADMIN, make_user, sign_in
    from webapp.booking.confirmation import calendar_url
    from webapp.models import Booking

    add_camhs(app)
    reference = book(app)
    with app.test_request_context(), app.app_context():
        booking = db.session.scalar(db.select(Booking).filter_by(reference=reference))
        ics = calendar_url(booking)
    client.post("/api/v1/messages", json={"text": "hello"})
    private = [
        client.get("/"),  # the chat transcript
        client.get("/chat/delete"),
        client.post("/chat/send", data={"text": "hello"}),
        client.post("/api/v1/messages", json={"text": "hello"}),
        client.post("/api/v1/bookings", json={"action": "find_cancel", "reference": reference}),
        client.get(ics),
        client.get("/bookings/calendar/not-a-token.ics"),
        client.get("/staff/login"),
        client.get("/staff/"),  # signed out: the redirect to sign in
    ]
    make_user(app, ADMIN, "admin")
    sign_in(client, ADMIN)
    private += [
        client.get("/staff/"),
        client.get("/staff/bookings/"),
        client.get("/staff/no-such-page"),
    ]
    for response in private:
        assert response.status_code < 500
        assert response.headers.get("Cache-Control") == "no-store", response.request.path
    with client.get("/static/chat.js") as asset:  # nobody's data: caches may keep it
        assert "no-store" not in asset.headers.get("Cache-Control", "")
