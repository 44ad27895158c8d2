"""Each web process's read-only copy of the live content the chat shows on every turn.

Staff change services and guides only through their stores, and every change adds a
revision row. The newest revision ids therefore tell whether a copy is current: one small
query per request or Socket.IO event checks both, and a copy is reloaded only when its
revision has moved. A staff edit still shows in the very next reply, in every web process."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

import sqlalchemy as sa
from flask import current_app, g

from webapp.extensions import db
from webapp.models import GuideRevision, ServiceRevision

T = TypeVar("T")


@dataclass(frozen=True)
class Revisions:
    """The newest revision of the services and of the guides (None: there is none yet)."""

    services: int | None
    guides: int | None


def revisions() -> Revisions:
    """The newest revisions, read once per request or event."""
    found: Revisions | None = g.get("live_revisions")
    if found is None:
        newest = sa.select(
            sa.select(sa.func.max(ServiceRevision.id)).scalar_subquery(),
            sa.select(sa.func.max(GuideRevision.id)).scalar_subquery(),
        )
        services, guides = db.session.execute(newest).one()
        found = g.live_revisions = Revisions(services, guides)
    return found


def changed() -> None:
    """Content was just saved: the rest of this request must read the revisions again."""
    g.pop("live_revisions", None)


class Snapshot(Generic[T]):
    """A value loaded from the database, kept until the revision it was loaded at moves.

    One per app (tests build many apps on different databases): see `snapshot`."""

    def __init__(self, revision_of: Callable[[Revisions], int | None], load: Callable[[], T]):
        self._revision_of = revision_of
        self._load = load
        self._revision: int | None = -1  # never a real revision: the first use loads
        self._value: T | None = None
        self._lock = threading.Lock()

    def get(self) -> T:
        revision = self._revision_of(revisions())
        with self._lock:  # one thread reloads; the others wait for its copy
            if self._value is None or self._revision != revision:
                self._value = self._load()
                self._revision = revision
            return self._value


def snapshot(
    name: str, revision_of: Callable[[Revisions], int | None], load: Callable[[], T]
) -> Snapshot[T]:
    """The current app's snapshot called `name`, created on first use."""
    key = f"snapshot.{name}"
    found: Snapshot[T] | None = current_app.extensions.get(key)
    if found is None:  # built only once per app, not on every turn that asks for it
        found = current_app.extensions.setdefault(key, Snapshot(revision_of, load))
    return found
