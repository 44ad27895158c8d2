"""Staff pages for the self-help guides at /staff/guides: list and search, add, edit with a
preview, retire and restore, each language's text, history and roll back.

Every write goes through webapp.guides.store, so each change is kept as a revision (who, when,
and a snapshot of every language), and is on the public /help pages at the next request.
The review dashboard and the translation status page (webapp.staff.services) read the
guides through webapp.guides.query."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from pydantic import ValidationError
from sqlalchemy.orm import aliased, selectinload

from webapp.guides import markdown, store
from webapp.guides.schema import GuideIn, TextIn
from webapp.models import Guide, GuideRevision, GuideText
from webapp.models.content import TOPICS
from webapp.models.guide import EXERCISES, TEXT_STATUSES
from webapp.staff.auth import admin_required, form_expired, require_content
from webapp.staff.guide_form import (
    build_guide,
    guide_errors,
    guide_view,
    guide_view_from_form,
    new_guide_view,
    text_from_form,
)
from webapp.staff.page_helpers import (
    commit_create,
    commit_save,
    flash_saved,
    history_page,
    id_taken,
    item_or_404,
    locales,
    owned_or_404,
    posted_version,
    render,
    retire_and_report,
    roll_back_and_report,
    searched,
)

bp = Blueprint("staff_guides", __name__, url_prefix="/staff/guides")
bp.before_request(require_content)
bp.register_error_handler(CSRFError, form_expired)


def _locale_or_404(locale: str) -> str:
    if locale not in locales():
        abort(404)
    return locale


def title_of(guide: Guide) -> str:
    """The guide's English title (its name in the staff area), or its id if it has none."""
    english = guide.text("en")
    return english.title if english else guide.id


def _preview(view: dict[str, Any]) -> dict[str, Any]:
    """The posted text as the public page would show it: Markdown rendered, then sanitised."""
    return {
        "title": view["title"],
        "summary": view["summary"],
        "body": markdown.render(view["body"]),
        "easy_body": markdown.render(view["easy_body"]) if view["easy_body"] else "",
    }


def _editor(
    guide: Guide | None,
    view: dict[str, Any],
    version: int | None,
    errors: dict[str, str] | None = None,
    stale: bool = False,
    preview: dict[str, Any] | None = None,
) -> str:
    return render(
        "staff/guide_form.html",
        guide=guide,
        title=title_of(guide) if guide else None,
        view=view,
        version=version,
        errors=errors or {},
        stale=stale,
        preview=preview,
        topics=TOPICS,
        exercises=EXERCISES,
    )


@bp.get("/")
def index() -> ResponseReturnValue:
    """Every guide, searchable by id and by its English title, summary or text, and by topic."""
    english = aliased(GuideText)
    query = (
        sa.select(Guide)
        .outerjoin(english, sa.and_(english.guide_id == Guide.id, english.locale == "en"))
        .options(selectinload(Guide.texts))
        .order_by(english.title, Guide.id)
    )
    guides, search = searched(Guide, query, _searchable)
    return render(
        "staff/guides.html",
        guides=guides,
        title_of=title_of,
        locale_count=len(locales()),
        **search,
    )


def _searchable(guide: Guide) -> list[str | None]:
    english = next((t for t in guide.texts if t.locale == "en"), None)
    texts = (english.title, english.summary, english.body, english.easy_body) if english else ()
    return [guide.id, *texts]


@bp.route("/new", methods=("GET", "POST"))
def new() -> ResponseReturnValue:
    """Add a guide (in English; translations are added on its language pages)."""
    if request.method == "GET":
        return _editor(None, new_guide_view(), None)
    view = guide_view_from_form(request.form)
    if "preview" in request.form:
        return _editor(None, view, None, preview=_preview(view))
    built = build_guide(view, translations={}, retired=False)
    errors: dict[str, str] = {}
    try:
        data = GuideIn.model_validate(built.data)
    except ValidationError as err:
        errors = guide_errors(err, built)
    taken = _("A guide with this id already exists. Choose another id.")
    if id_taken(Guide, view["id"]):
        errors["id"] = taken
    if errors:
        return _editor(None, view, None, errors), 400
    guide = commit_create(lambda: store.save_guide(data, current_user.email, "create"))
    if guide is None:
        return _editor(None, view, None, {"id": taken}), 400
    flash(_("%(title)s was added.", title=data.title), "success")
    return redirect(url_for("staff_guides.edit", guide_id=guide.id))


@bp.route("/<guide_id>/edit", methods=("GET", "POST"))
def edit(guide_id: str) -> ResponseReturnValue:
    """Change a guide's English text, who it is for, its exercises, sources and review dates."""
    guide = item_or_404(Guide, guide_id)
    if request.method == "GET":
        return _editor(guide, guide_view(store.guide_dict(guide)), guide.version)
    view = guide_view_from_form(request.form)
    view["id"] = guide.id
    version = posted_version()
    if "preview" in request.form:
        return _editor(guide, view, version, preview=_preview(view))
    current = store.guide_dict(guide)
    built = build_guide(view, translations=current["translations"], retired=current["retired"])
    try:
        data = GuideIn.model_validate(built.data)
    except ValidationError as err:
        return _editor(guide, view, version, guide_errors(err, built)), 400
    changed = commit_save(
        lambda: store.save_guide(data, current_user.email, "edit", expected_version=version)
    )
    if changed is None:  # someone else saved first: show what is saved now
        guide = item_or_404(Guide, guide_id)
        view = guide_view(store.guide_dict(guide))
        return _editor(guide, view, guide.version, stale=True), 409
    flash_saved(changed, _("Your changes to %(title)s were saved.", title=data.title))
    return redirect(url_for("staff_guides.edit", guide_id=guide_id))


@bp.post("/<guide_id>/retire")
def retire(guide_id: str) -> ResponseReturnValue:
    """Take a guide off /help and out of the chat, keeping it and its history."""
    return _set_retired(guide_id, True)


@bp.post("/<guide_id>/restore")
def restore(guide_id: str) -> ResponseReturnValue:
    """Bring a retired guide back."""
    return _set_retired(guide_id, False)


def _set_retired(guide_id: str, retired: bool) -> ResponseReturnValue:
    guide = item_or_404(Guide, guide_id)
    if retired:
        message = _("%(title)s is retired: people no longer see it.", title=title_of(guide))
    else:
        message = _("%(title)s is restored.", title=title_of(guide))
    return retire_and_report(
        store.set_retired(guide, retired, current_user.email),
        message,
        url_for("staff_guides.edit", guide_id=guide_id),
    )


@bp.get("/<guide_id>/translations")
def translations(guide_id: str) -> ResponseReturnValue:
    """The guide's text in each language the chat speaks: checked, to check, or missing."""
    guide = item_or_404(Guide, guide_id)
    rows = [{"locale": locale, "text": guide.text(locale)} for locale in locales()]
    return render(
        "staff/guide_translations.html",
        guide=guide,
        title=title_of(guide),
        rows=rows,
        languages=current_app.config["LANGUAGES"],
    )


@bp.route("/<guide_id>/translations/<locale>", methods=("GET", "POST"))
def translate(guide_id: str, locale: str) -> ResponseReturnValue:
    """The guide in one language: title, summary, text, and whether a native speaker has
    checked it. Leaving the text empty removes the translation (people then see English)."""
    guide = item_or_404(Guide, guide_id)
    locale = _locale_or_404(locale)
    current = store.guide_dict(guide)
    if request.method == "GET":
        saved = current["translations"].get(locale) or {"status": "needs_review"}
        return _text_page(guide, locale, current, saved, guide.version)
    values = text_from_form(request.form)
    version = posted_version()
    if "preview" in request.form:
        preview = _preview(values)
        return _text_page(guide, locale, current, values, version, preview=preview)
    translations = dict(current["translations"])
    if any(values[key] for key in ("title", "summary", "body")):
        try:
            translations[locale] = TextIn.model_validate(values).model_dump()
        except ValidationError as err:
            return _text_page(guide, locale, current, values, version, guide_errors(err)), 400
    else:
        translations.pop(locale, None)
    data = GuideIn.model_validate({**current, "translations": translations})
    changed = commit_save(
        lambda: store.save_guide(data, current_user.email, "translate", expected_version=version)
    )
    if changed is None:
        guide = item_or_404(Guide, guide_id)
        current = store.guide_dict(guide)
        saved = current["translations"].get(locale) or {"status": "needs_review"}
        return _text_page(guide, locale, current, saved, guide.version, stale=True), 409
    name = current_app.config["LANGUAGES"][locale][0]
    if locale in translations:
        flash_saved(changed, _("The %(language)s text was saved.", language=name))
    else:
        flash_saved(
            changed, _("The %(language)s text was removed: people see English.", language=name)
        )
    return redirect(url_for("staff_guides.translate", guide_id=guide_id, locale=locale))


def _text_page(
    guide: Guide,
    locale: str,
    current: dict[str, Any],
    values: dict[str, str],
    version: int,
    errors: dict[str, str] | None = None,
    stale: bool = False,
    preview: dict[str, Any] | None = None,
) -> str:
    language, direction = current_app.config["LANGUAGES"][locale]
    return render(
        "staff/guide_text.html",
        guide=guide,
        title=title_of(guide),
        language_code=locale,  # not `locale`: base.html sets that to the page's own
        current=current,
        values=values,
        version=version,
        errors=errors or {},
        stale=stale,
        preview=preview,
        statuses=TEXT_STATUSES,
        language=language,
        direction=direction,
    )


@bp.get("/<guide_id>/history")
def history(guide_id: str) -> ResponseReturnValue:
    """Every saved version of a guide (every language), newest first, with what it changed."""
    guide = item_or_404(Guide, guide_id)
    return history_page(
        guide.revisions,
        lambda revision_id: url_for(
            "staff_guides.roll_back", guide_id=guide.id, revision_id=revision_id
        ),
        name=title_of(guide),
        caption=guide.id,
        back=url_for("staff_guides.edit", guide_id=guide.id),
    )


@bp.post("/<guide_id>/history/<int:revision_id>/roll-back")
@admin_required
def roll_back(guide_id: str, revision_id: int) -> ResponseReturnValue:
    """Make an earlier version current again, as a new version (admins only)."""
    guide = item_or_404(Guide, guide_id)
    revision = owned_or_404(GuideRevision, revision_id, guide_id=guide.id)
    return roll_back_and_report(
        lambda: store.roll_back(guide, revision, current_user.email),
        title_of(guide),
        url_for("staff_guides.history", guide_id=guide_id),
    )
