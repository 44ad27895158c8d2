"""Public self-help pages: /help lists guides by topic with search; each guide has a page
in the reader's language and a PDF leaflet; the crisis numbers are at the foot of each."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from webapp import i18n
from webapp.extensions import db
from webapp.guides import markdown, pdf, query
from webapp.models import Guide
from webapp.security import leaflet_limit
from webapp.services import renderer

bp = Blueprint("guides", __name__, url_prefix="/help")

TOPIC_NAMES = {
    "camhs": _l("Feelings and mental health"),
    "neurodevelopmental": _l("Autism and ADHD"),
    "memory_cafe": _l("Memory and dementia"),
    "play_and_stay": _l("Babies and young children"),
    "nhs_111": _l("Getting help fast"),
}


@bp.get("/")
def index() -> ResponseReturnValue:
    """Every guide, grouped by topic, or the ones a search finds."""
    locale = str(get_locale())
    words = request.args.get("q", "").strip()[:100]
    guides = (
        query.search(words, locale)
        if words
        else [g for g in (query.localised(guide, locale) for guide in query.live_guides()) if g]
    )
    groups = [
        (name, [g for g in guides if topic in g.guide.topics])
        for topic, name in TOPIC_NAMES.items()
    ]
    return render_template(
        "guides/index.html",
        groups=[(n, g) for n, g in groups if g],
        words=words,
        found=len(guides),
    )


@bp.get("/<guide_id>")
def guide(guide_id: str) -> ResponseReturnValue:
    """One guide in the reader's language (in easy read where asked for and written), with
    its sources and the crisis numbers."""
    locale, easy = str(get_locale()), i18n.easy_read()
    item = _live(guide_id, locale)
    easy_body = item.text.easy_body if easy else ""
    return render_template(
        "guides/guide.html",
        item=item,
        body=markdown.render(easy_body or item.text.body),
        easy=bool(easy_body),
        crisis=renderer.render_crisis(locale, easy_read=easy).as_dict(),
    )


@bp.get("/<guide_id>.pdf")
@leaflet_limit  # per client address; each leaflet is made once, then kept (pdf.leaflet)
def leaflet(guide_id: str) -> ResponseReturnValue:
    """The guide as a leaflet to print or save, in the reader's language (in easy read where
    asked for and written)."""
    locale, easy = str(get_locale()), i18n.easy_read()
    item = _live(guide_id, locale)
    crisis = renderer.render_crisis(locale, easy_read=easy).text
    return Response(
        pdf.leaflet(item, locale, crisis, easy_read=easy),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'inline; filename="{guide_id}-{locale}.pdf"'},
    )


def _live(guide_id: str, locale: str) -> query.Localised:
    guide = db.session.get(Guide, guide_id)
    item = query.localised(guide, locale) if guide and guide.retired_at is None else None
    if item is None:
        abort(404)
    return item
