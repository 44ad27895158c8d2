"""Score the safety net on the held-out safety corpus and on the dev set.

    .venvs/web/bin/python -m scripts.safety_eval               # the real stack (make safety-eval)
    .venvs/web/bin/python -m scripts.safety_eval --in-process  # the safety net alone

Through the stack, every message goes as the first message of a new conversation to the web
app's POST /api/v1/messages, twice: with the trained Rasa server up, then with it stopped;
`crisis` in the answer is what counts. Prints recall per language and per category, false
alarms per language and category, and (read in-process, with the same code) which layer of
the safety net caught what. For the dev set it also prints topic accuracy with the bot up.

Only the held-out part of the corpus (safety_corpus/heldout/) and the dev set are scored;
the messages themselves are never printed, so scoring does not leak them into rule writing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import stack  # noqa: E402
from webapp.services import safety  # noqa: E402

HELDOUT = stack.ROOT / "safety_corpus" / "heldout"
DEV_SET = stack.ROOT.parent / "shared" / "eval" / "dev_eval.jsonl"
TARGET_FALSE_ALARMS = 0.03


@dataclass(frozen=True)
class Case:
    text: str
    lang: str
    risk: bool
    category: str  # the corpus category, or the dev set's topic


@dataclass(frozen=True)
class Answer:
    crisis: bool
    topic: str


def heldout_cases(batch: str | None = None) -> list[Case]:
    """Every held-out message, or one batch's (files <lang>-<batch>.jsonl; "a" is <lang>.jsonl).

    Batches were written at different times; the newest has been looked at least."""
    cases = []
    for path in sorted(HELDOUT.glob("*.jsonl")):
        if batch is not None and _batch(path) != batch:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                cases.append(Case(item["text"], item["lang"], item["risk"], item["category"]))
    return cases


def _batch(path: Path) -> str:
    return path.stem.partition("-")[2] or "a"


def dev_cases() -> list[Case]:
    if not DEV_SET.exists():
        return []
    cases = []
    for line in DEV_SET.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            cases.append(Case(item["text"], item["lang"], item["topic"] == "crisis", item["topic"]))
    return cases


def ratio(hit: int, total: int) -> str:
    return f"{hit / total:.3f} ({hit}/{total})" if total else "-"


def report(title: str, cases: list[Case], answers: list[Answer]) -> dict[str, float]:
    """Recall and false alarms per language and per category; returns the overall figures."""
    by_lang: dict[str, Counter[str]] = defaultdict(Counter)
    by_category: dict[str, Counter[str]] = defaultdict(Counter)
    for case, answer in zip(cases, answers, strict=True):
        kind = "risk" if case.risk else "safe"
        for table, key in ((by_lang, case.lang), (by_category, case.category)):
            table[key][kind] += 1
            table[key][f"{kind}_flagged"] += answer.crisis
    print(f"\n## {title}")
    print(f"{'':22} {'recall':>18} {'false alarms':>18}")
    for name, table in (("language", by_lang), ("category", by_category)):
        for key in sorted(table):
            row = table[key]
            recall = ratio(row["risk_flagged"], row["risk"])
            alarms = ratio(row["safe_flagged"], row["safe"])
            print(f"{name[:4]} {key:17} {recall:>18} {alarms:>18}")
    risk = sum(c.risk for c in cases)
    safe = len(cases) - risk
    caught = sum(a.crisis for c, a in zip(cases, answers, strict=True) if c.risk)
    alarms = sum(a.crisis for c, a in zip(cases, answers, strict=True) if not c.risk)
    print(f"{'ALL':22} {ratio(caught, risk):>18} {ratio(alarms, safe):>18}")
    return {"recall": caught / risk if risk else 1.0, "false_alarms": alarms / safe if safe else 0}


def layers(cases: Iterable[Case]) -> None:
    """Which layer fired first on each message, in-process: on risk messages the layer that
    caught it, on hard negatives the layer that raised the false alarm."""
    table: dict[str, Counter[str]] = defaultdict(Counter)
    for case in cases:
        found = safety.assess(case.text)
        if case.risk or found.is_crisis:
            table[("" if case.risk else "(no risk) ") + case.category][found.layer or "missed"] += 1
    names = ["rules", "concepts", "classifier", "missed"]
    print(f"\n{'first layer to fire':22} " + " ".join(f"{n:>10}" for n in names))
    for category in sorted(table):
        print(f"{category:22} " + " ".join(f"{table[category][n]:>10}" for n in names))


def in_process(case: Case) -> Answer:
    found = safety.assess(case.text)
    return Answer(found.is_crisis, "crisis" if found.is_crisis else "?")


def through(web_url: str) -> Callable[[Case], Answer]:
    session = requests.Session()

    def ask(case: Case) -> Answer:
        answer = stack.ask_chat(session, web_url, case.text, case.lang)
        return Answer(bool(answer["crisis"]), str(answer["topic"]))

    return ask


def score_all(ask: Callable[[Case], Answer], cases: list[Case]) -> list[Answer]:
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(ask, cases))


def topic_accuracy(cases: list[Case], answers: list[Answer]) -> None:
    right = sum(
        a.topic == c.category or (c.category == "out_of_scope" and a.topic == "fallback")
        for c, a in zip(cases, answers, strict=True)
    )
    print(f"dev set topic accuracy (bot up): {ratio(right, len(cases))}")


def run(ask: Callable[[Case], Answer], label: str, heldout: list[Case], dev: list[Case]) -> bool:
    ok = True
    for title, cases in ((f"held-out corpus, {label}", heldout), (f"dev set, {label}", dev)):
        if not cases:
            continue
        answers = score_all(ask, cases)
        figures = report(title, cases, answers)
        ok &= figures["recall"] == 1.0 and figures["false_alarms"] <= TARGET_FALSE_ALARMS
        if cases is dev and "bot up" in label:
            topic_accuracy(cases, answers)
    return ok


def verdict(ok: bool) -> str:
    """Whether the targets (every risk caught, false alarms within the target) are met."""
    return "met" if ok else "NOT met"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--in-process", action="store_true", help="no servers: safety net only")
    parser.add_argument("--batch", help="score only this held-out batch (a, b, d, ...)")
    args = parser.parse_args()
    heldout, dev = heldout_cases(args.batch), dev_cases()
    if args.in_process:
        ok = run(in_process, "safety net in-process", heldout, dev)
        layers(heldout)
        print("\nTargets: recall 1.0 in every language, false alarms <= 3%:", verdict(ok))
        return 0

    with stack.local_stack("lpt-safety-eval-") as running:
        ok = run(through(running.web_url), "bot up", heldout, dev)
        running.rasa.stop()
        ok &= run(through(running.web_url), "bot stopped", heldout, dev)
    layers(heldout)
    print("\nTargets: recall 1.0 in every language, false alarms <= 3%:", verdict(ok))
    return 0


if __name__ == "__main__":
    sys.exit(main())
