"""Missed questions staff marked as examples, written as Rasa NLU training data (YAML) for a
developer to review and move into bot/data/nlu/<lang>/. Nothing here writes into bot/: what
the assistant learns passes its evaluation gate first (`make evaluate`)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from webapp.models import MissedQuestion

_SPACES = re.compile(r"\s+")
# A scrubbing marker ("[phone]") right before "(", "{" or "[" would read as Rasa's entity
# markup: a space keeps it plain text.
_LOOKS_LIKE_ENTITY = re.compile(r"\](?=[({\[])")


def example_line(text: str) -> str:
    """One example as a line of a YAML block scalar: on one line, nothing to escape, no
    entity markup."""
    return _LOOKS_LIKE_ENTITY.sub("] ", _SPACES.sub(" ", text).strip())


def nlu_yaml(questions: Iterable[MissedQuestion], today: date) -> str:
    """Rasa 3 NLU YAML: one `- intent:` entry per language and intent, each example once,
    in language then intent order; a new intent is said to need its reply and rules."""
    grouped: dict[tuple[str, str, bool], list[str]] = defaultdict(list)
    for question in questions:
        if question.decision not in ("topic", "new") or not question.intent:
            continue
        line = example_line(question.text)
        examples = grouped[(question.locale, question.intent, question.decision == "new")]
        if line and line not in examples:
            examples.append(line)
    lines = [
        'version: "3.1"',
        f"# Missed questions marked by staff at /staff/missed, exported {today.isoformat()}.",
        "# For review: move each language's examples into bot/data/nlu/<lang>/<topic>.yml,",
        "# then `make train` and `make evaluate` (the test set and crisis recall must not drop).",
        "nlu:",
    ]
    for (locale, intent, new), examples in sorted(grouped.items()):
        note = " (a new intent: it needs a reply, a domain entry and rules)" if new else ""
        lines += [f"# {locale}{note}", f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {example}" for example in examples]
    return "\n".join(lines) + "\n"
