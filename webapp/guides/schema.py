"""The shape of a guide file (content/guides/<id>.yml) and of one translation
(content/guides/translations/<locale>/<id>.yml); staff edits are held to the same rules."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field, field_validator, model_validator

from webapp.content.schema import SLUG, URL, AudienceIn, Strict
from webapp.models.content import TOPICS
from webapp.models.guide import EXERCISES, TEXT_STATUSES


class SourceIn(Strict):
    title: str = Field(min_length=1, max_length=300)
    url: str

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if not URL.match(value):
            raise ValueError("must be a full https:// address")
        return value


class TextIn(Strict):
    """The guide in one language. Markdown body; HTML is removed when it is shown."""

    title: str = Field(min_length=1, max_length=200)
    summary: str = Field(default="", max_length=600)
    body: str = Field(min_length=1, max_length=20_000)
    easy_body: str = Field(default="", max_length=20_000)  # easy read; none yet: ""
    status: Literal[TEXT_STATUSES] = "needs_review"  # type: ignore[valid-type]


class GuideIn(Strict):
    id: str = Field(pattern=SLUG, max_length=80)
    title: str = Field(min_length=1, max_length=200)
    summary: str = Field(default="", max_length=600)
    body: str = Field(min_length=1, max_length=20_000)
    easy_body: str = Field(default="", max_length=20_000)
    topics: list[Literal[TOPICS]] = Field(min_length=1)  # type: ignore[valid-type]
    audience: AudienceIn = AudienceIn()
    exercises: list[Literal[EXERCISES]] = []  # type: ignore[valid-type]
    sources: list[SourceIn] = Field(min_length=1)
    last_reviewed: date | None = None
    review_due: date | None = None
    retired: bool = False
    translations: dict[str, TextIn] = {}

    @model_validator(mode="after")
    def _no_english_translation(self) -> GuideIn:
        if "en" in self.translations:
            raise ValueError("English is the guide itself, not a translation")
        return self
