"""Turns the bot's keys into the contract's replies in the person's language.

The only place that combines template keys, service details and the locale; the locale is
always an argument, never read from globals."""

from __future__ import annotations

import logging

from flask_babel import force_locale

from webapp.config import LANGUAGES
from webapp.services import crisis_lines
from webapp.services.replies import Button, Reply
from webapp.services.reply_templates import (
    CRISIS_UNDER_19_TEXT,
    LANGUAGE_OFFER_BUTTON,
    LANGUAGE_OFFER_TEXT,
    TEMPLATES,
    ReplyTemplate,
)

log = logging.getLogger(__name__)


def render(key: str, locale: str) -> Reply:
    """The reply for a template key, in the given locale."""
    template = TEMPLATES.get(key)
    if template is None:
        log.error("No reply template for key %r; answering with the fallback", key)
        template = TEMPLATES["fallback"]
    with force_locale(locale):
        return _fill(template)


def render_language_offer(locale: str) -> Reply:
    """In `locale` itself: shall the whole page switch to it?"""
    name = LANGUAGES[locale][0]
    with force_locale(locale):
        return Reply(
            text=str(LANGUAGE_OFFER_TEXT % {"language": name}),
            buttons=(
                Button(str(LANGUAGE_OFFER_BUTTON % {"language": name}), f"/set_locale_{locale}"),
            ),
        )


def render_crisis(locale: str, may_be_under_19: bool = True) -> Reply:
    """The crisis reply: every line the contract names, in the given locale."""
    with force_locale(locale):
        reply = _fill(TEMPLATES["crisis"])
        text = reply.text
        if may_be_under_19:
            text += "\n" + CRISIS_UNDER_19_TEXT % crisis_lines.NUMBERS
    return Reply(text, crisis_lines.crisis_services(may_be_under_19), reply.buttons)


def button_title(payload: str | None, locale: str) -> str | None:
    """The title of the quick reply with this payload, to show as what the person chose."""
    with force_locale(locale):
        for template in TEMPLATES.values():
            for button in template.buttons:
                if button.payload == payload:
                    return str(button.title)
    return None


def _fill(template: ReplyTemplate) -> Reply:
    """Resolve lazy strings in the active locale and fill the named placeholders."""
    return Reply(
        text=template.text % crisis_lines.NUMBERS,
        services=tuple(crisis_lines.BUILT_IN[name] for name in template.services),
        buttons=tuple(Button(str(b.title), b.payload) for b in template.buttons),
    )
