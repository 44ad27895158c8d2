"""Leaflets kept once made, as files under the instance folder (LEAFLET_CACHE_DIR).

A leaflet's file is named for its guide, language and revision, and a digest of everything
else it is made from (its HTML, with the crisis numbers of the day, and the stylesheet): an
edit to the guide or to a crisis line names a new file, so nothing has to be cleared. The
older file of that guide and language is removed once the new one is kept. Web processes on
one machine share the folder; a folder that cannot be written only means more rendering."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)

# One leaflet is made at a time in each web process. Making one takes most of a second of
# CPU, and Python runs one thread at a time: a crowd asking at once would otherwise starve
# the chat's threads (health checks and crisis replies with them). Requests for a leaflet
# already kept never wait for this.
_making = threading.Lock()


@dataclass(frozen=True)
class Key:
    """What one leaflet file is made from."""

    guide_id: str  # a slug (GuideIn.id), safe as a folder name
    revision: int
    locale: str
    inputs: str  # everything else that changes the PDF, as text

    def path(self, folder: Path) -> Path:
        digest = hashlib.sha256(self.inputs.encode()).hexdigest()[:24]
        return folder / self.guide_id / f"{self.locale}-r{self.revision}-{digest}.pdf"


def kept_or_made(key: Key, make: Callable[[], bytes]) -> bytes:
    """The leaflet's bytes as kept, else made by `make` (once however many ask) and kept."""
    path = key.path(Path(current_app.config["LEAFLET_CACHE_DIR"]))
    if (kept := _read(path)) is not None:
        return kept
    with _making:
        if (kept := _read(path)) is not None:  # made while this request waited
            return kept
        made = make()
        _keep(path, made, key.locale)
    return made


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _keep(path: Path, data: bytes, locale: str) -> None:
    """Write the file whole (a reader never sees half of it), then drop the older ones."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        part = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        part.write_bytes(data)
        part.replace(path)
        for older in path.parent.glob(f"{locale}-r*.pdf"):
            if older != path:
                older.unlink(missing_ok=True)
    except OSError as err:
        log.warning("Leaflet not kept in %s: %s", path.parent, err)
