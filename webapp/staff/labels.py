"""The words staff see for the content's codes: "Memory cafés and dementia", not
`memory_cafe`; "Leicester City", not `leicester`. The codes stay what is stored, exported
and sent over the API; only the staff pages show these."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

LABELS = {
    "topics": {
        "crisis": _l("Crisis and urgent help"),
        "camhs": _l("Young people's mental health (CAMHS)"),
        "neurodevelopmental": _l("Autism and ADHD"),
        "memory_cafe": _l("Memory cafés and dementia"),
        "play_and_stay": _l("Play and Stay and young children"),
        "nhs_111": _l("Which service to use (NHS 111)"),
    },
    "access": {
        "self_referral": _l("People contact it themselves"),
        "referral": _l("Needs a referral (a GP or other professional)"),
        "self_referral_or_referral": _l("Either: people contact it themselves or are referred"),
    },
    # What the assistant understands (bot/domain/*.yml intents), for marking a missed
    # question as an example of one; "unclear" (no words at all) is left out.
    "intents": {
        "camhs": _l("Young people's mental health (CAMHS)"),
        "neurodevelopmental": _l("Autism and ADHD"),
        "memory_cafe": _l("Memory cafés and dementia"),
        "play_and_stay": _l("Play and Stay and young children"),
        "nhs_111": _l("Which service to use (NHS 111)"),
        "crisis": _l("Crisis and urgent help"),
        "calm_down": _l("Help to calm down"),
        "cant_sleep": _l("Cannot sleep"),
        "book_appointment": _l("Booking an appointment"),
        "change_appointment": _l("Changing an appointment"),
        "cancel_appointment": _l("Cancelling an appointment"),
        "human_handoff": _l("Asking for a person"),
        "change_language": _l("Changing the language"),
        "greet": _l("Hello"),
        "goodbye": _l("Goodbye"),
        "thanks": _l("Thanks"),
        "out_of_scope": _l("Something the chat does not help with"),
    },
    "area": {
        "leicester": _l("Leicester City"),
        "leicestershire": _l("Leicestershire"),
        "rutland": _l("Rutland"),
        "national": _l("National or online"),
    },
}


def label(kind: str, code: str) -> str:
    """The words for a code of `kind` (topics, access, intents, area); the code itself if it
    has none."""
    words = LABELS.get(kind, {}).get(code)
    return str(words) if words is not None else code


def options(kind: str) -> list[tuple[str, str]]:
    """(code, words) for a form's choices, in the order above."""
    return [(code, str(words)) for code, words in LABELS[kind].items()]
