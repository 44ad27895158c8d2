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

    def score(self, text: str) -> Score:
        probability = float(self.risk.predict_proba([text])[0][1])
        reply = str(self.reply.predict([text])[0]) if probability >= self.threshold else ""
        return Score(probability, self.threshold, reply)


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
    return Model(models["risk"], models["reply"], float(meta["threshold"]), path)


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
    return model.score(reading.text) if model is not None else None
