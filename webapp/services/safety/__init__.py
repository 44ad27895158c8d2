"""The safety net: whether a message suggests a risk to life, and which reply it needs.

`assess` is the one entry point (assessment.py); the layers are rules.py, concepts.py (on
lexicon.py, pattern_keys.py and frames.py) and classifier.py, each reading the same
normalised text (normalise.py, reading.py)."""

from webapp.services.safety.assessment import (
    CHECK_IN,
    EARLIER_TURNS,
    EMERGENCY,
    NOT_CRISIS,
    OWN_LIFE,
    REPLIES,
    SOMEONE_ELSE,
    SafetyAssessment,
    assess,
    model_crisis_stands,
)
from webapp.services.safety.normalise import fold_pattern, normalise
from webapp.services.safety.reading import Reading
from webapp.services.safety.rules import (
    CATEGORIES,
    LANGUAGES,
    RULES,
    RULES_BY_ID,
    RULES_DIR,
    load_rules,
)
from webapp.services.safety.rules import matching_rules as _matching_rules


def matching_rules(text: str) -> list[str]:
    """Ids of every rule that matches the message (for tests, audits and rule review)."""
    return _matching_rules(Reading.of(text))


__all__ = [
    "CATEGORIES",
    "CHECK_IN",
    "EARLIER_TURNS",
    "EMERGENCY",
    "LANGUAGES",
    "NOT_CRISIS",
    "OWN_LIFE",
    "REPLIES",
    "RULES",
    "RULES_BY_ID",
    "RULES_DIR",
    "SOMEONE_ELSE",
    "Reading",
    "SafetyAssessment",
    "assess",
    "fold_pattern",
    "load_rules",
    "matching_rules",
    "model_crisis_stands",
    "normalise",
]
