"""A guide as a printable leaflet (PDF), made by WeasyPrint with the fonts embedded.

Fonts come from Debian's fonts-noto-core: Noto Sans for Latin scripts and one font per
script for the others. Urdu uses Noto Naskh Arabic rather than Nastaliq, because Naskh
keeps the text searchable and copyable in the PDF."""

from __future__ import annotations

from functools import cache
from importlib.metadata import version
from pathlib import Path

from flask import render_template

from webapp.guides import leaflet_cache, markdown
from webapp.guides.query import Localised

FONTS = {
    "gu": "Noto Sans Gujarati",
    "pa": "Noto Sans Gurmukhi",
    "bn": "Noto Sans Bengali",
    "ur": "Noto Naskh Arabic",
    "ar": "Noto Naskh Arabic",
}
STYLESHEET = Path(__file__).with_name("leaflet.css")


def leaflet(guide: Localised, locale: str, crisis: str, easy_read: bool = False) -> bytes:
    """The guide's leaflet PDF in the given language (English where not yet translated),
    with the crisis reply's text at its foot; in easy read (larger text) where asked for
    and written; made once for each revision of the guide and of the crisis numbers, then
    kept."""
    easy_body = guide.text.easy_body if easy_read else ""
    html = render_template(
        "guides/leaflet.html",
        item=guide,
        locale=locale,
        body=markdown.render(easy_body or guide.text.body),
        easy=bool(easy_body),
        crisis=crisis,
    )
    # The guide's script first, then Noto Sans for the Latin text (numbers, names) in it.
    font = (
        f'body {{ font-family: "{FONTS.get(locale, "Noto Sans")}", "Noto Sans", '
        '"DejaVu Sans", sans-serif; }'
    )
    # Kept beside the standard leaflet (each drops only older leaflets of its own kind).
    kind = f"{locale}-easy" if easy_body else locale
    key = leaflet_cache.Key(
        guide.guide.id, guide.guide.version, kind, "\n".join([html, font, *_made_with()])
    )
    return leaflet_cache.kept_or_made(key, lambda: _write_pdf(html, font))


@cache
def _made_with() -> tuple[str, str]:
    """The stylesheet and WeasyPrint's version: a deployment that changes either makes the
    leaflets again."""
    return STYLESHEET.read_text(), version("weasyprint")


def _write_pdf(html: str, font: str) -> bytes:
    from weasyprint import CSS, HTML  # large: loaded only when a leaflet is made

    stylesheets = [CSS(filename=STYLESHEET), CSS(string=font)]
    return HTML(string=html).write_pdf(stylesheets=stylesheets)
