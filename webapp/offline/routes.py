"""The web app manifest, the service worker and the offline pages (see the package)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import force_locale
from flask_babel import gettext as _

from webapp.offline import precache
from webapp.services import cards, renderer

bp = Blueprint(
    "offline",
    __name__,
    static_folder=str(Path(__file__).parent / "icons"),
    static_url_path="/icons",
)

NHS_BLUE = "#005eb8"
ICON_SIZES = (192, 512)


@bp.get("/manifest.webmanifest")
def manifest() -> ResponseReturnValue:
    """What a phone needs to put the chat on its home screen, in the page's language."""
    locale = _known(request.args.get("lang", "en"))
    with force_locale(locale):
        name = _("Support chat")
    icons = [
        {"src": _icon(f"icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in ICON_SIZES
    ] + [
        {
            "src": _icon(f"icon-maskable-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "maskable",
        }
        for size in ICON_SIZES
    ]
    body = {
        "id": "/",
        "name": f"{name} – Leicestershire Partnership NHS Trust",
        "short_name": name,
        "lang": locale,
        "dir": current_app.config["LANGUAGES"][locale][1],
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": NHS_BLUE,
        "background_color": "#ffffff",
        "icons": icons,
    }
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    return response


@bp.get("/service-worker.js")
def service_worker() -> ResponseReturnValue:
    """The worker, with the version and list of what it keeps; served from the root so its
    scope is the whole site, and never kept by the browser's HTTP cache."""
    script = render_template(
        "offline/service-worker.js",
        version=precache.version(),
        pages=precache.pages(),
        assets=precache.assets(),
    )
    headers = {
        "Content-Type": "text/javascript; charset=utf-8",
        "Service-Worker-Allowed": "/",
        "Cache-Control": "no-cache",
    }
    return script, 200, headers


@bp.get("/offline/<locale>")
def page(locale: str) -> ResponseReturnValue:
    """The page the worker shows when there is no connection: the crisis numbers, in one
    language, as tel: and sms: links that work without the internet."""
    if locale not in current_app.config["LANGUAGES"]:
        abort(404)
    with force_locale(locale):
        html = render_template(
            "offline/page.html",
            crisis=renderer.render_crisis(locale).as_dict(),
            numbers=cards.numbers(),
        )
    return html, 200, {"Cache-Control": "no-cache", "Content-Language": locale}


def _known(locale: str) -> str:
    return locale if locale in current_app.config["LANGUAGES"] else "en"


def _icon(filename: str) -> str:
    return url_for("offline.static", filename=filename)
