"""Booking over HTTP: the JSON API for booking forms, and the calendar file download."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from webapp.booking import bookings
from webapp.booking import desk as booking_desk
from webapp.booking.desk import ACTIONS, Desk
from webapp.validation import BadInput, clean_text, parse_json, parse_locale, parse_timezone

bp = Blueprint("bookings", __name__)
MAX_FIELD = 200


def booking_request(data: Any, languages: dict[str, Any]) -> tuple[Desk, str, dict[str, str]]:
    """Validate a submitted booking form: the action, language, time zone and its fields.
    The desk also gets a keyed digest of the client's address (for the booking limits)."""
    if not isinstance(data, dict):
        raise BadInput("invalid_body", "Send a JSON object with an 'action' field.")
    action = data.get("action")
    if action not in ACTIONS:
        raise BadInput("invalid_action", "The 'action' must be one of: " + ", ".join(ACTIONS))
    locale = parse_locale(data.get("locale"), languages) or "en"
    digest = bookings.ip_digest(request.remote_addr, current_app.config["SECRET_KEY"])
    desk = Desk(locale, parse_timezone(data.get("timezone")) or "Europe/London", ip_digest=digest)
    fields = {}
    for key, value in data.items():
        if key in ("action", "locale", "timezone") or value in (None, ""):
            continue
        if not isinstance(key, str) or not isinstance(value, str | bool | int):
            raise BadInput("invalid_field", "Form fields must be text.")
        fields[key[:40]] = clean_text(str(value), MAX_FIELD)
    return desk, action, fields


@bp.post("/api/v1/bookings")
def submit() -> ResponseReturnValue:
    """A booking form submitted by an API client; answers with the replies."""
    desk, action, fields = booking_request(
        parse_json(request.get_data(cache=False)), current_app.config["LANGUAGES"]
    )
    reply = booking_desk.submit(desk, action, fields)
    return jsonify({"topic": "booking", "locale": desk.locale, "replies": [reply.as_dict()]})


@bp.errorhandler(BadInput)
def bad_input(err: BadInput) -> ResponseReturnValue:
    return jsonify(err.as_dict()), err.status


@bp.get("/bookings/calendar/<token>.ics")
def calendar_file(token: str) -> ResponseReturnValue:
    """The appointment as a calendar file; the link is signed, expires, and is refused once
    the appointment is cancelled."""
    booking = booking_desk.booking_for_token(token)
    if booking is None:
        abort(
            404, description=_("This calendar link has expired, or the appointment was cancelled.")
        )
    return Response(
        booking_desk.calendar_bytes(booking),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{booking.reference}.ics"'},
    )
