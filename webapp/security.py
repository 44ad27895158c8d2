"""Security wiring: response headers (a Content-Security-Policy with a per-request nonce, HSTS
behind HTTPS, no caching of pages with personal data), cookie flags, trusted host names,
request size and rate limits per client address.

Limits (Flask-Limiter, settings in config.py), which each blueprint sets on itself: the
API's POST routes, the booking API and the chat's no-script form posts share
RATELIMIT_MESSAGES per route (`messages_limit`); the socket's `user_message` and `booking`
events are counted against the same limit in the limiter's own storage
(`socket_event_refused`, called by the handlers); staff sign-in posts have
RATELIMIT_STAFF_LOGIN (`staff_login_limit`), and the guides' PDF leaflets RATELIMIT_LEAFLETS
(`leaflet_limit`). RATELIMIT_ENABLED=0 turns every one of them off."""

from __future__ import annotations

import functools
import logging
import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    has_request_context,
    jsonify,
    render_template,
    request,
)
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_talisman import Talisman
from limits import parse_many
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp.extensions import limiter
from webapp.validation import BadInput

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger(__name__)

SELF = "'self'"
# No 'unsafe-inline' anywhere: the one inline script (the NHS.UK template's, which marks the
# page as running JavaScript) and the staff layout's <style> carry the request's nonce, which
# Talisman adds to script-src and style-src. 'self' in connect-src covers Socket.IO: its HTTP
# long-polling, and its WebSocket to the same host (ws:/wss: match 'self' under CSP 3; where
# a browser does not, Socket.IO simply stays on long-polling).
CONTENT_SECURITY_POLICY: dict[str, str | list[str]] = {
    "default-src": SELF,
    "script-src": SELF,
    "style-src": SELF,
    "img-src": [SELF, "data:"],
    "connect-src": SELF,
    "font-src": SELF,
    "object-src": "'none'",
    "base-uri": SELF,
    "form-action": SELF,
    "frame-ancestors": "'none'",
}
NONCE_IN = ["script-src", "style-src"]
HSTS_MAX_AGE = 365 * 24 * 3600
SOCKETIO_PATH = "/socket.io/"
RATE_LIMITED = "Too many requests in a short time. Please wait a minute and try again."
# Responses no browser or proxy may keep: the chat (its transcript and answers), bookings,
# and (by path, so its errors too) the staff area.
PRIVATE_BLUEPRINTS = frozenset({"chat", "api", "bookings"})
UNKNOWN_HOST = "Bad request: this site does not answer to that host name."


def _configured(name: str) -> Callable[[], str]:
    """A limit read from the app's config on each request, so tests and deployments set it."""

    def limit() -> str:
        return str(current_app.config[name])

    return limit


# Each blueprint that takes messages applies it to itself; methods=POST leaves its pages
# and downloads alone.
messages_limit = limiter.limit(_configured("RATELIMIT_MESSAGES"), methods=["POST"])
# The decorator on the staff sign-in view (webapp/staff/auth.py).
staff_login_limit = limiter.limit(_configured("RATELIMIT_STAFF_LOGIN"), methods=["POST"])
# The decorator on the guides' PDF leaflet view (webapp/guides/routes.py).
leaflet_limit = limiter.limit(
    _configured("RATELIMIT_LEAFLETS"),
    error_message=_l(
        "Too many leaflets were asked for in a short time. Please wait a minute and try "
        "again. You can still read the guide on its page."
    ),
)


def init_app(app: Flask) -> None:
    """Headers, cookie flags, body size and rate limits. Call after socketio.init_app and
    after every blueprint is registered (each sets its own limits when it is defined)."""
    config = app.config
    secure = bool(config["SECURE_HTTPS"])
    _bound_socket_messages(app, int(config["SOCKETIO_MAX_MESSAGE_BYTES"]))
    if config["TRUSTED_PROXIES"]:
        hops = int(config["TRUSTED_PROXIES"])
        # Outside the Socket.IO middleware, so the socket sees the real client address too.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops
        )

    config["SESSION_COOKIE_HTTPONLY"] = True
    config["SESSION_COOKIE_SAMESITE"] = "Lax"
    config["SESSION_COOKIE_SECURE"] = bool(config["SESSION_COOKIE_SECURE"] or secure)
    config["REMEMBER_COOKIE_HTTPONLY"] = True
    config["REMEMBER_COOKIE_SAMESITE"] = "Lax"
    config["REMEMBER_COOKIE_SECURE"] = config["SESSION_COOKIE_SECURE"]

    # Before anything else reads the request: a body over MAX_CONTENT_LENGTH is refused on
    # every route, whether its view reads the body or not (Flask alone refuses it only when
    # read); then a NUL in the path, query or form, which no person types and PostgreSQL
    # refuses (a 500 wherever it reached a query). JSON bodies are cleaned field by field.
    app.before_request_funcs.setdefault(None, [])[:0] = [_refuse_large_body, _refuse_nul]

    app.extensions["talisman"] = Talisman(
        app,
        force_https=secure,
        strict_transport_security=secure,
        strict_transport_security_max_age=HSTS_MAX_AGE,
        content_security_policy=CONTENT_SECURITY_POLICY,
        content_security_policy_nonce_in=NONCE_IN,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
        session_cookie_secure=False,  # set above from SECURE_HTTPS, not on the first request
        session_cookie_samesite="Lax",
    )
    # Load balancers and process managers check health over plain HTTP on the inside.
    health = app.view_functions.get("health.healthz")
    if health is not None:
        setattr(health, "talisman_view_options", {"force_https": False})  # noqa: B010
    app.context_processor(_template_nonce)
    app.after_request(_no_store_if_private)
    # Flask checks the Host (TRUSTED_HOSTS) before it can build any link: say no plainly.
    app.register_error_handler(SecurityError, _untrusted_host)

    limiter.init_app(app)
    app.register_error_handler(RateLimitExceeded, _too_many_requests)


def _bound_socket_messages(app: Flask, limit: int) -> None:
    """Socket.IO messages over `limit` bytes are refused before they are read whole.

    python-engineio checks max_http_buffer_size (set in the factory) only after reading: a
    long-polling POST over it then closes the session and waits for the client to collect
    what was queued for it, which holds a server thread forever when the client never does;
    and in threading mode a WebSocket message is buffered whole before the check. So: such
    a POST is answered 413 here without reaching Engine.IO, and the WebSocket is given the
    same maximum (simple-websocket then closes it with 1009, message too big)."""
    from engineio.async_drivers._websocket_wsgi import SimpleWebSocketWSGI

    from webapp.extensions import socketio

    app.wsgi_app = _SocketBodyLimit(app.wsgi_app, limit)  # type: ignore[method-assign]
    eio = socketio.server.eio
    if eio.async_mode == "threading" and eio._async.get("websocket") is SimpleWebSocketWSGI:
        bounded = functools.partial(SimpleWebSocketWSGI, max_message_size=limit)
        eio._async = {**eio._async, "websocket": bounded}  # this server's copy only


class _SocketBodyLimit:
    """WSGI: a POST to /socket.io/ longer than `limit` gets 413, and nothing else happens."""

    def __init__(self, wsgi_app: WSGIApplication, limit: int) -> None:
        self.wsgi_app, self.limit = wsgi_app, limit

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Any:
        if (
            environ.get("REQUEST_METHOD") == "POST"
            and environ.get("PATH_INFO", "").startswith(SOCKETIO_PATH)
            and _content_length(environ) > self.limit
        ):
            body = b"Socket.IO message too large"
            headers = [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))]
            start_response("413 Request Entity Too Large", headers)
            return [body]
        return self.wsgi_app(environ, start_response)


def _content_length(environ: WSGIEnvironment) -> int:
    try:
        return int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def socket_event_refused(event: str) -> BadInput | None:
    """Count one Socket.IO `event` from this client against RATELIMIT_MESSAGES, in the
    limiter's storage; the error to send back once over the limit, else None."""
    config = current_app.config
    if not config["RATELIMIT_ENABLED"]:
        return None
    client = get_remote_address()
    for item in parse_many(config["RATELIMIT_MESSAGES"]):
        try:
            allowed = limiter.limiter.hit(item, "socket", event, client)
        except Exception as err:  # a shared store that is down: let the message through
            # As RATELIMIT_SWALLOW_ERRORS does for routes: a message is never lost because
            # the limits' store (Redis, with several web processes) stopped answering.
            log.warning("Rate limit storage failed, message let through: %s", type(err).__name__)
            return None
        if not allowed:
            log.info("Socket rate limit %s exceeded for %s", item, event)
            return rate_limited()
    return None


def rate_limited() -> BadInput:
    return BadInput("rate_limited", RATE_LIMITED, 429)


def _too_many_requests(err: RateLimitExceeded) -> ResponseReturnValue:
    """429 in the API's JSON error shape, or the plain error page elsewhere."""
    log.info("Rate limit %s exceeded on %s %s", err.description, request.method, request.path)
    refused = rate_limited()
    if request.path.startswith("/api/"):
        return jsonify(refused.as_dict()), 429
    # A limit with wording of its own (the leaflets') says it; the rest share RATE_LIMITED.
    message = str(err.description) if err.limit.error_message else refused.message
    return render_template("error.html", status=429, message=message), 429


def _no_store_if_private(response: Response) -> Response:
    """Pages with personal data are kept by no browser or proxy cache (PRIVATE_BLUEPRINTS)."""
    if request.blueprint in PRIVATE_BLUEPRINTS or request.path.startswith("/staff"):
        response.headers["Cache-Control"] = "no-store"
    return response


def _untrusted_host(err: SecurityError) -> ResponseReturnValue:
    """A Host (or X-Forwarded-Host) not in TRUSTED_HOSTS: 400 in plain text, naming nothing
    from the request (the error page's links would need the host)."""
    log.info("Request refused: %s", err.description)
    return Response(UNKNOWN_HOST, 400, mimetype="text/plain")


def _refuse_large_body() -> None:
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)


def _refuse_nul() -> None:
    if "\x00" in request.path or any(
        "\x00" in key or "\x00" in value
        for values in (request.args, request.form)
        for key, value in values.items(multi=True)
    ):
        abort(400, description="The request holds a character that is not allowed (NUL).")


def _template_nonce() -> dict[str, str]:
    """`cspNonce` for the NHS.UK page template's inline script (and the staff <style>). Made
    here if Talisman's before_request did not run (a request refused before it); the
    Content-Security-Policy header then names it all the same."""
    if not has_request_context():
        return {}
    nonce = getattr(request, "csp_nonce", None)
    if not nonce:
        nonce = secrets.token_urlsafe(24)
        setattr(request, "csp_nonce", nonce)  # noqa: B010  (where Talisman keeps it)
    return {"cspNonce": str(nonce)}
