"""Layer 2 of the safety net: a concept-based risk scorer.

Each language's lexicon (data/concepts/<lang>.yml) lists the ways of saying a risk concept:
dying and killing oneself, self-injury, the means (medicines by their UK names, ligatures,
heights, trains, poisons, weapons), emergency states, and the cues of intent, time and
finality, and who is at risk. Frames (data/concepts/frames.yml) say which concepts, found
close together, signal risk and which reply they need. So a message is caught when it
combines concepts in words no rule has seen ("would a whole box of co-codamol do it"), in any
of the ten languages, since every lexicon is read for every message: people mix languages.

The frames follow the Columbia scale's ladder (wish to be dead, thoughts, method, intent,
plan, behaviour) and NICE's self-harm guidance (any self-harm is taken seriously).

Here are the questions the other layers ask of a message; lexicon.py loads the lexicons and
finds where each concept is (pattern_keys.py says which patterns a text could match), and
frames.py says which frame the concepts found fit and whom the risk is about."""

from __future__ import annotations

from webapp.services.safety.frames import ConceptHit, first_hit, whose
from webapp.services.safety.lexicon import load_lexicon
from webapp.services.safety.reading import Reading

LEXICON = load_lexicon()


def hit(reading: Reading) -> ConceptHit | None:
    """The frame a message fits, if any."""
    return first_hit(LEXICON.frames, [LEXICON.positions(form) for form in reading.forms])


def whose_at(form: str, char_start: int) -> str:
    """own_life or someone_else, for a risk found at `char_start` in a normalised text."""
    anchor = len(form[:char_start].split())
    return whose(LEXICON.positions(form), anchor)


def has_idiom(reading: Reading) -> bool:
    """Whether the message uses a set idiom ("killing me", "the death of me")."""
    return any("idiom" in LEXICON.positions(form) for form in reading.forms)


# Words that say the subject is studied, reported, treated or joked about, not lived now.
CUES = ("talking_about", "idiom", "treat")


def has_cue(reading: Reading) -> bool:
    """Whether the message has a study, news, idiom or treatment cue anywhere in it."""
    return any(set(CUES) & LEXICON.positions(form).keys() for form in reading.forms)
