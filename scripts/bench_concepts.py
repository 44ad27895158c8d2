"""How long the concept lexicon takes to find the concepts of one message, before and after
it stopped compiling each concept into one regex.

    .venvs/web/bin/python -m scripts.bench_concepts [--messages 300] [--rounds 3]

Messages are a fixed random sample of the safety corpus's training part, normalised as the
classifier reads them. Old and new run on each message in turn, so that whatever else the
machine is doing slows both alike; each message's time is its best of --rounds runs (the
lexicon keeps its last answers, so the uncached `_positions` is what is timed)."""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

started = time.perf_counter()
from webapp.services.safety import concepts, training  # noqa: E402
from webapp.services.safety.lexicon import load_lexicon  # noqa: E402

IMPORTED = time.perf_counter() - started

from tests.unit.test_concept_speed_equivalence import OldLexicon  # noqa: E402


def summary(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return (
        f"{name}: median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms, "
        f"max {ordered[-1]:.2f} ms, total {sum(times):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = [example.text for example in training.corpus_examples()]
    sample = random.Random(0).sample(texts, args.messages)

    print(f"import of concepts (and the safety package): {IMPORTED:.2f} s")
    began = time.perf_counter()
    load_lexicon()
    print(f"load_lexicon() again (patterns already prepared): {time.perf_counter() - began:.2f} s")
    began = time.perf_counter()
    old = OldLexicon(concepts.LEXICON)
    print(f"old: compiling one alternation per concept: {time.perf_counter() - began:.2f} s")

    new = concepts.LEXICON
    old_times, new_times = [], []
    for text in sample:
        best_old = best_new = float("inf")
        for _ in range(args.rounds):
            began = time.perf_counter()
            expected = old.positions(text)
            best_old = min(best_old, time.perf_counter() - began)
            began = time.perf_counter()
            got = new._positions(text)
            best_new = min(best_new, time.perf_counter() - began)
            assert got == expected, text
        old_times.append(1000 * best_old)
        new_times.append(1000 * best_new)
    print(f"{len(sample)} messages, {statistics.mean(map(len, sample)):.0f} characters on average")
    print(summary("old", old_times))
    print(summary("new", new_times))


if __name__ == "__main__":
    main()
