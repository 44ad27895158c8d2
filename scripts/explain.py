"""Show how the assistant reads messages: the safety net's verdict and Rasa's intent ranking.

    .venvs/web/bin/python scripts/explain.py [--rasa http://127.0.0.1:5005] "message" ...

A tool for reviewing misses and writing training data; it needs a running Rasa server."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from webapp.services import safety  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("messages", nargs="+")
    parser.add_argument("--rasa", default="http://127.0.0.1:5005")
    args = parser.parse_args()
    for text in args.messages:
        verdict = safety.assess(text)
        parse = requests.post(f"{args.rasa}/model/parse", json={"text": text}, timeout=10).json()
        ranking = ", ".join(
            f"{i['name']} {i['confidence']:.2f}" for i in parse.get("intent_ranking", [])[:3]
        )
        net = f"SAFETY NET {verdict.rule_id}" if verdict.is_crisis else "net: no"
        print(f"{text[:70]!r}\n    {net} | {parse['intent']['name']} | {ranking}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
