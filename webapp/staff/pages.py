"""Rendering staff pages: always in English, whichever language this browser chose for the chat."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import force_locale


def error_list(errors: dict[str, str]) -> list[dict[str, str]]:
    """Items for the NHS.UK error summary, each linking to its field."""
    return [{"text": message, "href": f"#{key}"} for key, message in errors.items()]


def render(template: str, **context: Any) -> str:
    """A staff page in English (the staff UI), its strings still wrapped for gettext."""
    with force_locale("en"):
        return render_template(template, **context)
