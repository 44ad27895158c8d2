"""A corpus of hostile inputs, shared by the tests that send them through every way in: the
API, the socket and the staff forms. Each is named, so a failure says which one.

TEXTS are strings a person could type or a client could send as a JSON string; BODIES are raw
HTTP bodies that are not even valid requests. Markers (`x…y`) around the template and format
strings let a test tell "shown as typed" from "evaluated" without matching digits elsewhere
on the page."""

from __future__ import annotations

TEMPLATE = "x{{7*7}}y"
TEMPLATE_EVALUATED = "x49y"
FORMAT = "a%(x)s%s{0}b"

TEXTS: dict[str, str] = {
    "script-tag": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "svg-onload": "<svg onload=alert(1)>",
    "attribute-breakout": "\"'><script>alert(1)</script>",
    "quote-breakout": 'x" autofocus onfocus="alert(1)',
    "textarea-breakout": "</textarea><script>alert(1)</script>",
    "javascript-url": "javascript:alert(1)",
    "javascript-url-mixed-case": " JaVaScRiPt:alert(1)",
    "sql-drop": "'; DROP TABLE message; --",
    "sql-or": "' OR '1'='1' --",
    "nul-and-escape": "\x00\x1b[31m red",
    "control-characters": "bell\x07 back\x08 del\x7f nel\x85 end",
    "rtl-override": "\u202eevil",
    "bidi-isolates": "\u2066abc\u2069 \u202adef\u202c",
    "template-injection": TEMPLATE,
    "jinja-statement": "{% for i in range(3) %}loop{% endfor %}",
    "format-string": FORMAT,
    "emoji-and-combining": "👩‍👩‍👧 Z\u0335\u0327a\u0334l\u0337g\u0338o e\u0301 \U0001f3f4",
    "html-entities": "&lt;script&gt; &amp; &#x3C;b&#x3E;",
    "one-megabyte": "A" * 1_048_576,
}

# Inputs whose clean form must never reach a page: the characters removed or refused.
NEVER_ON_A_PAGE = ("\x00", "\x1b", "\u202e", "\u2066", "\u202a")

NESTING = 100_000
BODIES: dict[str, bytes] = {
    "invalid-utf8": b"\xff\xfe\xfd",
    "invalid-utf8-in-a-string": b'{"text": "\xff\xfe\xfd"}',
    "lone-surrogate": b'{"text": "\\ud800 hi"}',
    "nested-arrays": b"[" * NESTING + b"]" * NESTING,
    "nested-objects": b'{"a":' * NESTING + b"1" + b"}" * NESTING,
    "nested-text": b'{"text": ' + b"[" * NESTING + b"]" * NESTING + b"}",
    "one-megabyte": b'{"text": "' + b"A" * 1_048_576 + b'"}',
    "not-json": b"<script>alert(1)</script>",
    "huge-number": b'{"text": 1e999}',
    "duplicate-keys": b'{"text": "hi", "text": {"$ne": null}}',
    "empty": b"",
}


def nested(depth: int = NESTING) -> list[object]:
    """A list nested `depth` deep, built without recursion."""
    value: list[object] = []
    for _ in range(depth - 1):
        value = [value]
    return value
