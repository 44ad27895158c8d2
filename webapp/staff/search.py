"""What a staff search matches: the words as staff type them, whatever the accents, spacing
or punctuation. "cafe" finds "café"; "01162252525" and "0116 225 2525" find the same phone
number; "le16th" finds "LE1 6TH". Lists are a few hundred items, so they are matched here
rather than in SQL, where SQLite and PostgreSQL fold accents differently (or not at all)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")


def folded(text: str) -> str:
    """Lower case, with accents and other marks let go ("Café" -> "cafe")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def compact(text: str) -> str:
    """Folded, with spaces and punctuation let go: how phone numbers and postcodes compare.
    A UK number written +44 becomes the 0 number."""
    squeezed = _NOT_LETTER_OR_DIGIT.sub("", folded(text))
    return "0" + squeezed[2:] if text.lstrip().startswith("+44") else squeezed


def matches(query: str, texts: Iterable[str | None]) -> bool:
    """Whether what staff typed is in any of the texts, as typed (accents aside), or with
    spaces and punctuation let go on both sides."""
    haystack = [t for t in texts if t]
    wanted = folded(query.strip())
    if any(wanted in folded(t) for t in haystack):
        return True
    squeezed = compact(query)
    return len(squeezed) >= 3 and any(squeezed in compact(t) for t in haystack)
