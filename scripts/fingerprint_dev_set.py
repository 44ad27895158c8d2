"""Write the fingerprints of the shared dev set's messages (tests/unit/dev_set_fingerprints.txt).

    .venvs/web/bin/python -m scripts.fingerprint_dev_set [path/to/dev_eval.jsonl]

The dev set lives outside the repository (../shared/eval/) and exists to measure, so no
training data may contain its messages. A fingerprint is a hash of a message's normalised
text: the tests check every training example against them on any machine, without the dev
set itself and without keeping its sentences in the repository."""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from webapp.services.safety.reading import Reading  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEV_SET = ROOT.parent / "shared" / "eval" / "dev_eval.jsonl"
FINGERPRINTS = ROOT / "tests" / "unit" / "dev_set_fingerprints.txt"


def fingerprint(text: str) -> str:
    """The fingerprint of a message: a hash of its normalised text."""
    return hashlib.sha256(Reading.of(text).text.encode()).hexdigest()[:20]


def fingerprints_within(text: str, min_words: int = 3) -> set[str]:
    """The fingerprints of every run of at least `min_words` words in a message, so that a
    training line holding a dev-set message inside longer words is found too (a message with a
    word added before or after it). Runs are cut from the normalised text,
    with punctuation at their ends let go, as the dev message's own would be."""
    words = Reading.of(text).text.split()
    runs = set()
    for start in range(len(words)):
        for end in range(start + min_words, len(words) + 1):
            run = " ".join(words[start:end])
            runs.update({run, run.rstrip(",.!?;:")})
    return {hashlib.sha256(run.encode()).hexdigest()[:20] for run in runs}


def from_dev_set(path: Path = DEV_SET) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return sorted({fingerprint(json.loads(line)["text"]) for line in lines if line.strip()})


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEV_SET
    prints = from_dev_set(path)
    FINGERPRINTS.write_text("\n".join(prints) + "\n")
    print(f"{len(prints)} fingerprints written to {FINGERPRINTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
