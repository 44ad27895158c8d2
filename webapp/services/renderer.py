"""Turns the bot's keys into the contract's replies in the person's language.

The only place that combines template keys, service details and the locale; the locale is
always an argument, never read from globals."""

from __future__ import annotations

import logging
from datetime import datetime

from babel.dates import format_date, format_time
from flask import url_for
from flask_babel import LazyString, force_locale

from webapp.clock import LONDON
from webapp.config import LANGUAGES
from webapp.easy_read import chosen as _easy
from webapp.easy_read import in_language
from webapp.guides import exercises
from webapp.guides import query as guide_query
from webapp.reply_types import Button, Link, Reply
from webapp.services import cards, crisis_lines, easy_wording
from webapp.services.cards import Audience
from webapp.services.wording import (
    ASK_PLACE_TEXT,
    BACK_TO_ASSISTANT_BUTTON,
    BACK_TO_ASSISTANT_TEXT,
    CHECK_IN_BUTTONS,
    CHECK_IN_TEXT,
    CRISIS_TEXT,
    CRISIS_UNDER_19_TEXT,
    DUTY_WORKER,
    EMERGENCY_TEXT,
    GUIDE_LINK,
    HANDOFF_CLOSED_TEXT,
    HANDOFF_HELP_NOW_TEXT,
    HANDOFF_NEXT_TEXT,
    HANDOFF_NO_NEXT_TEXT,
    HANDOFF_OVERDUE_TEXT,
    HANDOFF_WAITING_TEXT,
    LANGUAGE_OFFER_BUTTON,
    LANGUAGE_OFFER_TEXT,
    LEAVE_MESSAGE_BUTTON,
    LEAVE_MESSAGE_TEXT,
    MESSAGE_LEFT_TEXT,
    NEARBY_TEXT,
    NEED_TEXT,
    SELF_HELP_LINK,
    SOMEONE_ELSE_TEXT,
    SOMEONE_ELSE_UNDER_19_TEXT,
    STAFF_CLOSED_TEXT,
    STAFF_HANDED_BACK_TEXT,
    STAFF_JOINED_TEXT,
    TEMPLATES,
    TOPIC_BUTTONS,
    ReplyTemplate,
)

log = logging.getLogger(__name__)


def render(
    key: str, locale: str, audience: Audience | None = None, easy_read: bool = False
) -> Reply:
    """The reply for a template key, in the given locale (in easy read where asked for and
    written in that language), with today's service cards."""
    template = TEMPLATES.get(key)
    if template is None:
        log.error("No reply template for key %r; answering with the fallback", key)
        key, template = "fallback", TEMPLATES["fallback"]
    with force_locale(locale):
        return _fill(key, template, locale, audience or Audience(), easy_read)


def render_nearby(topic: str, locale: str, audience: Audience) -> Reply:
    """The topic's services again, now that the person has said where they live or their age
    (support for carers and parents first when it is about someone else)."""
    template = TEMPLATES.get(topic)
    first = template.carer_support if template and audience.about.someone_else else ()
    with force_locale(locale):
        return Reply(str(NEARBY_TEXT), cards.for_topic(topic, locale, audience, first=first))


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


# The safety replies by kind (services/safety.REPLIES): the text, its under-19 line, and
# whether the person is asked a question with Yes / No buttons.
SAFETY_REPLIES = {
    "own_life": (CRISIS_TEXT, CRISIS_UNDER_19_TEXT, ()),
    "emergency": (EMERGENCY_TEXT, CRISIS_UNDER_19_TEXT, ()),
    "someone_else": (SOMEONE_ELSE_TEXT, SOMEONE_ELSE_UNDER_19_TEXT, ()),
    "check_in": (CHECK_IN_TEXT, CRISIS_UNDER_19_TEXT, CHECK_IN_BUTTONS),
}


def render_crisis(
    locale: str, may_be_under_19: bool = True, kind: str = "own_life", easy_read: bool = False
) -> Reply:
    """A safety reply (risk to one's own life, an emergency now, someone else at risk, or a
    check-in question): every line the contract names, in the given locale, with today's
    numbers from the content store (or the built-in ones if it cannot answer). In easy read
    the words are simpler and the numbers and cards the same."""
    text_template, under_19_template, buttons = SAFETY_REPLIES[kind]
    if easy_read:
        easy_text, easy_under_19 = easy_wording.SAFETY[kind]
        text_template = in_language(text_template, easy_text, locale)
        under_19_template = in_language(under_19_template, easy_under_19, locale)
    numbers = cards.numbers()
    with force_locale(locale):
        text = str(text_template % numbers)
        if may_be_under_19:
            text += "\n" + under_19_template % numbers
        services = cards.built_in(crisis_lines.crisis_names(may_be_under_19), locale, Audience())
        chosen = tuple(Button(str(b.title), b.payload) for b in buttons)
    return Reply(text, services, chosen)


def render_handoff_waiting(locale: str, minutes: int) -> Reply:
    """Within a duty team's hours: a person has been asked to join, and how long it may take."""
    with force_locale(locale):
        text = str(HANDOFF_WAITING_TEXT % {**cards.numbers(), "minutes": minutes})
        back = Button(str(BACK_TO_ASSISTANT_BUTTON.title), BACK_TO_ASSISTANT_BUTTON.payload)
        return Reply(text, buttons=(back,))


def render_handoff_closed(locale: str, next_start: datetime | None) -> Reply:
    """Out of hours: when someone is next there (Leicester time, in the person's language),
    what to do now (today's crisis numbers, the self-help guides), and the offer to leave a
    message for the duty worker."""
    numbers = cards.numbers()
    with force_locale(locale):
        if next_start is not None:
            local = next_start.astimezone(LONDON)
            when = HANDOFF_NEXT_TEXT % {
                "day": format_date(local.date(), "EEEE d MMMM", locale=locale),
                "time": format_time(local.time(), "HH:mm", locale=locale),
            }
        else:
            when = HANDOFF_NO_NEXT_TEXT
        text = "\n".join(
            (str(HANDOFF_CLOSED_TEXT), str(when), str(HANDOFF_HELP_NOW_TEXT % numbers))
        )
        services = cards.built_in(crisis_lines.crisis_names(True), locale, Audience())
        chosen = (LEAVE_MESSAGE_BUTTON, BACK_TO_ASSISTANT_BUTTON)
        buttons = tuple(Button(str(b.title), b.payload) for b in chosen)
        guides = (Link(str(SELF_HELP_LINK), url_for("guides.index", lang=locale)),)
        return Reply(text, services, buttons, guides)


def render_handoff_note(kind: str, locale: str, name: str = "", role: str = "") -> Reply:
    """A short line in the chat as a handoff moves on: `leave` (type your message),
    `left` (your message is saved), `overdue` (no one has joined yet, past the team's usual
    wait), `back` (the assistant again), and what a duty worker
    did: `joined`, `handed_back`, `closed` (with their first name and role)."""
    with force_locale(locale):
        values = {**cards.numbers(), "name": name, "role": role or str(DUTY_WORKER)}
        texts = {
            "leave": LEAVE_MESSAGE_TEXT,
            "left": MESSAGE_LEFT_TEXT,
            "overdue": HANDOFF_OVERDUE_TEXT,
            "back": BACK_TO_ASSISTANT_TEXT,
            "joined": STAFF_JOINED_TEXT,
            "handed_back": STAFF_HANDED_BACK_TEXT,
            "closed": STAFF_CLOSED_TEXT,
        }
        text = str(texts[kind] % values)
        back = (BACK_TO_ASSISTANT_BUTTON,)
        shown = {"leave": back, "overdue": back, "back": TOPIC_BUTTONS}.get(kind, ())
        return Reply(text, buttons=tuple(Button(str(b.title), b.payload) for b in shown))


def button_title(payload: str | None, locale: str) -> str | None:
    """The title of the quick reply with this payload, to show as what the person chose."""
    buttons = [
        *(b for t in TEMPLATES.values() for b in t.buttons),
        *CHECK_IN_BUTTONS,
        LEAVE_MESSAGE_BUTTON,
        BACK_TO_ASSISTANT_BUTTON,
    ]
    with force_locale(locale):
        for button in buttons:
            if button.payload == payload:
                return str(button.title)
    return None


def _fill(
    key: str, template: ReplyTemplate, locale: str, audience: Audience, easy_read: bool
) -> Reply:
    """Resolve lazy strings in the active locale, fill the placeholders, add the cards."""
    # What the message describes leads (its lines, then its services), then the topic's own
    # services, then the lines the reply names (none twice).
    need = audience.need if template.need_first else None
    someone_else = audience.about.someone_else
    services = cards.built_in(need.lines, locale, audience) if need else ()
    if template.cards:
        first = need.services if need else ()
        if someone_else:
            first = template.carer_support + first
        services += cards.for_topic(template.cards, locale, audience, template.card_limit, first)
    shown = {s.id for s in services}
    services += tuple(
        s for s in cards.built_in(template.services, locale, audience) if s.id not in shown
    )
    numbers = cards.numbers()
    text = str(_text(key, template, audience, locale, easy_read) % numbers)
    if need and need.kind in NEED_TEXT:
        easy = easy_wording.NEED_TEXT.get(need.kind)
        text = str(_easy(NEED_TEXT[need.kind], easy, locale, easy_read) % numbers) + "\n" + text
    if template.ask_place and audience.place.area is None:
        text += "\n" + str(_easy(ASK_PLACE_TEXT, easy_wording.ASK_PLACE_TEXT, locale, easy_read))
    buttons = tuple(Button(str(b.title), b.payload) for b in template.buttons)
    if template.exercises:
        buttons = exercises.offer(locale) + buttons
    return Reply(
        text=text,
        services=services,
        buttons=buttons,
        links=guide_links(template, locale, audience),
    )


def _text(
    key: str, template: ReplyTemplate, audience: Audience, locale: str, easy_read: bool
) -> LazyString:
    """The template's text, or its words to someone asking for another person; in easy
    read where asked for and written in this language."""
    if audience.about.someone_else and template.about_them:
        pronoun = audience.about.pronoun
        easy = easy_wording.ABOUT_THEM.get(key, {}).get(pronoun)
        return _easy(template.about_them[pronoun], easy, locale, easy_read)
    return _easy(template.text, easy_wording.TEMPLATES.get(key), locale, easy_read)


def guide_links(template: ReplyTemplate, locale: str, audience: Audience) -> tuple[Link, ...]:
    """Links to the self-help guides that go with a reply, in the person's language."""
    titles = guide_query.chat_titles(template.guides, template.cards, audience.age, locale)
    return tuple(
        Link(str(GUIDE_LINK % {"title": t.title}), url_for("guides.guide", guide_id=t.guide_id))
        for t in titles[:2]
    )
