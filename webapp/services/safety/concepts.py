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
from functools import cache, cached_property, lru_cache
from pathlib import Path

# The standard library's regex parser and compiler (re.compile is these two), to read each
# pattern's keys off its parse and compile it from the same parse. Private, hence untyped.
from re import _compiler, _parser  # type: ignore[attr-defined]
from re import _constants as _c  # type: ignore[attr-defined]
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
    """Every language's patterns for each concept, found as if each concept were one regex:
    the alternation of its patterns, in file order, scanned with re.finditer.

    That was once how it ran, and with some 4,500 patterns tried at every character it cost
    tens of milliseconds a message. Now each pattern is compiled alone, with a few short
    strings one of which any match of it contains (its keys, see _pattern_keys). A message
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

    def hit(self, reading: Reading) -> ConceptHit | None:
        """The first frame (in file order, most urgent first) found in either form."""
        forms = [self.positions(form) for form in reading.forms]
        for frame in self.frames:
            for found in forms:
                if (anchor := _anchor(frame, found)) is not None:
                    return ConceptHit(frame, _reply(frame, found, anchor))
        return None


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


@dataclass(frozen=True)
class Prepared:
    """One pattern, ready for the lexicon."""

    compiled: re.Pattern[str]
    keys: frozenset[str] | None  # None: no key, the pattern must be tried on every text
    may_be_empty: bool  # whether it can match the empty string


@cache
def prepare(source: str) -> Prepared:
    """A pattern compiled, with its keys. It is parsed once for both (parsing is most of the
    cost of compiling, and there are thousands of patterns); kept, as the loader checks
    each pattern before the lexicon is built from them, and tests load the lexicon again."""
    tree = _parser.parse(source)
    keys = _pattern_keys(tree)
    may_be_empty = tree.getwidth()[0] == 0
    # What re.compile(source) does after parsing (its .pattern is None, the rest the same).
    return Prepared(_compiler.compile(tree), keys, may_be_empty)


# --------------------------------------------------------------- which patterns can match
#
# A pattern's keys: short strings of which a text must contain at least one for the pattern
# to match anywhere in it. They are read off the parsed pattern: the first KEY_LENGTH
# characters of each string a stretch of the pattern can match, where that stretch is made of
# literal characters, small character classes, optional parts and alternatives of those, and
# must be crossed by every match. Zero-width parts (\b, lookarounds) consume nothing.
# Longer keys would be rarer but more numerous, and every piece of a message of each key
# length is looked up; with four letters a typical message keeps some 60 of ~4,900 patterns.
KEY_LENGTH = 4
# The most strings a stretch may spell before it is cut (alternatives in a row multiply).
MAX_SPELLINGS = 64
# A character class of at most this many characters is spelt out, [sz] or [0-9]; larger
# ones ([a-z], \w) end a stretch.
MAX_CLASS = 10

Spellings = frozenset[str]  # the first KEY_LENGTH characters of what a part can match
_ZERO_WIDTH: Spellings = frozenset({""})
_ZERO_WIDTH_OPS = frozenset({_c.AT, _c.ASSERT, _c.ASSERT_NOT})


def _pattern_keys(tree: Any) -> Spellings | None:
    """The pattern's keys, or None when it has none (it must be run on every text)."""
    if tree.state.flags & re.IGNORECASE:
        return None
    spelt, needed = _sequence(tree.data)
    keys = _best([needed, spelt])
    if keys is None or "" in keys:
        return None
    return keys


def _best(choices: Iterable[Spellings | None]) -> Spellings | None:
    """The key set that rules a pattern out most often: the longest shortest key, then the
    fewest keys (a rough guess; any choice gives the same answers, only speed differs)."""
    best: Spellings | None = None
    for keys in choices:
        if keys is not None and (best is None or _rank(keys) > _rank(best)):
            best = keys
    return best


def _rank(keys: Spellings) -> tuple[int, int]:
    return min(map(len, keys)), -len(keys)


def _sequence(items: Iterable[tuple[Any, Any]]) -> tuple[Spellings | None, Spellings | None]:
    """For parts matched one after another: (the spellings of the whole, when every part has
    them; a key set every match contains). Consecutive spelt parts are joined into a
    stretch; each stretch, and the key set of any other part, is a candidate."""
    stretch = _ZERO_WIDTH
    whole = True
    candidates: list[Spellings | None] = []
    letters = ""  # literal characters not yet joined to the stretch (most parts are these)
    for op, av in items:
        if op is _c.LITERAL:
            letters += chr(av)
            continue
        if op in _ZERO_WIDTH_OPS:
            continue  # \b, ^, lookarounds: nothing consumed, nothing to spell
        spelt, needed = _part(op, av)
        if letters:
            stretch, letters = _join(stretch, frozenset({letters})), ""
        if spelt is not None:
            joined = _join(stretch, spelt)
            if len(joined) > MAX_SPELLINGS:
                candidates.append(stretch)
                joined, whole = spelt, False
            stretch = joined
            continue
        candidates += [stretch, needed]
        stretch, whole = _ZERO_WIDTH, False
    if letters:
        stretch = _join(stretch, frozenset({letters}))
    candidates.append(stretch)
    return (stretch if whole else None), _best(candidates)


def _join(first: Spellings, then: Spellings) -> Spellings:
    """The spellings of one part followed by another."""
    if min(map(len, first)) >= KEY_LENGTH:
        return first  # what follows does not change the first KEY_LENGTH characters
    return frozenset((a + b)[:KEY_LENGTH] for a in first for b in then)


def _part(op: Any, av: Any) -> tuple[Spellings | None, Spellings | None]:
    """(spellings, key set) of one parsed part; None where not known."""
    if op is _c.LITERAL:
        return frozenset({chr(av)}), None
    if op is _c.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is _c.LITERAL:
                chars.add(chr(value))
            elif kind is _c.RANGE and value[1] - value[0] < MAX_CLASS:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            else:  # NEGATE, CATEGORY (\w, \s) or a wide range
                return None, None
        return (frozenset(chars), None) if 0 < len(chars) <= MAX_CLASS else (None, None)
    if op in _ZERO_WIDTH_OPS:
        return _ZERO_WIDTH, None
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, inner = av
        if add_flags & re.IGNORECASE:
            return None, None
        return _sequence(inner.data)
    if op is _c.ATOMIC_GROUP:
        return _sequence(av.data)
    if op is _c.BRANCH:  # one of the alternatives: its spellings or its keys
        each_spelt, each_needed = [], []
        for alternative in av[1]:
            alt_spelt, alt_needed = _sequence(alternative.data)
            each_spelt.append(alt_spelt)
            each_needed.append(_best([alt_needed, alt_spelt]))
        union = _union(each_spelt)
        if union is not None and len(union) > MAX_SPELLINGS:
            union = None
        return union, _union(each_needed)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, high, inner = av
        spelt, needed = _sequence(inner.data)
        if low == high == 1:
            return spelt, needed
        if low == 0 and high == 1 and spelt is not None:
            return spelt | _ZERO_WIDTH, None  # optional: its spellings or nothing
        return None, (_best([needed, spelt]) if low >= 1 else None)
    return None, None  # any character, \w outside a class, backreferences, conditionals


def _union(sets: list[Spellings | None]) -> Spellings | None:
    """All the spellings of some sets; None when one is unknown."""
    known = [s for s in sets if s is not None]
    return frozenset().union(*known) if len(known) == len(sets) else None


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


LEXICON = load_lexicon()


def hit(reading: Reading) -> ConceptHit | None:
    """The frame a message fits, if any."""
    return LEXICON.hit(reading)


def has_idiom(reading: Reading) -> bool:
    """Whether the message uses a set idiom ("killing me", "the death of me")."""
    return any("idiom" in LEXICON.positions(form) for form in reading.forms)


# Words that say the subject is studied, reported, treated or joked about, not lived now.
CUES = ("talking_about", "idiom", "treat")


def has_cue(reading: Reading) -> bool:
    """Whether the message has a study, news, idiom or treatment cue anywhere in it."""
    return any(set(CUES) & LEXICON.positions(form).keys() for form in reading.forms)
