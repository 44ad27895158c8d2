"""Layer 1 of the safety net: reviewed regular-expression rules in every language.

The rules are data (data/rules/<lang>.yml) so clinicians can review them, each with its
specification beside it (tests/unit/safety_cases/<lang>.yml); a miss is a bug."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from webapp.services.safety import concepts
from webapp.services.safety.normalise import fold_pattern
from webapp.services.safety.reading import Reading

RULES_DIR = Path(__file__).parent / "data" / "rules"
LANGUAGES: tuple[str, ...] = ("en", "gu", "pa", "ur", "pl", "so", "ar", "bn", "ro", "pt")

# When several categories match, the most time-critical one names the reply: a swallowed
# overdose or a child in danger needs 999 before anything else.
CATEGORY_PRIORITY: tuple[str, ...] = (
    "overdose",
    "harm_to_others_or_child",
    "medical_emergency",
    "suicide",
    "self_harm",
)
CATEGORIES = frozenset(CATEGORY_PRIORITY)
# The reply a category's rules give unless a rule names its own (`reply:` in the file).
CATEGORY_REPLY = {
    "overdose": "emergency",
    "harm_to_others_or_child": "emergency",
    "medical_emergency": "emergency",
    "suicide": "own_life",
    "self_harm": "own_life",
}
RULE_REPLIES = frozenset({"own_life", "emergency", "someone_else", "check_in"})


@dataclass(frozen=True)
class Rule:
    """One reviewed rule: any of its patterns matching the normalised text fires it."""

    id: str
    language: str
    category: str
    patterns: tuple[str, ...]
    note: str
    reply: str


@dataclass(frozen=True)
class RuleHit:
    rule: Rule
    form: str  # the form of the text it matched
    start: int  # where in that form


def _load_file(path: Path) -> dict[str, Any]:
    """One language's rule file, checked for the fields every file must have."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("language") != path.stem:
        raise ValueError(f"{path.name}: 'language' must be {path.stem!r}")
    for key in ("reviewed", "review_note", "rules"):
        if not data.get(key):
            raise ValueError(f"{path.name}: missing {key!r}")
    return data


def _parse_rule(language: str, raw: dict[str, Any]) -> Rule:
    """A Rule from its YAML entry, refusing anything malformed."""
    rule_id, category = str(raw.get("id", "")), str(raw.get("category", ""))
    if category not in CATEGORIES:
        raise ValueError(f"{rule_id}: unknown category {category!r}")
    if not rule_id.startswith(f"{language}.{category}."):
        raise ValueError(f"{rule_id}: id must start with {language}.{category}.")
    patterns = tuple(fold_pattern(str(p)) for p in raw.get("patterns") or ())
    if not patterns:
        raise ValueError(f"{rule_id}: no patterns")
    for pattern in patterns:
        compiled = re.compile(pattern)
        if compiled.groupindex:
            raise ValueError(f"{rule_id}: named groups are not allowed: {pattern}")
    reply = str(raw.get("reply") or CATEGORY_REPLY[category])
    if reply not in RULE_REPLIES:
        raise ValueError(f"{rule_id}: unknown reply {reply!r}")
    note = str(raw.get("note", ""))
    return Rule(rule_id, language, category, patterns, note, reply)


def load_rules(directory: Path = RULES_DIR) -> tuple[tuple[Rule, ...], dict[str, list[str]]]:
    """Every language's rules, plus the under-19 exclusion and indicator patterns."""
    rules: list[Rule] = []
    under_19: dict[str, list[str]] = {"exclusions": [], "indicators": []}
    for language in LANGUAGES:
        data = _load_file(directory / f"{language}.yml")
        rules.extend(_parse_rule(language, raw) for raw in data["rules"])
        for kind in under_19:
            under_19[kind].extend(fold_pattern(p) for p in data.get(f"under_19_{kind}") or ())
    ids = [rule.id for rule in rules]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"duplicate rule ids: {duplicates}")
    return tuple(rules), under_19


def _alternation(patterns: Iterable[str]) -> str:
    """Many patterns as one regex alternation."""
    return "|".join(f"(?:{p})" for p in patterns)


def _combine(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """One compiled alternation of many patterns, or None when there are none."""
    joined = _alternation(patterns)
    return re.compile(joined) if joined else None


def _compile_category(rules: Iterable[Rule]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation for a category, a named group per rule so the match names its rule."""
    groups: dict[str, str] = {}
    parts: list[str] = []
    for index, rule in enumerate(rules):
        name = f"r{index}"
        groups[name] = rule.id
        parts.append(f"(?P<{name}>{_alternation(rule.patterns)})")
    return re.compile("|".join(parts)), groups


RULES, _UNDER_19 = load_rules()
RULES_BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}
_BY_CATEGORY = {
    category: _compile_category(r for r in RULES if r.category == category)
    for category in CATEGORY_PRIORITY
}
_RULE_PATTERNS = {rule.id: re.compile(_alternation(rule.patterns)) for rule in RULES}
_UNDER_19_EXCLUSIONS = _combine(_UNDER_19["exclusions"])
_UNDER_19_INDICATORS = _combine(_UNDER_19["indicators"])


def first_hit(reading: Reading) -> RuleHit | None:
    """The rule of the highest-priority category that matches either form of the text,
    passing over a match next to a study, news, recovery or idiom cue. Every rule is read
    so: on the corpus's hard negatives this halves the rules' false alarms ("we are reading
    why they kill themselves", "a man jumped from a bridge on the news") and misses no risk
    message that the rules caught, and the concepts and classifier still read the text."""
    cues: dict[str, list[int]] = {}
    for category in CATEGORY_PRIORITY:
        pattern, groups = _BY_CATEGORY[category]
        for form in reading.forms:
            for match in pattern.finditer(form):
                name = next(n for n, value in match.groupdict().items() if value is not None)
                rule = RULES_BY_ID[groups[name]]
                if _next_to_cue(form, match.start(), cues):
                    continue
                return RuleHit(rule, form, match.start())
    return None


# How close a study, news or idiom cue must be to silence a rule's match.
CUE_WINDOW = 6


def _next_to_cue(form: str, start: int, cues: dict[str, list[int]]) -> bool:
    """Whether a talking_about, idiom or treat concept is within CUE_WINDOW words."""
    if form not in cues:
        found = concepts.LEXICON.positions(form)
        cues[form] = [p for c in concepts.CUES for p in found.get(c, ())]
    word = len(form[:start].split())
    return any(abs(word - p) <= CUE_WINDOW for p in cues[form])


def may_be_under_19(reading: Reading) -> bool:
    """True unless the text makes clear the person at risk is an adult (and names no child)."""
    if _UNDER_19_INDICATORS and _UNDER_19_INDICATORS.search(reading.text):
        return True
    return not (_UNDER_19_EXCLUSIONS and _UNDER_19_EXCLUSIONS.search(reading.text))


def matching_rules(reading: Reading) -> list[str]:
    """Ids of every rule that matches the message (for tests, audits and rule review)."""
    return [
        rule_id
        for rule_id, pattern in _RULE_PATTERNS.items()
        if any(pattern.search(form) for form in reading.forms)
    ]
