"""Who a message is about, when it is not the writer: "my son is 14", "my mum keeps
forgetting things", "mera beta", "mój syn", "ابني", in all ten languages.

Only the kind of relation (child, parent, partner, sibling, friend), the pronoun a reply
uses (he, she, they) and a stated age are read; never a name. The phrases, native script
and romanised, are in about_words.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

from webapp.services.about_words import PHRASES, SELF

RELATIONS = ("child", "parent", "partner", "sibling", "friend")
PRONOUNS = ("he", "she", "they")

# Letters, and the vowel signs and marks of the Indic and Arabic scripts, which Python's
# \w leaves out: a phrase must not start or end inside a word.
_LETTER = r"[\w\u0900-\u0dff\u0610-\u061a\u064b-\u065f\u0670]"
# Arabic joins "and", "for", "with" to the word: وابني is "and my son".
_ARABIC_PREFIX = r"(?:[وفلب]|ول|فل)?"

# An age said just after the person ("my son is 14", "mój syn ma 14 lat", "meu filho tem 14
# anos", "ابني عمره 14 سنة"): a number a few words on, then an age word or the end.
_AGE_AFTER = re.compile(
    r"^\W+(?:\S+\s+){0,3}?(\d{1,2})(?=\s*(?:$|[.,!?;:)]|and\b|y/?o\b|years?\b|yrs?\b|"
    r"saal\b|sal\b|lat\b|anos\b|ani\b|sano\b|jir\b|سال|سنة|سنوات|عام|বছর|વર્ષ|ਸਾਲ))"
)

# Words English puts between "my" and the person ("my 14 year old son", "my elderly mum"),
# read past so the person is still found.
_BETWEEN = re.compile(
    r"\b(my|our)\s+(?:(?:\d{1,2}\s*-?\s*(?:years?|yrs?|yr)\s*-?\s*old|\d{1,2}\s*y/?o|eldest|"
    r"oldest|youngest|older|younger|teenage|little|elderly|old|lovely|poor|dear)\s+)+"
)


@dataclass(frozen=True)
class About:
    """The person a conversation is about, when it is someone other than the writer."""

    relation: str | None = None  # one of RELATIONS; None: the writer, or not said
    pronoun: str = "they"  # one of PRONOUNS
    age: int | None = None  # their age, when the message gives it beside them

    @property
    def someone_else(self) -> bool:
        return self.relation is not None


def _compile(phrases: list[str]) -> re.Pattern[str]:
    longest_first = sorted(phrases, key=len, reverse=True)
    alternatives = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in longest_first)
    return re.compile(rf"(?<!{_LETTER}){_ARABIC_PREFIX}({alternatives})(?!{_LETTER})")


_PATTERN = _compile(list(PHRASES))
_SELF = _compile(list(SELF))


# A person named only as the one who sent the writer ("my mum said I should ask", "my
# teacher told me to message") is not who the message is about (English only for now).
_MESSENGER = re.compile(
    r"^\s+(?:(?:has |had |just |always |keeps )?(?:said|says|told me|tells me|telling me|"
    r"wants me|wanted me|asked me|made me|suggested|suggests|thinks i|thought i|reckons i|"
    r"gave me this|sent me|showed me))\b"
)


def find(text: str) -> About:
    """Who the message is about, from the first person it names who is not only the one
    who sent the writer here; About() for none."""
    lowered = _BETWEEN.sub(r"\1 ", text.casefold())
    for match in _PATTERN.finditer(lowered):
        after = lowered[match.end() :]
        if _MESSENGER.match(after):
            continue
        relation, pronoun = PHRASES[_normalised(match.group(1))]
        age = _AGE_AFTER.match(after)
        return About(relation, pronoun, int(age.group(1)) if age else None)
    return About()


def about_the_writer(text: str) -> bool:
    """True when the message says it is about the writer ("it's for myself", "dla mnie")
    and names no one else."""
    return not find(text).someone_else and _SELF.search(text.casefold()) is not None


def _normalised(phrase: str) -> str:
    return " ".join(phrase.split())
