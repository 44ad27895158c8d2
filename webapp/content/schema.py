"""The shape of one content file (content/*.yml), checked with pydantic. The same models
check staff edits, so a form and a file are held to the same rules."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from webapp.bounds import EMAIL, UNSAFE_CHARS
from webapp.models.content import ACCESS, AREAS, STATUSES, TOPICS

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# UK numbers as people dial them: 999, 111, 116 123, 0808 800 3302, 07520 615386, 85258.
PHONE = re.compile(r"^(?:\d{3}|\d{3} \d{3}|\d{5}|0\d{2,4}(?: ?\d{3,4}){1,2}|0\d{10})$")
POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")
_DAY = r"(?:[+-]?[1-5])?(?:MO|TU|WE|TH|FR|SA|SU)"
BYDAY = re.compile(rf"^{_DAY}(?:,{_DAY})*$")
URL = re.compile(r"^https://[^\s<>\"]+$")
LOCALE = r"^[a-z]{2,3}$"

Text = Annotated[str, Field(min_length=1, max_length=2000)]


def _no_markup(value: str | None) -> str | None:
    """Content is plain text: a tag in it is a mistake or an attack, so refuse it."""
    if value is not None and re.search(r"<\s*[a-zA-Z/!]", value):
        raise ValueError("must be plain text, without HTML tags")
    return value


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _no_hidden_characters(cls, value: Any) -> Any:
        """Removed from all text, so nothing stored can hide or reorder a page's words."""
        return UNSAFE_CHARS.sub("", value) if isinstance(value, str) else value


class ScheduleIn(Strict):
    freq: Literal["WEEKLY", "MONTHLY"]
    interval: int = Field(default=1, ge=1, le=12)
    byday: str
    opens_at: time
    closes_at: time
    valid_from: date | None = None
    valid_to: date | None = None
    term_time_only: bool = False
    note: str | None = Field(default=None, max_length=300)

    @field_validator("byday")
    @classmethod
    def _byday(cls, value: str) -> str:
        value = value.upper().replace(" ", "")
        if not BYDAY.match(value):
            raise ValueError("must be RFC 5545 days such as TU, MO,WE or 2TU (second Tuesday)")
        return value

    @model_validator(mode="after")
    def _times(self) -> ScheduleIn:
        if self.closes_at <= self.opens_at:
            raise ValueError("closes_at must be after opens_at")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValueError("valid_to must not be before valid_from")
        if self.interval > 1 and self.valid_from is None:
            raise ValueError("valid_from is needed to count 'every other' weeks or months from")
        return self


class LocationIn(Strict):
    name: str | None = Field(default=None, max_length=200)
    address: str | None = Field(default=None, max_length=500)
    postcode: str | None = None
    area: Literal[AREAS]  # type: ignore[valid-type]
    schedules: list[ScheduleIn] = []

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.upper().strip()
        if not POSTCODE.match(value):
            raise ValueError("must be a UK postcode such as LE1 6TH")
        return value

    _plain = field_validator("name", "address")(lambda cls, v: _no_markup(v))


class ContactsIn(Strict):
    phone: str | None = None
    text: str | None = None  # a number to text
    text_body: str | None = Field(default=None, max_length=40)  # the word to text, e.g. SHOUT
    email: str | None = None
    website: str | None = None
    # Why the website is a site's home page rather than the page about this service.
    home_page_reason: str | None = Field(default=None, max_length=300)

    _plain = field_validator("home_page_reason")(lambda cls, v: _no_markup(v))

    @field_validator("phone", "text")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is not None and not PHONE.match(value):
            raise ValueError("must be a UK phone number written as dialled, e.g. 0808 800 3302")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not EMAIL.match(value):
            raise ValueError("must be an email address")
        return value

    @field_validator("website")
    @classmethod
    def _website(cls, value: str | None) -> str | None:
        if value is not None and not URL.match(value):
            raise ValueError("must be a full https:// address")
        return value


class AudienceIn(Strict):
    min_age: int | None = Field(default=None, ge=0, le=120)
    max_age: int | None = Field(default=None, ge=0, le=120)
    carers: bool = False
    parents: bool = False

    @model_validator(mode="after")
    def _ages(self) -> AudienceIn:
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise ValueError("max_age must not be below min_age")
        return self


class TranslationIn(Strict):
    name: str | None = Field(default=None, max_length=200)
    description: str | None = Field(default=None, max_length=2000)

    _plain = field_validator("name", "description")(lambda cls, v: _no_markup(v))


class ServiceIn(Strict):
    id: str = Field(pattern=SLUG, max_length=80)
    organisation: str | None = Field(default=None, pattern=SLUG)
    name: Text
    status: Literal[STATUSES] = "active"  # type: ignore[valid-type]
    description: Text
    topics: list[Literal[TOPICS]] = Field(min_length=1)  # type: ignore[valid-type]
    audience: AudienceIn = AudienceIn()
    access: Literal[ACCESS] = "self_referral"  # type: ignore[valid-type]
    cost: str | None = Field(default=None, max_length=200)
    languages: list[Annotated[str, Field(pattern=LOCALE)]] = ["en"]
    contacts: ContactsIn = ContactsIn()
    locations: list[LocationIn] = []
    translations: dict[Annotated[str, Field(pattern=LOCALE)], TranslationIn] = {}
    source: Text  # where the facts come from: every entry must say
    last_reviewed: date | None = None
    review_due: date | None = None
    needs_review: bool = False
    review_reason: str | None = Field(default=None, max_length=1000)  # what to check, and why
    retired: bool = False  # hidden from the chat, kept with its history

    _plain = field_validator("name", "description", "cost", "review_reason")(
        lambda cls, v: _no_markup(v)
    )

    @model_validator(mode="after")
    def _contactable(self) -> ServiceIn:
        c = self.contacts
        if not (c.phone or c.text or c.email or c.website or self.locations):
            raise ValueError("needs at least one way to reach it: a contact or a location")
        return self


class OrganisationIn(Strict):
    id: str = Field(pattern=SLUG, max_length=80)
    name: Text
    url: str | None = Field(default=None, pattern=r"^https://\S+$")


class ContentFile(Strict):
    organisations: list[OrganisationIn] = []
    services: list[ServiceIn] = []
