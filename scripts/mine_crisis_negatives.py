"""Write bot/data/nlu/<lang>/not_crisis.yml: hard negatives from the safety corpus's training
part that a trained assistant takes for its crisis intent.

    .venvs/web/bin/python -m scripts.mine_crisis_negatives --url http://127.0.0.1:5005 --token T

Rasa's crisis intent is the safety net's last line (services/conversation.py). Its own
examples are all risk, so everyday questions with the same words ("how much Calpol for a
2 year old", "cut my finger chopping onions", "could murder a pizza") came back as crisis:
about one hard negative in six with the bot up. The messages it gets wrong are taught to it
as what they are: everyday illness and small injuries are `nhs_111`, idioms `out_of_scope`.
Only the training part is read; the held-out part and the dev set stay unseen.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict

import requests

from webapp.services import safety
from webapp.services.safety import training

NLU_DIR = training.BOT_NLU_DIR
INTENT_OF_CATEGORY = {
    "everyday_health": "nhs_111",
    "minor_injury": "nhs_111",
    "idiom": "out_of_scope",
}
HEADER = (
    "# Hard negatives from safety_corpus/train that the assistant took for its crisis intent\n"
    "# (scripts/mine_crisis_negatives.py): everyday illness and small injuries are nhs_111,\n"
    "# idioms out_of_scope. Mined with a model trained without these files; not edited by hand.\n"
)


def negatives() -> list[dict]:
    found = []
    for path in training.corpus_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                if not item["risk"] and item["category"] in INTENT_OF_CATEGORY:
                    found.append(item)
    return found


def taken_for_crisis(url: str, token: str, text: str) -> bool:
    response = requests.post(
        f"{url}/model/parse", params={"token": token}, json={"text": text}, timeout=60
    )
    response.raise_for_status()
    return response.json()["intent"]["name"] == "crisis"


def write(chosen: dict[str, dict[str, list[str]]]) -> None:
    for lang, by_intent in sorted(chosen.items()):
        lines = [HEADER, 'version: "3.1"\n', "nlu:\n"]
        for intent, texts in sorted(by_intent.items()):
            lines.append(f"- intent: {intent}\n  examples: |\n")
            lines += [f"    - {' '.join(text.split())}\n" for text in sorted(set(texts))]
        (NLU_DIR / lang / "not_crisis.yml").write_text("".join(lines), encoding="utf-8")
        print(lang, {intent: len(texts) for intent, texts in by_intent.items()})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="a Rasa server with its API enabled")
    parser.add_argument("--token", required=True, help="its API token")
    args = parser.parse_args()
    chosen: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for item in negatives():
        # A cue already stands the crisis intent down (safety.model_crisis_stands).
        if not safety.model_crisis_stands(item["text"]):
            continue
        if not taken_for_crisis(args.url, args.token, item["text"]):
            continue
        chosen[item["lang"]][INTENT_OF_CATEGORY[item["category"]]].append(item["text"])
    write(chosen)


if __name__ == "__main__":
    main()
