"""A message read once for every layer of the safety net: its normalised forms."""

from __future__ import annotations

from dataclasses import dataclass

from webapp.services.safety.normalise import normalise


@dataclass(frozen=True)
class Reading:
    """`text` is the normalised message; `forms` adds, when it differs, the form that keeps
    digits inside words (romanised Arabic writes letters as 2, 3, 5, 7 and 9)."""

    text: str
    forms: tuple[str, ...]

    @classmethod
    def of(cls, raw: str) -> Reading:
        text = normalise(raw or "")
        digits_kept = normalise(raw or "", leet=False)
        return cls(text, (text,) if digits_kept == text else (text, digits_kept))

    @property
    def for_classifier(self) -> str:
        """What the classifier reads: every form, so that romanised Arabic reaches it with
        its digit-letters ("3ayez amoot") as well as read as leetspeak ("eayez amoot")."""
        return " ".join(self.forms)
