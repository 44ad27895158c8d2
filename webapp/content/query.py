"""Which services the chat shows for a topic, for where someone lives and their age."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from dateutil.rrule import rrulestr
from sqlalchemy import orm
from sqlalchemy.orm import selectinload

from webapp import snapshots
from webapp.extensions import db
from webapp.models import Location, Schedule, Service
from webapp.places import Place


@dataclass(frozen=True)
class Session:
    """The next time a schedule runs."""

    day: date
    opens_at: time
    closes_at: time
    term_time_only: bool
    note: str | None


@dataclass(frozen=True)
class _Live:
    """The live services, fully loaded and detached: read-only, they outlive the request."""

    services: tuple[Service, ...] = ()
    by_id: dict[str, Service] = field(default_factory=dict)


def _load_live() -> _Live:
    # An own session: the objects outlive the request, read-only and fully loaded.
    with orm.Session(db.engine) as session:
        query = (
            sa.select(Service)
            .where(Service.retired_at.is_(None), Service.status == "active")
            .options(selectinload(Service.locations).selectinload(Location.schedules))
            .order_by(Service.name)
        )
        services = tuple(session.scalars(query))
        session.expunge_all()
    return _Live(services, {s.id: s for s in services})


def _live() -> _Live:
    """The live services, reloaded only when a service has changed (webapp/snapshots.py)."""
    return snapshots.snapshot("services", lambda r: r.services, _load_live).get()


def live_services(topic: str) -> list[Service]:
    """Active, unretired services for a topic, in a stable order."""
    return [s for s in _live().services if topic in s.topics]


def services_for(
    topic: str,
    place: Place,
    age: int | None,
    today: date,
    limit: int = 3,
    first: tuple[str, ...] = (),
) -> list[Service]:
    """Services for a topic that suit this person, the nearest first; national last.

    The services named in `first` lead, nearest first, wherever they are: the one A&E for
    Leicester, Leicestershire and Rutland is in Leicester."""
    suitable = [
        s
        for s in live_services(topic)
        if _age_fits(s, age) and (s.id in first or _area_fits(s, place.area))
    ]
    suitable = [s for s in suitable if not _only_past_sessions(s, today)]
    return sorted(suitable, key=lambda s: (s.id not in first, _distance(s, place)))[:limit]


def live_by_id() -> dict[str, Service]:
    """Every live service by its id (retired, inactive and unknown ids are absent)."""
    return _live().by_id


def next_session(schedule: Schedule, now: datetime) -> Session | None:
    """When this schedule next runs (today's session counts until it closes), or None."""
    if schedule.valid_to is not None and schedule.valid_to < now.date():
        return None
    start = datetime.combine(schedule.valid_from or date(2000, 1, 1), schedule.opens_at)
    rule = f"FREQ={schedule.freq};INTERVAL={schedule.interval};BYDAY={schedule.byday}"
    if schedule.valid_to is not None:
        rule += f";UNTIL={schedule.valid_to:%Y%m%d}T235959"
    # Today's session still counts until it closes.
    day = now.date() if now.time() < schedule.closes_at else now.date() + timedelta(days=1)
    occurrence = rrulestr(rule, dtstart=start).after(datetime.combine(day, time(0)), inc=True)
    if occurrence is None:
        return None
    return Session(
        occurrence.date(),
        schedule.opens_at,
        schedule.closes_at,
        schedule.term_time_only,
        schedule.note,
    )


def current_locations(service: Service, place: Place, now: datetime) -> list[Location]:
    """The service's locations that still run sessions (or have none), nearest first."""
    kept = [
        loc
        for loc in service.locations
        if not loc.schedules or any(next_session(s, now) for s in loc.schedules)
    ]
    return sorted(kept, key=lambda loc: _location_distance(loc, place))


def _age_fits(service: Service, age: int | None) -> bool:
    if age is None:
        return True
    low = service.min_age if service.min_age is not None else 0
    high = service.max_age if service.max_age is not None else 200
    # A parent asking about a toddler, or a carer about a parent, is not the age that counts
    # for services aimed at parents or carers: those stay in.
    return low <= age <= high or service.for_parents or service.for_carers


def _area_fits(service: Service, area: str | None) -> bool:
    if area is None or not service.locations:
        return True
    return any(loc.area in (area, "national") for loc in service.locations)


def _only_past_sessions(service: Service, today: date) -> bool:
    """True when every location has sessions and all of them have ended."""
    if not service.locations or not all(loc.schedules for loc in service.locations):
        return False
    now = datetime.combine(today, time(0, 0))
    return not any(next_session(s, now) for loc in service.locations for s in loc.schedules)


def _distance(service: Service, place: Place) -> tuple[int, str]:
    if not service.locations:
        return (2, service.name)
    return (min(_location_distance(loc, place)[0] for loc in service.locations), service.name)


def _location_distance(location: Location, place: Place) -> tuple[int, str]:
    """0: same postcode district; 1: same area (or no area known); 2: national; 3: elsewhere."""
    if place.district and location.postcode and location.postcode.startswith(place.district + " "):
        return (0, location.name or "")
    if location.area == "national":
        return (2, location.name or "")
    if place.area is None or location.area == place.area:
        return (1, location.name or "")
    return (3, location.name or "")
