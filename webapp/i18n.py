"""Which language a page is shown in (an explicit choice, then the browser, then English),
and whether in easy read (a choice kept, like the language, in the browser's session)."""

from __future__ import annotations

from flask import Flask, Response, current_app, request, session
from flask_babel import get_locale

from webapp.extensions import babel


def select_locale() -> str:
    """Explicit choice kept in the session, else Accept-Language, else English."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("locale")
    if chosen in languages:
        return str(chosen)
    return request.accept_languages.best_match(list(languages)) or "en"


def easy_read() -> bool:
    """Whether this browser chose easy read: short sentences, everyday words."""
    return session.get("easy_read") is True


def choose_easy_read(on: bool) -> None:
    """Keep the choice for this browser's session (nothing about the person is stored)."""
    session["easy_read"] = on


def text_direction(locale: str) -> str:
    """'rtl' for Urdu and Arabic, else 'ltr'."""
    return str(current_app.config["LANGUAGES"].get(locale, ("", "ltr"))[1])


def name_the_language(response: Response) -> Response:
    """Pages say their language (Content-Language): the service worker shows its offline page
    in the language of the last page seen."""
    if response.mimetype == "text/html":
        response.headers.setdefault("Content-Language", str(get_locale()))
    return response


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.after_request(name_the_language)
    app.jinja_env.globals.update(
        text_direction=text_direction, get_locale=get_locale, easy_read=easy_read
    )
