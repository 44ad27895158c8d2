"""The concept lexicon: every language's patterns for each risk concept
(data/concepts/<lang>.yml) and the shared frames, loaded, checked and compiled, and the
word positions where each concept is found in a text."""

from __future__ import annotations

import bisect
import re
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from webapp.services.safety.frames import MODIFIERS, REPLIES, Frame
from webapp.services.safety.normalise import fold_pattern
from webapp.services.safety.pattern_keys import prepare

CONCEPTS_DIR = Path(__file__).parent / "data" / "concepts"
LANGUAGES: tuple[str, ...] = ("en", "gu", "pa", "ur", "pl", "so", "ar", "bn", "ro", "pt")


class Lexicon:
    """Every language's patterns for each concept, found as if each concept were one regex:
    the alternation of its patterns, in file order, scanned with re.finditer.

    That was once how it ran, and with some 4,500 patterns tried at every character it cost
    tens of milliseconds a message. Now each pattern is compiled alone, with a few short
    strings one of which any match of it contains (its keys, see pattern_keys.py). A message
    runs only the patterns whose keys it contains, and _alternation_starts replays finditer's
    choices over them. A pattern whose keys are missing matches nowhere in the text, and an
    alternation without a branch that matches nowhere finds the same matches, so the answers
    are the same (tests/unit/test_concept_speed_equivalence.py checks that on every message
    of the corpus)."""

    def __init__(self, patterns: dict[str, list[str]], frames: tuple[Frame, ...]) -> None:
        self.frames = frames
        self._cached_positions = lru_cache(maxsize=256)(self._positions)
        self._joined = lru_cache(maxsize=64)(self._join)
        # Concept -> its patterns, in file order (the order decides which of two patterns
        # matching at the same place wins, and so where the next match can start).
        self.patterns: dict[str, tuple[str, ...]] = {
            concept: tuple(found) for concept, found in patterns.items() if found
        }
        # Every pattern by number, numbered in concept and then file order.
        self._sources = [source for found in self.patterns.values() for source in found]
        self._concept_of = [concept for concept, found in self.patterns.items() for _ in found]
        self._compiled: list[re.Pattern[str]] = []
        self._by_key: dict[str, list[int]] = {}  # key -> the patterns that need it
        self._unkeyed: list[int] = []  # patterns with no key: run on every text
        self._may_be_empty: set[int] = set()  # patterns that can match the empty string
        for number, source in enumerate(self._sources):
            prepared = prepare(source)
            self._compiled.append(prepared.compiled)
            if prepared.keys is None:
                self._unkeyed.append(number)
            for key in prepared.keys or ():
                self._by_key.setdefault(key, []).append(number)
            if prepared.may_be_empty:
                self._may_be_empty.add(number)
        self._key_lengths = sorted({len(key) for key in self._by_key})

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
        for concept, numbers in self._candidates(text).items():
            if self._may_be_empty.isdisjoint(numbers):
                matches = _alternation_starts([self._compiled[n] for n in numbers], text)
            else:  # finditer's rules after an empty match are not replayed: run it for real
                matches = [m.start() for m in self._joined(numbers).finditer(text)]
            spots = [bisect.bisect_right(starts, at) - 1 for at in matches]
            if spots:
                found[concept] = spots
        return found

    def _candidates(self, text: str) -> dict[str, tuple[int, ...]]:
        """Concept -> the numbers of its patterns whose keys are in the text, in file order."""
        by_key = self._by_key
        numbers = set(self._unkeyed)
        # Every piece of the text as long as a key: a few hundred look-ups for a message,
        # where asking whether each of the ten thousand keys is in it would be ten thousand.
        for piece in {
            text[i : i + size] for size in self._key_lengths for i in range(len(text) - size + 1)
        }:
            if piece in by_key:
                numbers.update(by_key[piece])
        candidates: dict[str, list[int]] = {}
        for number in sorted(numbers):
            candidates.setdefault(self._concept_of[number], []).append(number)
        return {concept: tuple(found) for concept, found in candidates.items()}

    def _join(self, numbers: tuple[int, ...]) -> re.Pattern[str]:
        """The alternation of some patterns, as each concept's regex used to be compiled."""
        return re.compile("|".join(f"(?:{self._sources[n]})" for n in numbers))


def _alternation_starts(patterns: list[re.Pattern[str]], text: str) -> list[int]:
    """Where re.finditer of the alternation (?:p1)|(?:p2)|... would start its matches, for
    patterns none of which can match the empty string (finditer has rules of its own after
    an empty match).

    finditer takes the leftmost place where any branch matches and there the first branch
    (in order) that matches, then searches on from the end of that match. A branch matches
    at a place as it would alone, and pattern.search(text, pos) still sees the text before
    pos (for \\b and lookbehinds), so: search each pattern alone, take the earliest match,
    the first pattern's on a tie, and search again only the patterns whose next match starts
    before where the search goes on (a match further on is still the next one)."""
    if len(patterns) == 1:
        return [match.start() for match in patterns[0].finditer(text)]
    upcoming = [pattern.search(text) for pattern in patterns]
    found: list[int] = []
    position = 0
    while True:
        winner = None
        for index, match in enumerate(upcoming):
            if match is not None and match.start() < position:
                match = upcoming[index] = patterns[index].search(text, position)
            if match is not None and (winner is None or match.start() < winner.start()):
                winner = match
        if winner is None:
            return found
        found.append(winner.start())
        position = winner.end()


_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read(path: Path) -> dict[str, Any]:
    # libyaml's loader when installed: ten times faster than the pure Python one.
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
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
                    prepare(folded)
                except re.error as err:
                    raise ValueError(f"{path.name}: {concept}: {err}: {pattern}") from err
                patterns[concept].append(folded)
    return Lexicon(patterns, frames)
