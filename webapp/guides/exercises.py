"""Short guided exercises in the chat, one step a message, with Next and Stop: paced
breathing, and 5-4-3-2-1 grounding. The person can stop at any point; anything they type
still goes through the safety net first. In easy read the steps come from
easy_wording.py beside it (the same steps, numbers and buttons)."""

from __future__ import annotations

import re

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp.easy_read import chosen
from webapp.guides.easy_wording import EXERCISE_STOPPED, EXERCISES
from webapp.reply_types import Button, Reply

STEP = re.compile(r"^/exercise_(breathing|grounding)_(\d{1,2})$")
STOP = "/exercise_stop"

STEPS = {
    "breathing": (
        _l("Let's breathe slowly together. Sit or lie somewhere comfy. You can stop any time."),
        _l("Breathe in slowly through your nose while you count to 4: 1, 2, 3, 4."),
        _l("Now breathe out slowly through your mouth while you count to 6: 1, 2, 3, 4, 5, 6."),
        _l("Again. Breathe in for 4, and let your tummy fill up like a balloon."),
        _l("Breathe out for 6. Let your shoulders drop as the air goes out."),
        _l("One more time. In for 4… and out for 6."),
        _l("Well done. Notice how your body feels now. You can do this any time, anywhere."),
    ),
    "grounding": (
        _l(
            "This is called 5-4-3-2-1. It helps your mind come back to right now. "
            "Take your time with each step."
        ),
        _l("Look around you. Name 5 things you can see."),
        _l("Now notice 4 things you can feel, like your feet on the floor or your clothes."),
        _l("Listen. Name 3 things you can hear."),
        _l("Name 2 things you can smell. If you can't smell anything, name 2 smells you like."),
        _l("Name 1 thing you can taste, or a taste you like."),
        _l("Well done. Take a slow breath. You can use 5-4-3-2-1 whenever you feel worried."),
    ),
}


def offer(locale: str) -> tuple[Button, ...]:
    """Buttons that start each exercise."""
    with force_locale(locale):
        return (
            Button(_("Slow breathing"), "/exercise_breathing_1"),
            Button(_("5-4-3-2-1 grounding"), "/exercise_grounding_1"),
        )


def answer(payload: str, locale: str, easy_read: bool = False) -> Reply | None:
    """The next step of an exercise, or the goodbye when stopped; None if not an exercise."""
    with force_locale(locale):
        if payload == STOP:
            stopped = _l("OK, we have stopped. You can start again any time.")
            text = chosen(stopped, EXERCISE_STOPPED, locale, easy_read)
            return Reply(str(text), buttons=offer(locale))
        match = STEP.match(payload)
        if match is None:
            return None
        kind, number = match.group(1), int(match.group(2))
        steps = STEPS[kind]
        number = min(max(number, 1), len(steps))
        easy = EXERCISES[kind][number - 1]
        text = str(chosen(steps[number - 1], easy, locale, easy_read))
        if number == len(steps):
            return Reply(text, buttons=(Button(_("Do it again"), f"/exercise_{kind}_1"),))
        return Reply(
            f"{text}\n" + _("(Step %(step)s of %(steps)s)", step=number, steps=len(steps)),
            buttons=(
                Button(_("Next"), f"/exercise_{kind}_{number + 1}"),
                Button(_("Stop"), STOP),
            ),
        )
