"""Where someone lives and how old they (or their child) are, when a message says so.

Only coarse facts are kept: an area (Leicester city, Leicestershire county, Rutland), a
postcode district such as LE2, and an age in years. They filter and order service cards."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Leicester's own postcode districts; LE15 is Rutland (Oakham); other LE districts are county.
CITY_DISTRICTS = {"LE1", "LE2", "LE3", "LE4", "LE5"}
RUTLAND_DISTRICTS = {"LE15"}

TOWNS = {
    "leicester": (
        "leicester city",
        "the city",
        "leicester",
        "highfields",
        "belgrave",
        "evington",
        "braunstone",
        "beaumont leys",
        "new parks",
        "saffron",
        "eyres monsell",
        "spinney hill",
        "clarendon park",
        "aylestone",
        "humberstone",
        "hamilton",
        "rushey mead",
        "westcotes",
        "knighton",
        "stoneygate",
        "abbey",
    ),
    "leicestershire": (
        "leicestershire",
        "the county",
        "loughborough",
        "hinckley",
        "coalville",
        "melton",
        "melton mowbray",
        "market harborough",
        "lutterworth",
        "wigston",
        "oadby",
        "blaby",
        "shepshed",
        "ashby",
        "ashby de la zouch",
        "syston",
        "birstall",
        "narborough",
        "enderby",
        "glenfield",
        "anstey",
        "thurmaston",
        "earl shilton",
        "barwell",
        "burbage",
        "castle donington",
        "kegworth",
        "ibstock",
        "groby",
        "countesthorpe",
        "broughton astley",
        "quorn",
        "mountsorrel",
        "sileby",
        "markfield",
        "whetstone",
    ),
    "rutland": ("rutland", "oakham", "uppingham", "cottesmore", "empingham", "ketton"),
}
_TOWN_PATTERN = re.compile(
    r"\b("
    + "|".join(
        sorted((re.escape(t) for names in TOWNS.values() for t in names), key=len, reverse=True)
    )
    + r")\b"
)
_TOWN_AREA = {town: area for area, names in TOWNS.items() for town in names}
_DISTRICT = re.compile(r"\b(le\d{1,2})(?:\s?\d[a-z]{2})?\b")
_AGE = re.compile(
    r"\b(?:i ?a?m|im|i'm|aged?|age)\s*(\d{1,3})\b"
    r"|\b(\d{1,3})\s*(?:years?|yrs?|yr)\s*old\b"
    r"|\b(\d{1,3})\s*(?:yo|y/o|yr old)\b"
    r"|\b(\d{1,2})\s*(?:months?|mths?)\s*old\b"
)


@dataclass(frozen=True)
class Place:
    area: str | None = None  # leicester, leicestershire or rutland
    district: str | None = None  # e.g. LE2


def find_place(text: str) -> Place:
    """The area and postcode district a message names, if any."""
    lowered = text.casefold()
    if match := _DISTRICT.search(lowered):
        district = match.group(1).upper()
        return Place(_district_area(district), district)
    if match := _TOWN_PATTERN.search(lowered):
        return Place(_TOWN_AREA[match.group(1)])
    return Place()


def find_age(text: str) -> int | None:
    """An age in whole years that the message states, if any (babies in months count as 0)."""
    match = _AGE.search(text.casefold())
    if not match:
        return None
    if match.group(4) is not None:
        return int(match.group(4)) // 12
    age = int(next(g for g in match.groups()[:3] if g is not None))
    return age if age <= 110 else None


def _district_area(district: str) -> str:
    if district in CITY_DISTRICTS:
        return "leicester"
    if district in RUTLAND_DISTRICTS:
        return "rutland"
    return "leicestershire"
