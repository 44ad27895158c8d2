"""Service cards for replies, from the live content store that staff edit.

A card never fails a reply: if the database cannot answer, crisis lines fall back to the
built-in copies in crisis_lines.py and other cards are left out."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

import sqlalchemy as sa
from babel.dates import format_date, format_time
from flask_babel import force_locale
from flask_babel import gettext as _

from webapp import clock
from webapp.content import query
from webapp.extensions import db
from webapp.models import Service
from webapp.places import Place
from webapp.reply_types import ServiceLink
from webapp.services import crisis_lines
from webapp.services.about import About
from webapp.services.which_service import Need

log = logging.getLogger(__name__)
T = TypeVar("T")

# Which live service and field each crisis-number placeholder is read from.
NUMBER_SOURCES = {
    "emergency": ("crisis-999", "phone"),
    "nhs111": ("nhs-111", "phone"),
    "samaritans": ("crisis-samaritans", "phone"),
    "shout_number": ("crisis-shout", "text_number"),
    "shout_word": ("crisis-shout", "text_body"),
    "childline": ("crisis-childline", "phone"),
    "central_access_point": ("lpt-central-access-point", "phone"),
}


@dataclass(frozen=True)
class Audience:
    """What the conversation has said about the person: where, how old, when it is, which
    kind of service the message describes (services/which_service), and whether it is about
    someone other than the writer (services/about.py; the age is then theirs)."""

    place: Place = Place()
    age: int | None = None
    now: datetime = field(default_factory=clock.local_now)
    need: Need | None = None
    about: About = About()


def for_topic(
    topic: str, locale: str, audience: Audience, limit: int = 3, first: tuple[str, ...] = ()
) -> tuple[ServiceLink, ...]:
    """The live services for a topic that suit this person, as cards (at most `limit`), the
    services named in `first` before the others."""
    services: list[Service] = _safely(
        lambda: query.services_for(
            topic, audience.place, audience.age, audience.now.date(), limit, first
        ),
        [],
    )
    return tuple(card(s, locale, audience) for s in services)


def built_in(names: Iterable[str], locale: str, audience: Audience) -> tuple[ServiceLink, ...]:
    """Named crisis and NHS lines: today's live copy, else the built-in one."""
    live: dict[str, Service] = _safely(query.live_by_id, {})
    cards = []
    for name in names:
        fallback = crisis_lines.BUILT_IN[name]
        service = live.get(fallback.id)
        cards.append(card(service, locale, audience) if service is not None else fallback)
    return tuple(cards)


def numbers() -> dict[str, str]:
    """The numbers crisis text quotes, from the live store where staff keep them current."""
    found = dict(crisis_lines.NUMBERS)
    rows: dict[str, Service] = _safely(query.live_by_id, {})
    for name, (service_id, attribute) in NUMBER_SOURCES.items():
        value = getattr(rows.get(service_id), attribute, None)
        if value:
            found[name] = value
    return found


def card(service: Service, locale: str, audience: Audience) -> ServiceLink:
    """One service as a card: its name and description in the person's language where staff
    have translated them (else English, marked with lang='en'), its next session and place."""
    translated = service.translations.get(locale, {}) if locale != "en" else {}
    name = translated.get("name") or service.name
    description = translated.get("description") or service.description
    untranslated = locale != "en" and not translated.get("description")
    locations = query.current_locations(service, audience.place, audience.now)
    location = locations[0] if locations else None
    with force_locale(locale):
        when = _when(location, locale, audience.now) if location else None
    return ServiceLink(
        id=service.id,
        name=name,
        phone=service.phone,
        url=service.website,
        sms=service.text_number,
        sms_body=service.text_body,
        description=description,
        when=when,
        where=_where(location) if location else None,
        lang="en" if untranslated else None,
    )


def _when(location: object, locale: str, now: datetime) -> str | None:
    sessions = [query.next_session(s, now) for s in getattr(location, "schedules", [])]
    upcoming = sorted((s for s in sessions if s is not None), key=lambda s: (s.day, s.opens_at))
    if not upcoming:
        return None
    session = upcoming[0]
    text = _(
        "Next: %(day)s, %(start)s to %(end)s",
        day=format_date(session.day, "EEEE d MMMM", locale=locale),
        start=format_time(session.opens_at, "HH:mm", locale=locale),
        end=format_time(session.closes_at, "HH:mm", locale=locale),
    )
    if session.term_time_only:
        text += " " + _("(term time only)")
    return text


def _where(location: object) -> str | None:
    if getattr(location, "area", None) == "national":
        return None
    parts = [getattr(location, k, None) for k in ("name", "address", "postcode")]
    return ", ".join(p for p in parts if p) or None


def _safely(fetch: Callable[[], T], fallback: T) -> T:
    """Run a content query; on a database failure log it and use the fallback."""
    try:
        return fetch()
    except sa.exc.SQLAlchemyError as err:
        log.error("Content store unavailable, using fallback: %s", type(err).__name__)
        db.session.rollback()
        return fallback
