"""Layer 3 of the safety net: a risk classifier trained on the safety corpus (training.py),
independent of Rasa's intents.

The model for the current corpus is `MODEL_DIR/<inputs hash>.skops`, trained by
`scripts/train-safety` (make train). Loaded once, on first use, with skops (no pickle);
when it is missing the other layers still run and the error is logged."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sparse
from scipy.special import expit

from webapp.services.safety import training
from webapp.services.safety.reading import Reading

log = logging.getLogger(__name__)
MODEL_DIR = training.ROOT / "safety_corpus" / "models"


@dataclass(frozen=True)
class Score:
    probability: float  # calibrated probability that the message is a risk to life
    threshold: float
    reply: str  # which safety reply a risk message needs

    @property
    def is_risk(self) -> bool:
        return self.probability >= self.threshold


class MissingModel(RuntimeError):
    """No trained classifier for the current corpus."""


@dataclass(frozen=True)
class Model:
    risk: Any
    reply: Any
    threshold: float
    path: Path
    linear: LinearRisk | None = None

    def score(self, text: str) -> Score:
        if self.linear is not None:
            probability = self.linear.probability(text)
        else:
            probability = float(self.risk.predict_proba([text])[0][1])
        reply = str(self.reply.predict([text])[0]) if probability >= self.threshold else ""
        return Score(probability, self.threshold, reply)


@dataclass(frozen=True)
class LinearRisk:
    """The risk model's arithmetic without scikit-learn's checks on every call, which were
    two thirds of its time on one message (4.4 ms to 1.4 ms here): the weighted feature
    blocks side by side, then each calibrated regression's sigmoid, averaged, exactly as
    CalibratedClassifierCV.predict_proba computes them for two classes
    (tests/unit/test_safety_net.py checks the two agree)."""

    blocks: tuple[tuple[Any, float], ...]  # (fitted transformer, weight)
    parts: tuple[tuple[Any, float, float, float], ...]  # (coef, intercept, a, b)

    @classmethod
    def of(cls, pipeline: Any) -> LinearRisk | None:
        """None for a model of another shape: the pipeline then scores as it is."""
        try:
            union = pipeline.named_steps["features"]
            calibrated = pipeline.named_steps["model"]
            weights = union.transformer_weights or {}
            blocks = tuple((t, float(weights.get(n, 1.0))) for n, t in union.transformer_list)
            parts = []
            for member in calibrated.calibrated_classifiers_:
                (sigmoid,) = member.calibrators
                regression = member.estimator
                coef = regression.coef_.ravel()
                parts.append((coef, float(regression.intercept_[0]), sigmoid.a_, sigmoid.b_))
        except (AttributeError, KeyError, ValueError):
            return None
        if list(calibrated.classes_) != [False, True]:
            return None
        return cls(blocks, tuple(parts))

    def probability(self, text: str) -> float:
        features = sparse.hstack(
            [sparse.csr_matrix(t.transform([text])) * w for t, w in self.blocks]
        ).tocsr()
        scores = [
            expit(-(a * (features @ coef + intercept) + b)) for coef, intercept, a, b in self.parts
        ]
        return float(np.mean(scores))


def model_path(directory: Path = MODEL_DIR) -> Path:
    return directory / f"{training.inputs_hash()}.skops"


def load(path: Path) -> Model:
    """The two models saved at `path` and the threshold beside them."""
    import skops.io as sio

    if not path.exists():
        raise MissingModel(
            f"No safety classifier at {path}: run `make train` (scripts/train-safety)"
        )
    trusted = sio.get_untrusted_types(file=path)
    # Only the scikit-learn and NumPy types training.py saves (and its concept features)
    # are accepted.
    known = ("sklearn.", "numpy.", "scipy.", "webapp.services.safety.training.")
    unexpected = [t for t in trusted if not t.startswith(known)]
    if unexpected:
        raise MissingModel(f"{path}: unexpected types {unexpected}")
    models = sio.load(path, trusted=trusted)
    meta = json.loads(path.with_suffix(".json").read_text())
    threshold = float(meta["threshold"])
    risk = models["risk"]
    return Model(risk, models["reply"], threshold, path, LinearRisk.of(risk))


_lock = threading.Lock()
_model: Model | None = None
_failed = False


def current() -> Model | None:
    """The model for the current corpus, loaded once; None (logged once) when missing."""
    global _model, _failed
    if _model is not None or _failed:
        return _model
    with _lock:
        if _model is None and not _failed:
            try:
                _model = load(model_path())
                log.info("Safety classifier %s loaded", _model.path.name)
            except (MissingModel, OSError, ValueError, KeyError) as err:
                _failed = True
                log.error("Safety classifier not loaded; the other layers still run: %s", err)
    return _model


def score(reading: Reading) -> Score | None:
    """The classifier's view of a message, or None when no model is loaded."""
    model = current()
    return model.score(reading.for_classifier) if model is not None else None
