"""Trains layer 3 of the safety net, the risk classifier, from the training part of the safety
corpus and the assistant's own labelled messages. Run by `scripts/train-safety` (make train)
when its inputs change; the model is named by a hash of them, like the Rasa model.

Two models, both character and word n-grams plus the concepts of the risk scorer
(concepts.py, which carry across languages; a tenth of their weight in the risk model,
CONCEPT_WEIGHT) into logistic regression:
- risk: is this message a risk to life? Calibrated (sigmoid, 3 folds). It runs after the
  rules and the concept scorer, to catch what they miss, and is silenced by an idiom, so its
  threshold is set from cross-validated probabilities on what is left to it: the lowest
  threshold at which it adds false alarms on at most TARGET_FALSE_ALARMS of the corpus's hard
  negatives, beyond those the other layers already raise. The recall that buys, its own and
  the whole net's, is recorded beside the model.
- reply: for a risk message, which of the four safety replies it needs.

The held-out part of the corpus is never read here."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from webapp.services.safety.reading import Reading

ROOT = Path(__file__).resolve().parents[3]
TRAIN_DIR = ROOT / "safety_corpus" / "train"
BOT_NLU_DIR = ROOT / "bot" / "data" / "nlu"
# What shapes the model: the data above and this code (features, model, threshold rule),
# and the normalisation every message goes through first.
HERE = Path(__file__).parent
SHAPING_CODE = (
    Path(__file__),
    HERE / "normalise.py",
    HERE / "concepts.py",
    HERE / "lexicon.py",
    HERE / "pattern_keys.py",
    HERE / "frames.py",
    *sorted((HERE / "data" / "concepts").glob("*.yml")),
    # The threshold depends on what the rules already catch.
    HERE / "rules.py",
    *sorted((HERE / "data" / "rules").glob("*.yml")),
)
# The issue allows 3% false alarms from the whole net. With every rule silenced next to a
# study, news or idiom cue, the rules and concepts raise about 1% on the corpus's hard
# negatives, so the classifier may add up to 2% more: a lower threshold, and more of the
# risk messages that no lexicon has words for.
TARGET_FALSE_ALARMS = 0.02
SEED = 0

# The corpus's categories, by the reply each needs (safety_corpus/README.md).
REPLY_OF_CATEGORY = {
    "suicidal_thoughts": "own_life",
    "self_harm": "own_life",
    "method_means": "own_life",
    "finality": "own_life",
    "act_done": "emergency",
    "emergency_now": "emergency",
    "someone_else": "someone_else",
    "unclear": "check_in",
}


@dataclass(frozen=True)
class Example:
    text: str  # normalised
    risk: bool
    reply: str | None  # for the corpus's risk messages; None for the assistant's own
    source: str  # corpus | bot
    raw: str = ""  # as typed: the model and the other layers read it as the live net does

    @property
    def read(self) -> Reading:
        return Reading.of(self.raw or self.text)


def corpus_files() -> list[Path]:
    return sorted(TRAIN_DIR.glob("*.jsonl"))


def bot_files() -> list[Path]:
    return sorted(BOT_NLU_DIR.glob("*/*.yml"))


def inputs_hash() -> str:
    """A hash of everything that shapes the model."""
    digest = hashlib.sha256()
    for path in [*corpus_files(), *bot_files(), *SHAPING_CODE]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def corpus_examples() -> Iterator[Example]:
    for path in corpus_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                reply = REPLY_OF_CATEGORY.get(item["category"]) if item["risk"] else None
                raw = item["text"]
                yield Example(Reading.of(raw).text, bool(item["risk"]), reply, "corpus", raw)


def bot_examples() -> Iterator[Example]:
    """The assistant's NLU examples: its crisis intent as risk, every other intent not."""
    for path in bot_files():
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or ():
            if "intent" not in block:
                continue
            for line in str(block.get("examples", "")).splitlines():
                text = line.strip().removeprefix("- ").strip()
                if text:
                    risk = block["intent"] == "crisis"
                    yield Example(Reading.of(text).text, risk, None, "bot", text)


def concept_features(texts: Iterable[str]) -> np.ndarray:
    """One column per risk concept: whether the concept scorer finds it in the text."""
    rows = [_concept_row(text) for text in texts]
    return np.array(rows).reshape(len(rows), len(_concept_names()))


@lru_cache(maxsize=1)
def _concept_names() -> tuple[str, ...]:
    from webapp.services.safety import concepts

    return tuple(sorted(concepts.LEXICON.patterns))


# Cross-validation fits the features of each text some twenty times, and the lexicon's
# regexes are most of that work, so each process reads a text's concepts once. Bounded, as
# the live classifier runs this too.
@lru_cache(maxsize=20_000)
def _concept_row(text: str) -> tuple[float, ...]:
    from webapp.services.safety import concepts

    found = concepts.LEXICON.positions(text)
    return tuple(1.0 if name in found else 0.0 for name in _concept_names())


# How much the risk concepts weigh beside the n-grams in the risk model. At full weight the
# model leaned on them: a risk message in words no lexicon holds scored low, and on the
# blind held-out batches I and J (1,181 messages) the whole net caught 0.85 of the risk
# messages. At a tenth it leans on the n-grams and caught 0.90, with false alarms the same.
# With no concepts at all it fired on short everyday messages ("I cut myself shaving",
# "staying at my mates tonight so not going home") that the concepts tell apart.
# The reply model keeps them at full weight: who is at risk is what they name best.
CONCEPT_WEIGHT = 0.1


def features(concept_weight: float = 1.0) -> FeatureUnion:
    """Character n-grams (any script, typos, romanised spellings), words and word pairs,
    and the risk concepts, weighted by `concept_weight`. N-grams are hashed, not kept in a
    vocabulary: the saved model is then arrays that load in well under a second, where a
    vocabulary of a few hundred thousand n-grams took skops over ten seconds to rebuild."""
    return FeatureUnion(
        [
            ("concepts", FunctionTransformer(concept_features)),
            ("chars", _hashed(2**17, analyzer="char_wb", ngram_range=(2, 5))),
            (
                "words",
                _hashed(2**16, analyzer="word", ngram_range=(1, 2), token_pattern=r"(?u)\b\w+\b"),
            ),
        ],
        transformer_weights={"concepts": concept_weight, "chars": 1.0, "words": 1.0},
    )


def _hashed(size: int, **options: object) -> Pipeline:
    """Hashed n-gram counts (into `size` columns), then sublinear tf-idf."""
    counts = HashingVectorizer(n_features=size, alternate_sign=False, norm=None, **options)
    return Pipeline([("counts", counts), ("tfidf", TfidfTransformer(sublinear_tf=True))])


def risk_model() -> Pipeline:
    regression = LogisticRegression(C=20, class_weight="balanced", max_iter=3000)
    calibrated = CalibratedClassifierCV(regression, method="sigmoid", cv=3)
    return Pipeline([("features", features(CONCEPT_WEIGHT)), ("model", calibrated)])


def reply_model() -> Pipeline:
    regression = LogisticRegression(C=20, class_weight="balanced", max_iter=3000)
    return Pipeline([("features", features()), ("model", regression)])


def choose_threshold(negatives: np.ndarray, settled: np.ndarray, target: float) -> float:
    """The lowest threshold at which the classifier flags at most `target` of the negatives
    that the other layers leave to it (`settled` marks those they already flag, or an idiom
    silences)."""
    if not len(negatives):
        return 0.5
    ranked = np.sort(negatives[~settled])[::-1]
    allowed = int(np.floor(target * len(negatives)))
    if allowed >= len(ranked):
        return 0.5
    return float(np.nextafter(ranked[allowed], 1.0))


def other_layers(reading: Reading) -> tuple[bool, bool]:
    """Whether the rules or the concept scorer fire on this message, and whether an idiom in
    it silences the classifier (assessment.py): where either holds, its score changes nothing.
    Read from the message as typed, as the live net reads it (romanised Arabic's digits)."""
    from webapp.services.safety import concepts, rules

    fires = rules.first_hit(reading) is not None or concepts.hit(reading) is not None
    return fires, concepts.has_idiom(reading)


@dataclass(frozen=True)
class Trained:
    risk: Pipeline
    reply: Pipeline
    meta: dict[str, float]


def train(examples: Iterable[Example]) -> Trained:
    """Both models, the threshold, and the cross-validated figures behind it."""
    data = list({(e.text, e.risk): e for e in examples}.values())  # one copy of each text
    readings = [e.read for e in data]
    texts = [reading.for_classifier for reading in readings]
    risk = np.array([e.risk for e in data])
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    # Both cores: the folds are independent, and this is most of the training time.
    cross = cross_val_predict(
        risk_model(), texts, risk, cv=folds, method="predict_proba", n_jobs=2
    )[:, 1]
    from_corpus = np.array([e.source == "corpus" for e in data])
    hard = from_corpus & ~risk
    layers = (other_layers(reading) for reading in readings)
    fires, idiom = (np.array(column) for column in zip(*layers, strict=True))
    threshold = choose_threshold(cross[hard], (fires | idiom)[hard], TARGET_FALSE_ALARMS)
    flagged = cross >= threshold
    net = fires | (flagged & ~idiom)  # what the whole net, assessment.py, flags
    meta = {
        "threshold": threshold,
        "target_false_alarms": TARGET_FALSE_ALARMS,
        "examples": len(data),
        "risk_examples": int(risk.sum()),
        "cv_recall_corpus": float(flagged[from_corpus & risk].mean()),
        "cv_false_alarms_hard_negatives": float(flagged[hard].mean()),
        "cv_false_alarms_added": float((flagged & ~fires & ~idiom)[hard].mean()),
        "cv_recall_whole_net": float(net[from_corpus & risk].mean()),
        "cv_false_alarms_whole_net": float(net[hard].mean()),
        "cv_false_alarms_assistant_messages": float(net[~from_corpus & ~risk].mean()),
    }
    risk_pipeline = risk_model().fit(texts, risk)
    with_reply = [(text, e.reply) for text, e in zip(texts, data, strict=True) if e.reply]
    reply_pipeline = reply_model().fit([text for text, _ in with_reply], [r for _, r in with_reply])
    return Trained(risk_pipeline, reply_pipeline, meta)


def main(out_dir: str) -> None:
    """Train and save <hash>.skops (both models) and <hash>.json (threshold and figures)."""
    import skops.io as sio

    digest = inputs_hash()
    trained = train([*corpus_examples(), *bot_examples()])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    sio.dump({"risk": trained.risk, "reply": trained.reply}, out / f"{digest}.skops")
    meta = {**trained.meta, "inputs": digest}
    (out / f"{digest}.json").write_text(json.dumps(meta, indent=2) + "\n")
    print(json.dumps(meta, indent=2), file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "safety_corpus" / "models"))
