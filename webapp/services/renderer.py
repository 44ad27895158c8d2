"""Turns the bot's keys into the contract's replies in the person's language.

The only place that combines template keys, service details and the locale; the locale is
always an argument, never read from globals."""

from __future__ import annotations

import logging

from flask import url_for
from flask_babel import force_locale

from webapp.config import LANGUAGES
from webapp.guides import exercises
from webapp.guides import query as guide_query
from webapp.services import cards, crisis_lines
from webapp.services.cards import Audience
from webapp.services.replies import Button, Link, Reply
from webapp.services.reply_templates import (
    ASK_PLACE_TEXT,
    CRISIS_UNDER_19_TEXT,
    GUIDE_LINK,
    LANGUAGE_OFFER_BUTTON,
    LANGUAGE_OFFER_TEXT,
    NEARBY_TEXT,
    TEMPLATES,
    ReplyTemplate,
)

log = logging.getLogger(__name__)


def render(key: str, locale: str, audience: Audience | None = None) -> Reply:
    """The reply for a template key, in the given locale, with today's service cards."""
    template = TEMPLATES.get(key)
    if template is None:
        log.error("No reply template for key %r; answering with the fallback", key)
        template = TEMPLATES["fallback"]
    with force_locale(locale):
        return _fill(template, locale, audience or Audience())


def render_nearby(topic: str, locale: str, audience: Audience) -> Reply:
    """The topic's services again, now that the person has said where they live or their age."""
    with force_locale(locale):
        return Reply(str(NEARBY_TEXT), cards.for_topic(topic, locale, audience))


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
    """The crisis reply: every line the contract names, in the given locale, with today's
    numbers from the content store (or the built-in ones if it cannot answer)."""
    numbers = cards.numbers()
    with force_locale(locale):
        text = str(TEMPLATES["crisis"].text % numbers)
        if may_be_under_19:
            text += "\n" + CRISIS_UNDER_19_TEXT % numbers
        services = cards.built_in(crisis_lines.crisis_names(may_be_under_19), locale, Audience())
    return Reply(text, services)


def button_title(payload: str | None, locale: str) -> str | None:
    """The title of the quick reply with this payload, to show as what the person chose."""
    with force_locale(locale):
        for template in TEMPLATES.values():
            for button in template.buttons:
                if button.payload == payload:
                    return str(button.title)
    return None


def _fill(template: ReplyTemplate, locale: str, audience: Audience) -> Reply:
    """Resolve lazy strings in the active locale, fill the placeholders, add the cards."""
    services = cards.built_in(template.services, locale, audience)
    if template.cards:
        services += cards.for_topic(template.cards, locale, audience)
    text = str(template.text % cards.numbers())
    if template.ask_place and audience.place.area is None:
        text += "\n" + str(ASK_PLACE_TEXT)
    buttons = tuple(Button(str(b.title), b.payload) for b in template.buttons)
    if template.exercises:
        buttons = exercises.offer(locale) + buttons
    return Reply(
        text=text,
        services=services,
        buttons=buttons,
        links=guide_links(template, locale, audience),
    )


def guide_links(template: ReplyTemplate, locale: str, audience: Audience) -> tuple[Link, ...]:
    """Links to the self-help guides that go with a reply, in the person's language."""
    titles = guide_query.chat_titles(template.guides, template.cards, audience.age, locale)
    return tuple(
        Link(str(GUIDE_LINK % {"title": t.title}), url_for("guides.guide", guide_id=t.guide_id))
        for t in titles[:2]
    )
