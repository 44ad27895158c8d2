"""Validation turns every malformed message into a clear BadInput, and cleans what it keeps."""

from __future__ import annotations

import pytest

from webapp.config import LANGUAGES
from webapp.validation import BadInput, clean_text, message_request, parse_json, parse_locale


def test_text_is_kept_as_typed_apart_from_surrounding_space() -> None:
    assert clean_text("  <script>alert(1)</script> hi  ", 2000) == "<script>alert(1)</script> hi"


def test_control_and_bidi_override_characters_are_removed() -> None:
    hidden = "kill\u202emyself\x00\x07 \u2066now\u2069"
    assert clean_text(hidden, 2000) == "killmyself now"


def test_lone_surrogates_from_json_are_removed() -> None:
    assert clean_text(parse_json(b'{"t": "a\\ud800b"}')["t"], 2000) == "ab"


def test_newlines_and_tabs_are_kept() -> None:
    assert clean_text("line one\n\tline two", 2000) == "line one\n\tline two"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, "missing_text"),
        (42, "invalid_text"),
        (["hi"], "invalid_text"),
        ("", "empty_text"),
        ("   \n ", "empty_text"),
        ("\u202e\x00", "empty_text"),
        ("x" * 2001, "text_too_long"),
    ],
)
def test_bad_text_is_refused_with_a_code(value: object, code: str) -> None:
    with pytest.raises(BadInput) as err:
        clean_text(value, 2000)
    assert err.value.code == code
    assert 400 <= err.value.status < 500


@pytest.mark.parametrize(("value", "expected"), [("gu", "gu"), ("pt-BR", "pt"), ("UR", "ur")])
def test_supported_locales_are_accepted(value: str, expected: str) -> None:
    assert parse_locale(value, LANGUAGES) == expected


@pytest.mark.parametrize("value", ["xx", "klingon", 7, "../../etc"])
def test_unknown_locales_are_refused(value: object) -> None:
    with pytest.raises(BadInput) as err:
        parse_locale(value, LANGUAGES)
    assert err.value.code == "unknown_locale"


@pytest.mark.parametrize(
    "body",
    [b"{", b"not json", b"\xff\xfe\x00", b"[" * 100_000 + b"]" * 100_000, b""],
    ids=["truncated", "text", "invalid-utf8", "deeply-nested", "empty"],
)
def test_malformed_json_is_refused(body: bytes) -> None:
    with pytest.raises(BadInput) as err:
        parse_json(body)
    assert err.value.code == "invalid_json"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ([], "invalid_body"),
        ("hello", "invalid_body"),
        ({"text": "hi", "conversation_id": "../x"}, "invalid_conversation_id"),
        ({"text": "hi", "conversation_id": 5}, "invalid_conversation_id"),
        ({"text": "hi", "payload": "<b>"}, "invalid_payload"),
    ],
)
def test_malformed_messages_are_refused(data: object, code: str) -> None:
    with pytest.raises(BadInput) as err:
        message_request(data, 2000, LANGUAGES)
    assert err.value.code == code


def test_a_full_message_is_parsed() -> None:
    request = message_request(
        {"text": "hi", "locale": "ur", "conversation_id": "abcdefgh12", "payload": "/camhs"},
        2000,
        LANGUAGES,
    )
    assert request.conversation_id == "abcdefgh12"
    assert (request.incoming.text, request.incoming.locale, request.incoming.payload) == (
        "hi",
        "ur",
        "/camhs",
    )
