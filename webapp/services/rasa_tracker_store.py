"""Rasa's SQL tracker store (deploy/rasa-endpoints.yml), where several Rasa servers keep every
conversation's events. Rasa's HTTP API cannot delete from it: replacing a tracker's events
only adds rows. So the web app deletes there itself the chats it deletes, by the id Rasa
keeps them under (the conversation id), and the trackers idle past the retention period."""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

# The table Rasa 3.6's SQLTrackerStore keeps events in: one row per event, `timestamp` in
# seconds since the epoch.
EVENTS = sa.table("events", sa.column("sender_id", sa.String), sa.column("timestamp", sa.Float))


class RasaTrackerStore:
    """Deletes conversations from Rasa's SQL tracker store."""

    def __init__(self, url: str) -> None:
        # Rarely used (a deletion, the daily purge): a connection each time, none kept open.
        self.engine = sa.create_engine(url, poolclass=NullPool)

    def delete(self, sender_ids: Collection[str]) -> bool:
        """Delete these conversations' events; False (logged) when the store failed."""
        if not sender_ids:
            return True
        return self._run(sa.delete(EVENTS).where(EVENTS.c.sender_id.in_(sender_ids))) is not None

    def delete_idle(self, before: datetime) -> int | None:
        """Delete every conversation whose last event is older than `before`; how many, or
        None (logged) when the store failed."""
        idle = (
            sa.select(EVENTS.c.sender_id)
            .group_by(EVENTS.c.sender_id)
            .having(sa.func.max(EVENTS.c.timestamp) < before.timestamp())
        )
        statement = sa.delete(EVENTS).where(EVENTS.c.sender_id.in_(idle))
        deleted = self._run(statement.returning(EVENTS.c.sender_id))
        return None if deleted is None else len(set(deleted))

    def _run(self, statement: sa.Executable) -> list[str] | None:
        """Run a DELETE in its own transaction: the ids it returned, None if it failed."""
        try:
            with self.engine.begin() as connection:
                result = connection.execute(statement)
                return list(result.scalars()) if result.returns_rows else []
        except sa.exc.SQLAlchemyError as err:
            log.warning("Rasa's tracker store could not delete: %s", type(err).__name__)
            return None
