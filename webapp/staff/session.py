"""Signed-cookie sessions in which a staff sign-in expires.

Staff sessions are made permanent at sign-in, so they last PERMANENT_SESSION_LIFETIME
(STAFF_SESSION_MINUTES) and are re-signed on every request (SESSION_REFRESH_EACH_REQUEST):
activity keeps them alive, and the cookie's own expiry never outlives that. Flask would
hold *every* session cookie to that short lifetime; the public chat's browser-session
cookie instead keeps Flask's usual 31-day bound, so a long chat is never cut off. The cookie
alone does not make a sign-in: the session it names must also be live on the server
(webapp.staff.signins), so signing out ends it wherever the cookie was copied."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from webapp import clock

# Flask's default PERMANENT_SESSION_LIFETIME, kept as the bound for non-permanent sessions.
BROWSER_SESSION_MAX_AGE = timedelta(days=31)


class _ClockSigner(TimestampSigner):
    """Signs with the staff clock's time, so expiry follows one clock."""

    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


class SessionInterface(SecureCookieSessionInterface):
    """Flask's cookie session; only permanent (signed-in staff) sessions expire early."""

    def __init__(self) -> None:
        # Flask builds a serializer for every request, and Flask-SocketIO opens the session
        # for every chat message: building one (itsdangerous test-serializes a value to
        # check its serializer) was 7% of the web process's busy time in a turn (py-spy).
        # One per set of keys is enough; serializers hold only settings, so threads can
        # share them.
        self._serializers: dict[tuple[object, ...], URLSafeTimedSerializer] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        if (serializer := self._serializers.get(keys)) is not None:
            return serializer
        serializer = super().get_signing_serializer(app)
        if serializer is not None:
            serializer.signer = _ClockSigner
            self._serializers[keys] = serializer
        return serializer

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        try:
            max_age = int(BROWSER_SESSION_MAX_AGE.total_seconds())
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        if data.get("_permanent") and clock.now() - signed_at > app.permanent_session_lifetime:
            return self.session_class()  # a staff session idle too long: signed out
        return self.session_class(data)
