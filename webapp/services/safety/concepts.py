"""Layer 2 of the safety net: a concept-based risk scorer.

Each language's lexicon (data/concepts/<lang>.yml) lists the ways of saying a risk concept:
dying and killing oneself, self-injury, the means (medicines by their UK names, ligatures,
heights, trains, poisons, weapons), emergency states, and the cues of intent, time and
finality, and who is at risk. Frames (data/concepts/frames.yml) say which concepts, found
close together, signal risk and which reply they need. So a message is caught when it
combines concepts in words no rule has seen ("would a whole box of co-codamol do it"), in any
of the ten languages, since every lexicon is read for every message: people mix languages.

The frames follow the Columbia scale's ladder (wish to be dead, thoughts, method, intent,
plan, behaviour) and NICE's self-harm guidance (any self-harm is taken seriously)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from webapp.services.safety.normalise import fold_pattern
from webapp.services.safety.reading import Reading

CONCEPTS_DIR = Path(__file__).parent / "data" / "concepts"
LANGUAGES: tuple[str, ...] = ("en", "gu", "pa", "ur", "pl", "so", "ar", "bn", "ro", "pt")
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


class Lexicon:
    """Every language's patterns for each concept, compiled into one regex per concept."""

    def __init__(self, patterns: dict[str, list[str]], frames: tuple[Frame, ...]) -> None:
        self.frames = frames
        self._cached_positions = lru_cache(maxsize=256)(self._positions)
        self.patterns = {
            concept: re.compile("|".join(f"(?:{p})" for p in found))
            for concept, found in patterns.items()
            if found
        }

    @cached_property
    def frame_concepts(self) -> frozenset[str]:
        return frozenset(c for frame in self.frames for c in (*frame.needs, *frame.unless))

    def positions(self, text: str) -> dict[str, list[int]]:
        """For each concept found, the word positions where its matches start. Every layer
        asks about the same text, so the last few answers are kept (do not mutate them)."""
        return self._cached_positions(text)

    def _positions(self, text: str) -> dict[str, list[int]]:
        starts = [m.start() for m in re.finditer(r"\S+", text)]
        found: dict[str, list[int]] = {}
        for concept, pattern in self.patterns.items():
            spots = [bisect.bisect_right(starts, m.start()) - 1 for m in pattern.finditer(text)]
            if spots:
                found[concept] = spots
        return found

    def hit(self, reading: Reading) -> ConceptHit | None:
        """The first frame (in file order, most urgent first) found in either form."""
        forms = [self.positions(form) for form in reading.forms]
        for frame in self.frames:
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


def whose_at(form: str, char_start: int) -> str:
    """own_life or someone_else, for a risk found at `char_start` in a normalised text."""
    anchor = len(form[:char_start].split())
    return whose(LEXICON.positions(form), anchor)


def _read(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: not a mapping")
    return data


def load_frames(path: Path) -> tuple[Frame, ...]:
    """The frames, checked: known replies, at least one concept that is not a modifier."""
    frames = []
    for raw in _read(path)["frames"]:
        frame = Frame(
            id=str(raw["id"]),
            reply=str(raw["reply"]),
            needs=tuple(raw["needs"]),
            window=int(raw.get("window", 6)),
            unless=tuple(raw.get("unless") or ()),
            note=str(raw.get("note", "")),
        )
        if frame.reply not in REPLIES:
            raise ValueError(f"frame {frame.id}: unknown reply {frame.reply!r}")
        if all(concept in MODIFIERS for concept in frame.needs):
            raise ValueError(f"frame {frame.id}: needs a concept that is not a modifier")
        frames.append(frame)
    return tuple(frames)


def load_lexicon(directory: Path = CONCEPTS_DIR) -> Lexicon:
    """Every language's concept patterns (folded like the text) and the shared frames."""
    frames = load_frames(directory / "frames.yml")
    known = {c for frame in frames for c in (*frame.needs, *frame.unless)} | MODIFIERS
    patterns: dict[str, list[str]] = {concept: [] for concept in sorted(known)}
    for language in LANGUAGES:
        path = directory / f"{language}.yml"
        data = _read(path)
        if data.get("language") != language or not data.get("reviewed"):
            raise ValueError(f"{path.name}: needs language: {language} and reviewed")
        for concept, found in (data.get("concepts") or {}).items():
            if concept not in known:
                raise ValueError(f"{path.name}: unknown concept {concept!r}")
            for pattern in found or ():
                folded = fold_pattern(str(pattern))
                try:
                    re.compile(folded)
                except re.error as err:
                    raise ValueError(f"{path.name}: {concept}: {err}: {pattern}") from err
                patterns[concept].append(folded)
    return Lexicon(patterns, frames)


LEXICON = load_lexicon()


def hit(reading: Reading) -> ConceptHit | None:
    """The frame a message fits, if any."""
    return LEXICON.hit(reading)


def has_idiom(reading: Reading) -> bool:
    """Whether the message uses a set idiom ("killing me", "the death of me")."""
    return any("idiom" in LEXICON.positions(form) for form in reading.forms)
