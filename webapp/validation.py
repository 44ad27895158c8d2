"""Checks what clients send before anything else sees it: messages and booking forms, for
the API, the socket and the no-script forms."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, request

from webapp.booking import records
from webapp.booking.desk import Desk
from webapp.booking.submissions import ACTIONS
from webapp.bounds import UNSAFE_CHARS
from webapp.clock import LONDON
from webapp.reply_types import Incoming

# Ids the client sends back: a conversation's, and the chat page's for each message.
_OPAQUE_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_PAYLOAD = re.compile(r"^/[a-z0-9_]{1,40}$")
MAX_FIELD = 200  # characters in one booking form field


class BadInput(Exception):
    """A request the client must fix: answered 4xx with a code and a plain message."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status

    def as_dict(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message}}


@dataclass(frozen=True)
class MessageRequest:
    conversation_id: str | None
    incoming: Incoming
    client_id: str | None = None  # the chat page's id for the message, to answer it once


def parse_json(body: bytes) -> Any:
    """Decode a JSON body, turning every way it can be malformed into BadInput."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as err:
        raise BadInput("invalid_json", "The request body must be valid JSON.") from err


def message_request(data: Any, max_length: int, languages: dict[str, Any]) -> MessageRequest:
    """Validate an API or socket message: text, and optional locale, conversation id, payload."""
    if not isinstance(data, dict):
        raise BadInput("invalid_body", "Send a JSON object with a 'text' field.")
    return MessageRequest(
        conversation_id=_opaque_id(data, "conversation_id"),
        incoming=Incoming(
            text=clean_text(data.get("text"), max_length),
            locale=parse_locale(data.get("locale"), languages),
            payload=_payload(data.get("payload")),
            timezone=parse_timezone(data.get("timezone")),
        ),
        client_id=_opaque_id(data, "client_id"),
    )


def booking_request(data: Any, languages: dict[str, Any]) -> tuple[Desk, str, dict[str, str]]:
    """Validate a submitted booking form: the action, language, time zone and its fields.
    The desk also gets a keyed digest of the client's address (for the booking limits)."""
    if not isinstance(data, dict):
        raise BadInput("invalid_body", "Send a JSON object with an 'action' field.")
    action = data.get("action")
    if action not in ACTIONS:
        raise BadInput("invalid_action", "The 'action' must be one of: " + ", ".join(ACTIONS))
    locale = parse_locale(data.get("locale"), languages) or "en"
    digest = records.ip_digest(request.remote_addr, current_app.config["SECRET_KEY"])
    desk = Desk(locale, parse_timezone(data.get("timezone")) or LONDON.key, ip_digest=digest)
    fields = {}
    for key, value in data.items():
        if key in ("action", "locale", "timezone") or value in (None, ""):
            continue
        if not isinstance(key, str) or not isinstance(value, str | bool | int):
            raise BadInput("invalid_field", "Form fields must be text.")
        fields[key[:40]] = clean_text(str(value), MAX_FIELD)
    return desk, action, fields


def parse_timezone(value: Any) -> str | None:
    """An IANA time zone name such as Europe/London, None when not given."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and len(value) <= 64:
        try:
            ZoneInfo(value)
            return value
        except (ZoneInfoNotFoundError, ValueError):
            pass
    raise BadInput("unknown_timezone", "The 'timezone' must be a time zone like Europe/London.")


def clean_text(value: Any, max_length: int) -> str:
    """The message text, stripped of unsafe characters, non-empty and not too long."""
    if value is None:
        raise BadInput("missing_text", "The 'text' field is required.")
    if not isinstance(value, str):
        raise BadInput("invalid_text", "The 'text' field must be a string.")
    text = UNSAFE_CHARS.sub("", value).strip()
    if not text:
        raise BadInput("empty_text", "The message is empty. Please type something.")
    if len(text) > max_length:
        raise BadInput(
            "text_too_long",
            f"The message is too long. Please keep it under {max_length} characters.",
            413,
        )
    return text


def parse_locale(value: Any, languages: dict[str, Any]) -> str | None:
    """A supported locale code ('pt-BR' counts as 'pt'), None when not given."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        code = value.strip().replace("_", "-").split("-")[0].lower()
        if code in languages:
            return code
    raise BadInput(
        "unknown_locale",
        "That language is not supported. Use one of: " + ", ".join(languages) + ".",
    )


def _opaque_id(data: dict[str, Any], field: str) -> str | None:
    """The id in `field` (8 to 64 letters, digits, '-' or '_'), None when not given."""
    value = data.get(field)
    if value is None:
        return None
    if isinstance(value, str) and _OPAQUE_ID.match(value):
        return value
    raise BadInput(f"invalid_{field}", f"The '{field}' is not valid.")


def _payload(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and _PAYLOAD.match(value):
        return value
    raise BadInput("invalid_payload", "The 'payload' is not a known quick reply.")
