"""Staff pages for the signposting content: list, edit, retire, translate, history, review.

Every write goes through webapp.content.store, so each change is kept as an exact revision.
The review and translation status pages also cover the self-help guides."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from pydantic import ValidationError
from sqlalchemy.orm import selectinload

from webapp import clock
from webapp.config import ROOT
from webapp.content import store
from webapp.content.schema import ServiceIn
from webapp.extensions import db
from webapp.guides import query as guide_query
from webapp.models import Organisation, Service, ServiceRevision
from webapp.models.content import STATUSES, TOPICS
from webapp.services import catalog_status
from webapp.staff import labels
from webapp.staff.auth import admin_required, form_expired, home_url, require_content
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
from webapp.staff.service_form import (
    Built,
    build_service,
    errors_by_field,
    new_service_view,
    service_view,
    view_from_form,
)

bp = Blueprint("staff", __name__, url_prefix="/staff")
bp.register_error_handler(CSRFError, form_expired)


@bp.before_request
def content_staff_only() -> ResponseReturnValue | None:
    """The content is for editors and admins; booking staff who open the staff area's front
    door are taken to the bookings."""
    front_door = request.endpoint == "staff.index"
    if front_door and current_user.is_authenticated and not current_user.edits_content:
        return redirect(home_url())
    return require_content()


def _editor(
    service: Service | None,
    view: dict[str, Any],
    version: int | None,
    errors: dict[str, str] | None = None,
    stale: bool = False,
) -> str:
    organisations = db.session.scalars(sa.select(Organisation).order_by(Organisation.name))
    return render(
        "staff/service_form.html",
        service=service,
        view=view,
        version=version,
        errors=errors or {},
        stale=stale,
        organisations=list(organisations),
        statuses=STATUSES,
        topics=TOPICS,
        access_options=labels.options("access"),
        areas=labels.options("area"),
    )


def _checked(view: dict[str, Any], built: Built) -> tuple[ServiceIn | None, dict[str, str]]:
    """The edited service checked by the content rules (None if it fails them), and the
    errors to show: the rules', and an organisation that is not on the list."""
    errors: dict[str, str] = {}
    chosen = view["organisation"]
    if chosen and db.session.get(Organisation, chosen) is None:
        errors["organisation"] = _("Choose an organisation from the list.")
    try:
        return ServiceIn.model_validate(built.data), errors
    except ValidationError as err:
        return None, {**errors_by_field(err, built), **errors}


@bp.get("/")
def index() -> ResponseReturnValue:
    """Every service, searchable by name, id, description, organisation, phone numbers,
    e-mail and its places' names, addresses and postcodes, and by topic."""
    services, search = searched(
        Service,
        sa.select(Service)
        .options(selectinload(Service.locations), selectinload(Service.organisation))
        .order_by(Service.name),
        _searchable,
    )
    return render("staff/index.html", services=services, **search)


def _searchable(service: Service) -> list[str | None]:
    places = [p for loc in service.locations for p in (loc.name, loc.address, loc.postcode)]
    organisation = service.organisation.name if service.organisation else None
    contacts = [service.phone, service.text_number, service.email]
    return [service.name, service.id, service.description, organisation, *contacts, *places]


@bp.route("/services/new", methods=("GET", "POST"))
def new() -> ResponseReturnValue:
    """Add a service."""
    if request.method == "GET":
        return _editor(None, new_service_view(), None)
    view = view_from_form(request.form)
    built = build_service(view, translations={}, retired=False)
    data, errors = _checked(view, built)
    taken = _("A service with this id already exists. Choose another id.")
    if id_taken(Service, view["id"]):
        errors["id"] = taken
    if errors or data is None:
        return _editor(None, view, None, errors), 400
    service = commit_create(lambda: store.save_service(data, current_user.email, "create"))
    if service is None:
        return _editor(None, view, None, {"id": taken}), 400
    flash(_("%(name)s was added.", name=service.name), "success")
    return redirect(url_for("staff.edit", service_id=service.id))


@bp.route("/services/<service_id>/edit", methods=("GET", "POST"))
def edit(service_id: str) -> ResponseReturnValue:
    """Change a service: its details, contacts, locations and their schedules."""
    service = item_or_404(Service, service_id)
    if request.method == "GET":
        return _editor(service, service_view(store.service_dict(service)), service.version)
    view = view_from_form(request.form)
    view["id"] = service.id
    version = posted_version()
    current = store.service_dict(service)
    fixed = {"translations": current.get("translations", {}), "retired": current["retired"]}
    built = build_service(view, **fixed)
    data, errors = _checked(view, built)
    if errors or data is None:
        return _editor(service, view, version, errors), 400
    changed = commit_save(
        lambda: store.save_service(data, current_user.email, "edit", expected_version=version)
    )
    if changed is None:  # someone else saved first: show what is saved now
        service = item_or_404(Service, service_id)
        view = service_view(store.service_dict(service))
        return _editor(service, view, service.version, stale=True), 409
    flash_saved(changed, _("Your changes to %(name)s were saved.", name=data.name))
    return redirect(url_for("staff.edit", service_id=service_id))


@bp.post("/services/<service_id>/checked")
def checked(service_id: str) -> ResponseReturnValue:
    """From the review list: checked against its source and still right. The dates move on
    and any flag is cleared in one step, as a revision in its history."""
    service = item_or_404(Service, service_id)
    store.mark_checked(service, current_user.email, clock.today())
    db.session.commit()
    due = service.review_due.isoformat() if service.review_due else ""
    flash(
        _(
            "%(name)s is marked as checked. The next check is due on %(date)s.",
            name=service.name,
            date=due,
        ),
        "success",
    )
    return redirect(url_for("staff.review"))


@bp.post("/services/<service_id>/retire")
def retire(service_id: str) -> ResponseReturnValue:
    """Hide a service from the chat, keeping it and its history."""
    return _set_retired(service_id, True)


@bp.post("/services/<service_id>/restore")
def restore(service_id: str) -> ResponseReturnValue:
    """Bring a retired service back."""
    return _set_retired(service_id, False)


def _set_retired(service_id: str, retired: bool) -> ResponseReturnValue:
    service = item_or_404(Service, service_id)
    if retired:
        message = _("%(name)s is retired: the chat no longer shows it.", name=service.name)
    else:
        message = _("%(name)s is restored.", name=service.name)
    return retire_and_report(
        store.set_retired(service, retired, current_user.email),
        message,
        url_for("staff.edit", service_id=service_id),
    )


@bp.route("/services/<service_id>/translations", methods=("GET", "POST"))
def translate(service_id: str) -> ResponseReturnValue:
    """The service's name and description in each language the chat speaks."""
    service = item_or_404(Service, service_id)
    current = store.service_dict(service)
    saved = current.get("translations", {})
    codes = locales()
    if request.method == "GET":
        values = {locale: dict(saved.get(locale, {})) for locale in codes}
        return _translations_page(service, current, values, service.version)
    form = request.form
    values = {
        locale: {
            key: form.get(f"translations-{locale}-{key}", "").strip()
            for key in ("name", "description")
        }
        for locale in codes
    }
    translations = {locale: text for locale, text in saved.items() if locale not in codes}
    for locale, text in values.items():
        if any(text.values()):
            translations[locale] = {key: value for key, value in text.items() if value}
    version = posted_version()
    try:
        data = ServiceIn.model_validate({**current, "translations": translations})
    except ValidationError as err:
        errors = errors_by_field(err)
        return _translations_page(service, current, values, version, errors), 400
    changed = commit_save(
        lambda: store.save_service(data, current_user.email, "translate", expected_version=version)
    )
    if changed is None:
        service = item_or_404(Service, service_id)
        current = store.service_dict(service)
        values = {locale: dict(current["translations"].get(locale, {})) for locale in codes}
        return _translations_page(service, current, values, service.version, stale=True), 409
    flash_saved(changed, _("The translations of %(name)s were saved.", name=service.name))
    return redirect(url_for("staff.translate", service_id=service_id))


def _translations_page(
    service: Service,
    current: dict[str, Any],
    values: dict[str, dict[str, str]],
    version: int,
    errors: dict[str, str] | None = None,
    stale: bool = False,
) -> str:
    return render(
        "staff/service_translations.html",
        service=service,
        current=current,
        values=values,
        version=version,
        errors=errors or {},
        stale=stale,
        languages=current_app.config["LANGUAGES"],
    )


@bp.get("/services/<service_id>/history")
def history(service_id: str) -> ResponseReturnValue:
    """Every saved version of a service, newest first, each with what it changed."""
    service = item_or_404(Service, service_id)
    return history_page(
        service.revisions,
        lambda revision_id: url_for(
            "staff.roll_back", service_id=service.id, revision_id=revision_id
        ),
        name=service.name,
        caption=service.id,
        back=url_for("staff.edit", service_id=service.id),
    )


@bp.post("/services/<service_id>/history/<int:revision_id>/roll-back")
@admin_required
def roll_back(service_id: str, revision_id: int) -> ResponseReturnValue:
    """Make an earlier version current again, as a new version (admins only)."""
    service = item_or_404(Service, service_id)
    revision = owned_or_404(ServiceRevision, revision_id, service_id=service.id)
    return roll_back_and_report(
        lambda: store.roll_back(service, revision, current_user.email),
        service.name,
        url_for("staff.history", service_id=service_id),
    )


@bp.get("/review")
def review() -> ResponseReturnValue:
    """Services and guides due a check: review date passed or missing (or, for services,
    flagged); oldest first."""
    today = clock.today()
    query = sa.select(Service).where(
        Service.retired_at.is_(None),
        sa.or_(
            Service.review_due.is_(None),
            Service.review_due <= today,
            Service.needs_review.is_(True),
        ),
    )
    services = sorted(
        db.session.scalars(query),
        key=lambda s: (s.review_due or date.min, s.last_reviewed or date.min, s.name),
    )
    return render(
        "staff/review.html",
        services=services,
        guides=guide_query.due_for_review(today),
        today=today,
    )


@bp.get("/translations")
def translations() -> ResponseReturnValue:
    """Per language: how complete the chat's own wording is, which services lack it, and how
    many guides are translated and checked."""
    live = [s for s in db.session.scalars(sa.select(Service).order_by(Service.name)) if s.live]
    rows = []
    for locale in locales():
        try:
            catalog = catalog_status.status(ROOT / "translations", locale)
        except OSError:
            catalog = None
        missing = [s for s in live if not s.translations.get(locale)]
        rows.append({"locale": locale, "catalog": catalog, "missing": missing})
    return render(
        "staff/translations.html",
        rows=rows,
        live_count=len(live),
        guide_rows=guide_query.translation_status(locales()),
        languages=current_app.config["LANGUAGES"],
    )
