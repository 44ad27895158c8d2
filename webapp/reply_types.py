"""The values that cross module lines for a turn: the message as validated, and the answer's
replies, service links, buttons and forms. Imports nothing of the app."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Incoming:
    """A message as the handlers validated it."""

    text: str  # what the person typed, or the title of the button they chose
    locale: str | None = None  # an explicit choice; None keeps the conversation's language
    payload: str | None = None  # a quick-reply payload such as "/camhs", sent to the bot as is
    timezone: str | None = None  # the browser's IANA time zone, for showing appointment times
    easy_read: bool = False  # the person chose easy read (kept in their browser's session)


@dataclass(frozen=True)
class ServiceLink:
    """A service named in a reply: the contract's `services` item, plus optional details."""

    id: str
    name: str
    phone: str | None = None
    url: str | None = None
    sms: str | None = None  # a number to text
    sms_body: str | None = None  # what to text to it, e.g. "SHOUT"
    description: str | None = None
    when: str | None = None  # the next session, in the reply's language
    where: str | None = None  # the nearest place it runs
    lang: str | None = None  # the language of name and description, when not the reply's


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    kind: str = "text"  # text, email, tel, number, date, checkbox, radio
    hint: str | None = None
    required: bool = False
    value: str = ""
    options: tuple[tuple[str, str], ...] = ()  # (value, label) for radio
    error: str | None = None


@dataclass(frozen=True)
class Form:
    """A small form inside a reply (booking details), sent back by the browser as data."""

    action: str  # what submitting it does, e.g. "book", "find_change", "cancel"
    submit: str
    fields: tuple[FormField, ...]
    hidden: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Reply:
    text: str
    services: tuple[ServiceLink, ...] = ()
    buttons: tuple[Button, ...] = ()
    links: tuple[Link, ...] = ()
    form: Form | None = None

    def as_dict(self) -> dict[str, Any]:
        """The contract's reply object (None fields of services left out), plus any links
        and form."""
        reply: dict[str, Any] = {
            "text": self.text,
            "services": [
                {k: v for k, v in asdict(s).items() if v is not None} for s in self.services
            ],
            "buttons": [asdict(b) for b in self.buttons],
        }
        if self.links:
            reply["links"] = [asdict(link) for link in self.links]
        if self.form:
            reply["form"] = asdict(self.form)
        return reply


@dataclass(frozen=True)
class Turn:
    """What one message produced: the contract's answer object."""

    conversation_id: str
    locale: str
    topic: str
    crisis: bool
    replies: tuple[Reply, ...] = field(default_factory=tuple)
    bot_available: bool = True
    # Set when the person chose to switch the whole page to another language.
    page_locale: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The contract's answer, plus `page_locale` when the page should change language."""
        answer: dict[str, Any] = {
            "conversation_id": self.conversation_id,
            "locale": self.locale,
            "topic": self.topic,
            "crisis": self.crisis,
            "replies": [r.as_dict() for r in self.replies],
        }
        if self.page_locale:
            answer["page_locale"] = self.page_locale
        return answer
