"""Score the assistant's understanding on the project's own test set (tests/nlu/), through
the public HTTP contract, and print the figures beside a gate.

    .venvs/web/bin/python -m scripts.nlu_eval [--url URL] [--file F ...] [--misses N]

Without --url it starts the real stack (trained Rasa + web app) and stops it after. Every
message is sent as the first of a new conversation with its locale; the answer's `topic` is
compared with the label (an out_of_scope message may be answered `fallback`). Prints
accuracy and macro-F1, per topic and per language, the confusion pairs, and whether the
figures clear the gate in tests/nlu/gate.json (the floors `make test` holds the model to).

tests/nlu/ was written apart from the training data (bot/data/nlu/) by authors who did not
see it; it is never trained on. The dev set (../shared/eval/) is scored by `make evaluate`.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import stack  # noqa: E402

TEST_SET = stack.ROOT / "tests" / "nlu"
GATE = TEST_SET / "gate.json"
# A gold out_of_scope message may also be answered with `fallback` (as the dev-set scorer).
EQUIVALENT = {"out_of_scope": {"out_of_scope", "fallback"}}


@dataclass(frozen=True)
class Case:
    text: str
    lang: str
    topic: str


@dataclass(frozen=True)
class Figures:
    accuracy: float
    macro_f1: float
    by_language: dict[str, float]
    by_topic: dict[str, float]
    confusions: list[tuple[str, str, int]]  # gold, answered, how many
    misses: list[tuple[Case, str]]


def load(paths: Iterable[Path]) -> list[Case]:
    cases = []
    for path in sorted(paths):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                cases.append(Case(item["text"], item["lang"], item["topic"]))
    return cases


def test_set_files() -> list[Path]:
    return sorted(TEST_SET.glob("*.jsonl"))


def right(case: Case, topic: str) -> bool:
    return topic in EQUIVALENT.get(case.topic, {case.topic})


def through(web_url: str) -> Callable[[Case], str]:
    """Ask the web app's HTTP API, as a new conversation, for the topic of one message."""
    session = requests.Session()

    def ask(case: Case) -> str:
        return str(stack.ask_chat(session, web_url, case.text, case.lang)["topic"])

    return ask


def answers_for(ask: Callable[[Case], str], cases: list[Case]) -> list[str]:
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(ask, cases))


def figures(cases: list[Case], answers: list[str]) -> Figures:
    pairs = list(zip(cases, answers, strict=True))
    ok = [right(case, topic) for case, topic in pairs]
    return Figures(
        accuracy=sum(ok) / len(ok),
        macro_f1=_macro_f1(pairs),
        by_language=_share_by(pairs, lambda case: case.lang),
        by_topic=_share_by(pairs, lambda case: case.topic),
        confusions=sorted(
            ((g, a, n) for (g, a), n in _confused(pairs).items()), key=lambda c: (-c[2], c[0])
        ),
        misses=[(case, topic) for (case, topic), good in zip(pairs, ok, strict=True) if not good],
    )


def _share_by(pairs: list[tuple[Case, str]], key: Callable[[Case], str]) -> dict[str, float]:
    total: Counter[str] = Counter()
    good: Counter[str] = Counter()
    for case, topic in pairs:
        total[key(case)] += 1
        good[key(case)] += right(case, topic)
    return {name: good[name] / total[name] for name in sorted(total)}


def _confused(pairs: list[tuple[Case, str]]) -> Counter[tuple[str, str]]:
    return Counter((case.topic, topic) for case, topic in pairs if not right(case, topic))


def _macro_f1(pairs: list[tuple[Case, str]]) -> float:
    """F1 per gold topic, averaged; an equivalent answer counts as the gold topic."""
    scores = []
    for topic in sorted({case.topic for case, _ in pairs}):
        tp = sum(1 for c, a in pairs if c.topic == topic and right(c, a))
        fn = sum(1 for c, a in pairs if c.topic == topic and not right(c, a))
        fp = sum(1 for c, a in pairs if c.topic != topic and a == topic)
        scores.append(0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores)


def report(title: str, result: Figures, cases: list[Case], misses: int = 20) -> None:
    count: Counter[str] = Counter()
    for case in cases:
        count[case.lang] += 1
        count[case.topic] += 1
    print(f"\n## {title}: {len(cases)} messages")
    print(f"accuracy {result.accuracy:.3f}   macro-F1 {result.macro_f1:.3f}")
    for name, table in (("language", result.by_language), ("topic", result.by_topic)):
        for key, share in table.items():
            print(f"{name[:4]} {key:18} {share:.3f} ({count[key]})")
    print("\nconfused (gold -> answered)")
    for gold, answered, n in result.confusions[:15]:
        print(f"  {gold:14} -> {answered:14} {n}")
    for case, topic in result.misses[:misses]:
        print(f"  MISS [{case.lang}] {case.topic} -> {topic}: {case.text}")


def gate() -> dict[str, float]:
    return json.loads(GATE.read_text()) if GATE.exists() else {}


def floors_from(result: Figures, cases: list[Case]) -> dict[str, float]:
    """Floors for a model that scored `result`: each figure less two standard errors of a
    share measured on that many messages, rounded down to two places. A retrain on changed
    data moves a language's figure by a message or three (about 0.02 on 120 messages), which
    is noise; a drop beyond two standard errors is a worse assistant."""
    counts = Counter(case.lang for case in cases)
    found = {"accuracy": (result.accuracy, len(cases)), "macro_f1": (result.macro_f1, len(cases))}
    found |= {f"lang_{lang}": (share, counts[lang]) for lang, share in result.by_language.items()}
    return {name: _floor(share, n) for name, (share, n) in found.items()}


def raised(floors: dict[str, float], found: dict[str, float]) -> dict[str, float]:
    """Floors only go up: each new floor, or the old one where it was higher."""
    return {name: max(floor, floors.get(name, 0.0)) for name, floor in found.items()}


def _floor(share: float, n: int) -> float:
    margin = 2 * math.sqrt(share * (1 - share) / n)
    return math.floor((share - margin) * 100) / 100


def below_gate(result: Figures, floors: dict[str, float]) -> list[str]:
    """Each figure under its floor, said plainly; empty when the model clears the gate."""
    found = {"accuracy": result.accuracy, "macro_f1": result.macro_f1}
    found |= {f"lang_{lang}": share for lang, share in result.by_language.items()}
    return [
        f"{name} {found[name]:.3f} < {floor:.3f}"
        for name, floor in floors.items()
        if name in found and found[name] < floor
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running web app; without it the stack is started")
    parser.add_argument("--file", action="append", type=Path, help="score these files instead")
    parser.add_argument("--misses", type=int, default=40, help="print up to N misses")
    parser.add_argument(
        "--set-gate", action="store_true", help="write the floors for these figures to gate.json"
    )
    args = parser.parse_args()
    cases = load(args.file or test_set_files())

    def run(url: str) -> Figures:
        return figures(cases, answers_for(through(url), cases))

    if args.url:
        result = run(args.url)
    else:
        with stack.local_stack("lpt-nlu-eval-") as running:
            result = run(running.web_url)
    report("the project's own test set (tests/nlu)", result, cases, args.misses)
    if args.set_gate:
        GATE.write_text(json.dumps(raised(gate(), floors_from(result, cases)), indent=2) + "\n")
        print(f"\nFloors written to {GATE.relative_to(stack.ROOT)}")
    failed = below_gate(result, gate())
    print("\nGate (tests/nlu/gate.json):", "; ".join(failed) if failed else "cleared")
    return 0


if __name__ == "__main__":
    sys.exit(main())
