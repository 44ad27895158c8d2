"""What the service worker keeps for offline use, and the version that names its cache.

The version digests everything the offline pages are made of: the crisis lines as each
language's crisis reply gives them (live from the content store), the files the pages load,
their templates and the compiled catalogs. A change to any of them (a staff edit of a crisis
number, a new stylesheet) changes the worker's script, so browsers fetch the pages afresh."""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from flask import current_app, url_for

from webapp.services import renderer

# The files an offline page loads (in static/build), kept beside the pages.
ASSETS = ("main.css", "nhsuk.js", "nhsuk-frontend.min.js", "quick-exit.js")
TEMPLATES = ("offline/page.html", "chat/_layout.html", "chat/_service_links.html", "base.html")


def pages() -> dict[str, str]:
    """The offline page of each language, by language code."""
    return {code: url_for("offline.page", locale=code) for code in current_app.config["LANGUAGES"]}


def assets() -> list[str]:
    return [url_for("static", filename=name) for name in ASSETS]


def version() -> str:
    """A short digest of the crisis lines, the files and the wording of the offline pages."""
    digest = hashlib.sha256()
    for code in current_app.config["LANGUAGES"]:
        crisis = renderer.render_crisis(code).as_dict()
        digest.update(json.dumps(crisis, sort_keys=True).encode())
    static = Path(current_app.static_folder or "")
    templates = Path(current_app.root_path) / "templates"
    catalogs = Path(current_app.config["BABEL_TRANSLATION_DIRECTORIES"])
    files = [
        *(static / name for name in ASSETS),
        *(templates / name for name in TEMPLATES),
        *sorted(catalogs.glob("*/LC_MESSAGES/messages.mo")),
    ]
    for path in files:
        digest.update(_file_digest(path))
    return digest.hexdigest()[:16]


def _file_digest(path: Path) -> bytes:
    try:
        stat = path.stat()
    except OSError:
        return b"missing " + str(path).encode()
    return _read_digest(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def _read_digest(path: Path, mtime_ns: int, size: int) -> bytes:
    """A file's digest, read again only when it changes (the worker is asked for often)."""
    return hashlib.sha256(path.read_bytes()).digest()
