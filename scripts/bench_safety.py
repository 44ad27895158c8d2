"""What the safety net's layers add to a chat turn, measured in-process on this machine.

    .venvs/web/bin/python -m scripts.bench_safety [--messages 3000]   (part of make bench)

Every message of a turn is read by every layer until one fires, and the across-turns layer
reads the last few messages again, so the cost of a turn is the cost of `safety.assess` with
earlier messages. Messages are the assistant's own training examples (ordinary traffic, where
no layer fires and every layer runs) mixed with the safety corpus's training part. Prints the
median, 95th and 99th percentile of each layer alone and of the whole assessment, and writes
them to docs/benchmarks-safety.md."""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from webapp.services import safety  # noqa: E402
from webapp.services.safety import classifier, concepts, rules, training  # noqa: E402
from webapp.services.safety.reading import Reading  # noqa: E402

REPORT = training.ROOT / "docs" / "benchmarks-safety.md"
TARGET_MEDIAN_MS = 3.0


def sample(count: int) -> list[str]:
    """Ordinary messages (three in four) and risk-corpus messages, in a fixed order."""
    ordinary = [e.text for e in training.bot_examples() if not e.risk]
    corpus = [e.text for e in training.corpus_examples()]
    chooser = random.Random(0)
    return [
        chooser.choice(ordinary) if chooser.random() < 0.75 else chooser.choice(corpus)
        for _ in range(count)
    ]


def timed(step: Callable[[str], object], texts: list[str]) -> list[float]:
    """Milliseconds per text."""
    times = []
    for text in texts:
        started = time.perf_counter()
        step(text)
        times.append(1000 * (time.perf_counter() - started))
    return times


def row(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    p99 = ordered[int(0.99 * (len(ordered) - 1))]
    return f"| {name} | {statistics.median(times):.2f} | {p95:.2f} | {p99:.2f} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000)
    args = parser.parse_args()
    if classifier.current() is None:
        print("No safety classifier: run `make train-safety` first", file=sys.stderr)
        return 1
    texts = sample(args.messages)
    readings = {text: Reading.of(text) for text in texts}
    for text in texts[:200]:  # warm up: caches, regex compilation, first predictions
        safety.assess(text, ("hello", "thanks"))
    earlier = [texts[(n + 7) % len(texts)] for n in range(3)]
    steps: list[tuple[str, Callable[[str], object]]] = [
        ("reading (normalise, both forms)", Reading.of),
        ("layer 1: rules", lambda t: rules.first_hit(readings[t])),
        ("layer 2: concepts", lambda t: concepts.hit(readings[t])),
        ("layer 3: classifier", lambda t: classifier.score(readings[t])),
        ("one message, all layers", safety.assess),
        ("a turn: all layers and 3 earlier messages", lambda t: safety.assess(t, earlier)),
    ]
    lines = [
        "# Safety net: what its layers add to a turn",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {platform.node() or 'this machine'} "
        f"({platform.machine()}, Python {platform.python_version()}) by "
        f"`make bench` (scripts/bench_safety.py), {len(texts)} messages, in milliseconds.",
        "",
        "| step | median | p95 | p99 |",
        "|---|---|---|---|",
    ]
    medians = {}
    for name, step in steps:
        times = timed(step, texts)
        medians[name] = statistics.median(times)
        lines.append(row(name, times))
    turn = medians["a turn: all layers and 3 earlier messages"]
    verdict = "met" if turn <= TARGET_MEDIAN_MS else "NOT met"
    lines += ["", f"Target: at most {TARGET_MEDIAN_MS:.0f} ms a turn at the median: {verdict}."]
    report = "\n".join(lines) + "\n"
    print(report)
    REPORT.write_text(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
