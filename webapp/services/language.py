"""Which language a message is written in, when that can be told with confidence.

Script first (Gujarati, Gurmukhi, Bengali and Arabic scripts are unambiguous, and Urdu has
letters Arabic lacks); then romanised Gujarati, Punjabi and Urdu by their common words; then
lingua's own models for Latin-script languages. Short or ambiguous messages ("hi", "ok", a
postcode, an emoji) return None, so they never flip the conversation's language."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

MIN_WORDS = 3
MIN_LETTERS = 10
# lingua must be this sure, and this far ahead of the runner-up, to name a Latin language.
MIN_CONFIDENCE = 0.75

_SCRIPTS = {
    "GUJARATI": "gu",
    "GURMUKHI": "pa",
    "BENGALI": "bn",
}
# Letters Urdu uses and Arabic does not (ٹ ڈ ڑ ں ے ھ ک گ ی پ چ ژ).
_URDU_LETTERS = set("ٹڈڑںےۓھکگیپچژ")

_LATIN = {
    Language.ENGLISH: "en",
    Language.POLISH: "pl",
    Language.ROMANIAN: "ro",
    Language.PORTUGUESE: "pt",
    Language.SOMALI: "so",
}

# Everyday words of romanised Gujarati, Punjabi and Urdu that English, Polish, Romanian,
# Portuguese and Somali do not share. Two or more distinct hits name the language.
_ROMANISED: dict[str, frozenset[str]] = {
    "gu": frozenset(
        "che chhe nathi mane mara mari maru maro tame tamne shu su kem ane pan thi hatu hati "
        "karvu joiye jovu padse ketlu kyare kya mate sathe amne amaru hu chu pachi nahi "
        "ghanu dikro dikri baa bapuji saru".split()
    ),
    "pa": frozenset(
        "mainu menu tusi tuhanu tuhada kiven kive haiga sanu saada sada karna chahida chahidi "
        "vich nal naal gal kithe kinna kinni ohnu onu kuj kujh aa mera meri munda kudi "
        "pehla hun hunn ji dasso daso".split()
    ),
    "ur": frozenset(
        "mujhe mujhay mera meri hai hain nahi nahin kya mein aap apni apna kaise kaisay "
        "chahiye karna bohat bahut raha rahi rahe ke ki ko liye sath baat beta beti ammi abbu "
        "hum humein kyun kab kahan".split()
    ),
}
_WORD = re.compile(r"[^\W\d_]+")


def detect(text: str) -> str | None:
    """The language of `text` as a locale code, or None when it cannot be told safely."""
    words = _WORD.findall(text.casefold())
    if len(words) < MIN_WORDS or sum(len(w) for w in words) < MIN_LETTERS:
        return None
    return _by_script(text) or _by_romanised_words(words) or _by_lingua(text)


def _by_script(text: str) -> str | None:
    """Non-Latin scripts name the language outright."""
    counts: dict[str, int] = {}
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        script = name.split(" ", 1)[0]
        if script in _SCRIPTS:
            counts[_SCRIPTS[script]] = counts.get(_SCRIPTS[script], 0) + 1
        elif script == "ARABIC":
            code = "ur" if char in _URDU_LETTERS else "ar"
            counts[code] = counts.get(code, 0) + 1
    letters = sum(1 for c in text if c.isalpha())
    if not counts or sum(counts.values()) < letters / 2:
        return None
    if "ur" in counts:  # any Urdu-only letter makes Arabic-script text Urdu
        return "ur"
    return max(counts, key=lambda code: counts[code])


def _by_romanised_words(words: list[str]) -> str | None:
    """Romanised Gujarati, Punjabi or Urdu, by how many of its everyday words appear."""
    distinct = set(words)
    scores = {code: len(distinct & vocab) for code, vocab in _ROMANISED.items()}
    best = max(scores, key=lambda code: scores[code])
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] >= 2 and ranked[0] > ranked[1]:
        return best
    return None


def _by_lingua(text: str) -> str | None:
    """English, Polish, Romanian, Portuguese or Somali, when lingua is clearly sure."""
    values = _detector().compute_language_confidence_values(text)
    if not values:
        return None
    top = values[0]
    runner_up = values[1].value if len(values) > 1 else 0.0
    if top.value >= MIN_CONFIDENCE and top.value - runner_up >= 0.5:
        return _LATIN.get(top.language)
    return None


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    """Built once, on first use; its models ship inside the package (no downloads). Low
    accuracy mode uses trigram models only: about 13 MB instead of 150 MB, and messages here
    are three words or more, where it is reliable."""
    return LanguageDetectorBuilder.from_languages(*_LATIN).with_low_accuracy_mode().build()
