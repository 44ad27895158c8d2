"""The frames of the concept scorer: which concepts, found close together, signal risk and
which reply they need (data/concepts/frames.yml), and who the risk is about."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

REPLIES = frozenset({"own_life", "emergency", "someone_else", "check_in"})
# Concepts that say who the message is about or what kind of talk it is: they never fire a
# frame by themselves.
MODIFIERS = frozenset({"other", "first_person", "idiom", "talking_about", "treat", "says"})


@dataclass(frozen=True)
class Frame:
    """Concepts that, all found within `window` words of each other, signal risk."""

    id: str
    reply: str
    needs: tuple[str, ...]
    window: int
    unless: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class ConceptHit:
    frame: Frame
    reply: str  # the frame's reply, or someone_else when it is about another person


def first_hit(frames: Iterable[Frame], forms: list[dict[str, list[int]]]) -> ConceptHit | None:
    """The first frame (in file order, most urgent first) found in any form of a message,
    given the word positions of each concept found in each form."""
    for frame in frames:
        for found in forms:
            if (anchor := _anchor(frame, found)) is not None:
                return ConceptHit(frame, _reply(frame, found, anchor))
    return None


def _anchor(frame: Frame, found: dict[str, list[int]]) -> int | None:
    """Where the frame fires: a match of its first concept with every other concept it
    needs within its window; None when it does not fire."""
    if not all(concept in found for concept in frame.needs):
        return None
    first, *rest = frame.needs
    for start in found[first]:
        if not all(_near(found[c], start, frame.window) for c in rest):
            continue
        # An idiom or a school project silences only what it is close to: a "lol" about a
        # detention does not unsay "i think about killing myself" further on.
        if not any(_near(found.get(c, ()), start, UNLESS_WINDOW) for c in frame.unless):
            return start
    return None


def _near(positions: Iterable[int], start: int, window: int) -> bool:
    return any(abs(p - start) <= window for p in positions)


# How close an `unless` concept must be to a frame to silence it.
UNLESS_WINDOW = 6


# How far before a frame to look for the person it is about.
WHO_WINDOW = 8


def _reply(frame: Frame, found: dict[str, list[int]], anchor: int) -> str:
    return whose(found, anchor) if frame.reply == "own_life" else frame.reply


def whose(found: dict[str, list[int]], anchor: int) -> str:
    """A risk to one's own life said of another person is someone else's risk, and the reply
    tells the writer how to help them: when the person word nearest before the risk (or in
    it) names another person ("my son says he wants to die"), not the writer."""
    window = range(anchor - WHO_WINDOW, anchor + 2)
    other = max((p for p in found.get("other", ()) if p in window), default=None)
    first = max((p for p in found.get("first_person", ()) if p in window), default=None)
    # A tie is one word naming both ("mere munde", my son): another person.
    if other is not None and (first is None or other >= first):
        return "someone_else"
    said = max((p for p in found.get("says", ()) if p in window), default=None)
    if other is not None and said is not None and first is not None and other < said < first:
        return "someone_else"  # another person's words, reported: "my dad says i ..."
    return "own_life"
