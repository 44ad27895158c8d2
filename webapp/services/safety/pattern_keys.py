"""Which of the lexicon's patterns a text could match: each pattern's keys, short strings of
which any match of it contains one, read off the pattern's parse (lexicon.py runs only the
patterns whose keys a message contains)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

# The standard library's regex parser and compiler (re.compile is these two), to read each
# pattern's keys off its parse and compile it from the same parse. Private, hence untyped.
from re import _compiler, _parser  # type: ignore[attr-defined]
from re import _constants as _c  # type: ignore[attr-defined]
from typing import Any


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
