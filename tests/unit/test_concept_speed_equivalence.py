"""The concept lexicon finds exactly what the plain form (one regex a concept) finds.

`OldLexicon` below is the plain form: each concept's patterns compiled into one alternation,
run with finditer over every message (tens of milliseconds a message). lexicon.Lexicon runs
only the patterns a message could match and replays finditer's choices over them. The plain
form is kept here only to check the fast one against it: the same word positions for
every concept, on sample messages by default and on every message of the safety corpus
(training and held-out parts, every normalised form) and the assistant's NLU examples with

    .venvs/web/bin/python -m tests.unit.test_concept_speed_equivalence [--jobs 2]

or SAFETY_FULL_EQUIVALENCE=1 in the environment for the test (slow: the old code is slow).
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import re
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache

import yaml

from webapp.services.safety import concepts, training
from webapp.services.safety.lexicon import Lexicon, _alternation_starts
from webapp.services.safety.pattern_keys import prepare
from webapp.services.safety.reading import Reading

CORPUS_DIRS = (
    training.ROOT / "safety_corpus" / "train",
    training.ROOT / "safety_corpus" / "heldout",
)
FULL = os.environ.get("SAFETY_FULL_EQUIVALENCE") == "1"
SAMPLE_EVERY = 40  # the default test checks every 40th text: seconds, not a quarter hour


class OldLexicon:
    """The former Lexicon._positions: one alternation per concept, in file order."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.patterns = {
            concept: re.compile("|".join(f"(?:{p})" for p in found))
            for concept, found in lexicon.patterns.items()
        }

    def positions(self, text: str) -> dict[str, list[int]]:
        starts = [m.start() for m in re.finditer(r"\S+", text)]
        found: dict[str, list[int]] = {}
        for concept, pattern in self.patterns.items():
            spots = [bisect.bisect_right(starts, m.start()) - 1 for m in pattern.finditer(text)]
            if spots:
                found[concept] = spots
        return found


@lru_cache(maxsize=1)
def old_lexicon() -> OldLexicon:
    return OldLexicon(concepts.LEXICON)


def raw_texts() -> Iterator[str]:
    """Every corpus message (training and held-out) and every NLU example, as written."""
    for directory in CORPUS_DIRS:
        for path in sorted(directory.glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    yield json.loads(line)["text"]
    for path in training.bot_files():
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or ():
            for line in str(block.get("examples", "")).splitlines():
                text = line.strip().removeprefix("- ").strip()
                if text:
                    yield text


def forms(texts: list[str]) -> list[str]:
    """Every normalised form of the texts, each once, in a fixed order."""
    return list(dict.fromkeys(form for text in texts for form in Reading.of(text).forms))


def shuffled(texts: list[str], count: int) -> list[str]:
    """Texts made of words from different messages, so that concepts and languages meet in
    ways the corpus does not have; fixed by the seed."""
    words = [word for text in texts for word in text.split()]
    chooser = random.Random(0)
    return [" ".join(chooser.choices(words, k=chooser.randint(3, 60))) for _ in range(count)]


# Repeated and overlapping wordings, where one match can hide the start of another, and
# long texts.
TRICKY = [
    "",
    " ",
    "kill",
    "killkill kill kill",
    "i want to die die die. to die, to dy, to diee",
    "i want to kill myself i want to kill myself",
    "better off dead better off dead",
    "kms kms kms 5 kms away",
    "end it end it all end my life ending it",
    "myself myself my self meself",
    "a" * 2000,
    "suicide " * 300,
]


def mismatches(texts: list[str]) -> list[tuple[str, dict[str, list[int]], dict[str, list[int]]]]:
    old = old_lexicon()
    wrong = []
    for text in texts:
        expected, got = old.positions(text), concepts.LEXICON._positions(text)
        if got != expected:
            wrong.append((text, expected, got))
    return wrong


# Small patterns that overlap, nest and look around, over texts of a few letters, so that
# every way two patterns can meet comes up: one match hiding another's start, ties at one
# place, lookbehinds reaching before where the search goes on. One has no key (?i:...) and
# some can match the empty string (x?, \b), which takes the lexicon's other road.
TOY_PATTERNS = [
    "ab",
    "b",
    "a b",
    r"\bab\b",
    r"(?<=a )b+",
    r"(?<!\S)a+",
    "ba|a",
    r"a(?= )",
    r"\b(?:ab|a)\b",
    "aab",
    r"b\b",
    "^a",
    "a b a",
    "[ab]{2}",
    "(?:a|b )?b",
    "[ab]*b",
    "(?i:A B)",
    "b a(?:b a)*",
    r"(?<=b)a",
    "x?",
    r"\b",
]


def test_toy_lexicons_find_what_one_regex_would() -> None:
    chooser = random.Random(1)
    for _ in range(300):
        found = chooser.sample(TOY_PATTERNS, chooser.randint(1, 8))
        lexicon = Lexicon({"toy": found}, ())
        old_positions = OldLexicon(lexicon).positions
        old = re.compile("|".join(f"(?:{p})" for p in found))
        for _ in range(30):
            text = "".join(chooser.choices("ab  ", k=chooser.randint(0, 16)))
            expected = [m.start() for m in old.finditer(text)]
            assert lexicon._positions(text) == old_positions(text), (found, text)
            if not any(prepare(p).may_be_empty for p in found):
                compiled = [prepare(p).compiled for p in found]
                assert _alternation_starts(compiled, text) == expected, (found, text)


def test_tricky_texts_find_the_same() -> None:
    assert mismatches(TRICKY) == []


def test_messages_find_the_same_concepts_as_one_regex_per_concept() -> None:
    raw = list(raw_texts())
    texts = forms(raw if FULL else raw[::SAMPLE_EVERY])
    texts += shuffled(raw, 2000 if FULL else 100)
    wrong = mismatches(texts)
    assert not wrong, f"{len(wrong)} of {len(texts)} differ, first: {wrong[0]}"


def main() -> None:
    """Check every text, in parallel, and say how many."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--shuffled", type=int, default=2000)
    args = parser.parse_args()
    raw = list(raw_texts())
    texts = forms(raw)
    extra = shuffled(raw, args.shuffled)
    everything = TRICKY + texts + extra
    print(
        f"{len(raw)} messages, {len(texts)} distinct forms, {len(extra)} shuffled, "
        f"{len(TRICKY)} tricky: {len(everything)} texts",
        flush=True,
    )
    started = time.perf_counter()
    chunks = [everything[i :: args.jobs * 8] for i in range(args.jobs * 8)]
    wrong = []
    with ProcessPoolExecutor(args.jobs) as pool:
        for found in pool.map(mismatches, chunks):
            wrong += found
    print(
        f"checked {len(everything)} texts in {time.perf_counter() - started:.0f} s: "
        f"{len(wrong)} differ"
    )
    for text, expected, got in wrong[:10]:
        print(repr(text[:200]), "\n  old:", expected, "\n  new:", got)
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
