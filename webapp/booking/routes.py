"""Booking over HTTP: the JSON API for booking forms, and the calendar file download."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from webapp.booking import confirmation, submissions
from webapp.security import messages_limit
from webapp.validation import BadInput, booking_request, parse_json

bp = Blueprint("bookings", __name__)
messages_limit(bp)  # RATELIMIT_MESSAGES on its POST routes, per client address


@bp.post("/api/v1/bookings")
def submit() -> ResponseReturnValue:
    """A booking form submitted by an API client; answers with the replies."""
    desk, action, fields = booking_request(
        parse_json(request.get_data(cache=False)), current_app.config["LANGUAGES"]
    )
    reply = submissions.submit(desk, action, fields)
    return jsonify({"topic": "booking", "locale": desk.locale, "replies": [reply.as_dict()]})


@bp.errorhandler(BadInput)
def bad_input(err: BadInput) -> ResponseReturnValue:
    return jsonify(err.as_dict()), err.status


@bp.get("/bookings/calendar/<token>.ics")
def calendar_file(token: str) -> ResponseReturnValue:
    """The appointment as a calendar file; the link is signed, expires, and is refused once
    the appointment is cancelled."""
    booking = confirmation.booking_for_token(token)
    if booking is None:
        abort(
            404, description=_("This calendar link has expired, or the appointment was cancelled.")
        )
    return Response(
        confirmation.calendar_bytes(booking),
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{booking.reference}.ics"'},
    )
