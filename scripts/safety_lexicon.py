"""Check one language's concept lexicon against the TRAINING part of the safety corpus.

    .venvs/web/bin/python -m scripts.safety_lexicon pl [--misses] [--alarms] [--concepts TEXT]
        [--file safety_corpus/train/pl-c.jsonl] [--net]

Prints the concept layer's recall per category on safety_corpus/train/<lang>.jsonl, its
false alarms on that file's hard negatives and on the assistant's own messages
(bot/data/nlu/<lang>/, every language since all lexicons run on every message), and with
--misses / --alarms the messages behind the figures. --concepts shows which concepts and
frame a text hits. --file reads another training file; --net scores the whole safety net
(rules, concepts, classifier) instead of the concept layer alone. The held-out part is never
read: it is for `make safety-eval` only."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from webapp.services import safety
from webapp.services.safety import concepts, training
from webapp.services.safety.reading import Reading


def show(text: str) -> None:
    reading = Reading.of(text)
    print("normalised:", reading.forms)
    for form in reading.forms:
        print(" concepts:", concepts.LEXICON.positions(form))
    found = concepts.hit(reading)
    print(" frame:", found.frame.id if found else None, "reply:", found.reply if found else None)


def fires(text: str, whole_net: bool) -> str | None:
    """What fires on a text: the frame (concept layer), or layer and rule (whole net)."""
    if whole_net:
        found = safety.assess(text)
        return f"{found.layer} {found.rule_id}" if found.is_crisis else None
    hit = concepts.hit(Reading.of(text))
    return hit.frame.id if hit else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("lang")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--alarms", action="store_true")
    parser.add_argument("--concepts")
    parser.add_argument("--file", help="a training file other than train/<lang>.jsonl")
    parser.add_argument("--net", action="store_true", help="the whole safety net")
    args = parser.parse_args()
    if args.concepts:
        show(args.concepts)
        return
    path = Path(args.file) if args.file else training.TRAIN_DIR / f"{args.lang}.jsonl"
    if "heldout" in path.parts:
        parser.error("the held-out part is only scored by make safety-eval")
    total, caught, negatives, alarms = Counter(), Counter(), Counter(), Counter()
    missed, alarmed = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        found = fires(item["text"], args.net)
        if item["risk"]:
            total[item["category"]] += 1
            caught[item["category"]] += found is not None
            if found is None:
                missed.append(f"{item['category']:18} {item['text']}")
        else:
            negatives[item["category"]] += 1
            alarms[item["category"]] += found is not None
            if found is not None:
                alarmed.append(f"{found:28} {item['text']}")
    for category in total:
        print(f"recall {category:18} {caught[category]:3}/{total[category]}")
    print(f"recall ALL {sum(caught.values())}/{sum(total.values())}")
    for category in negatives:
        print(f"false alarms {category:18} {alarms[category]:3}/{negatives[category]}")
    print(f"false alarms ALL {sum(alarms.values())}/{sum(negatives.values())}")
    bot = [e for e in training.bot_examples() if not e.risk]
    bot_alarms = [e.text for e in bot if concepts.hit(Reading(e.text, (e.text,))) is not None]
    print(
        "false alarms on the assistant's own messages (all languages):",
        f"{len(bot_alarms)}/{len(bot)}",
    )
    if args.misses:
        print("\nMISSED\n" + "\n".join(missed))
    if args.alarms:
        print("\nFALSE ALARMS\n" + "\n".join(alarmed))
        print("\nON THE ASSISTANT'S MESSAGES\n" + "\n".join(bot_alarms))


if __name__ == "__main__":
    main()
