"""Easy-read versions of the guided exercises' steps in the chat (exercises.py), after the
Mencap and NHS easy-read guidance, like services/easy_wording.py: short sentences, everyday
words, one idea a line; Flesch-Kincaid grade 5 or under. The same steps, counts and buttons.
In the gettext context "easy read": a language without one gets its own standard text
(webapp/easy_read.py)."""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import lazy_pgettext as _p

# Step by step as in exercises.STEPS, with the same counts; and what it says when stopped.
EXERCISES: dict[str, tuple[LazyString, ...]] = {
    "breathing": (
        _p(
            "easy read",
            "Let's breathe slowly together.\n"
            "Sit or lie down somewhere comfy.\n"
            "You can stop at any time.",
        ),
        _p("easy read", "Breathe in slowly through your nose.\nCount to 4: 1, 2, 3, 4."),
        _p(
            "easy read",
            "Now breathe out slowly through your mouth.\nCount to 6: 1, 2, 3, 4, 5, 6.",
        ),
        _p(
            "easy read",
            "Do it again.\nBreathe in for 4.\nLet your tummy fill up like a balloon.",
        ),
        _p("easy read", "Breathe out for 6.\nLet your shoulders drop."),
        _p("easy read", "One more time.\nIn for 4.\nOut for 6."),
        _p(
            "easy read",
            "Well done.\nHow does your body feel now?\nYou can do this any time, anywhere.",
        ),
    ),
    "grounding": (
        _p(
            "easy read",
            "This is called 5-4-3-2-1.\nIt helps your mind come back to now.\nTake your time.",
        ),
        _p("easy read", "Look around you.\nName 5 things you can see."),
        _p(
            "easy read",
            "Now find 4 things you can feel.\nLike your feet on the floor.\nOr your clothes.",
        ),
        _p("easy read", "Listen.\nName 3 things you can hear."),
        _p(
            "easy read",
            "Name 2 things you can smell.\nCan you not smell anything?\nName 2 smells you like.",
        ),
        _p("easy read", "Name 1 thing you can taste.\nOr name a taste you like."),
        _p(
            "easy read",
            "Well done.\nTake a slow breath.\nYou can do 5-4-3-2-1 when you feel worried.",
        ),
    ),
}
EXERCISE_STOPPED = _p("easy read", "OK. We have stopped.\nYou can start again any time.")
