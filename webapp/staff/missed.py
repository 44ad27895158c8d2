"""Missed questions: what people asked that the assistant could not place, with personal
details scrubbed before it was kept (services/scrub.py). Editors mark each as an example of a
topic the assistant knows, of a new topic, or nothing to learn from; the marked examples
download as Rasa NLU YAML for review (staff/nlu_export.py)."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from webapp import clock
from webapp.extensions import db
from webapp.models import MissedQuestion
from webapp.staff import labels
from webapp.staff.auth import form_expired, require_content
from webapp.staff.nlu_export import nlu_yaml
from webapp.staff.page_helpers import item_or_404, render

bp = Blueprint("staff_missed", __name__, url_prefix="/staff/missed")
bp.before_request(require_content)
bp.register_error_handler(CSRFError, form_expired)

SHOWN = 200  # the newest questions a list shows
LISTS = ("open", "marked", "all")
_NEW_INTENT = re.compile(r"^[a-z][a-z0-9_]{2,39}$")


def _listed(show: str) -> sa.Select[tuple[MissedQuestion]]:
    query = sa.select(MissedQuestion).order_by(MissedQuestion.id.desc())
    if show == "open":
        return query.where(MissedQuestion.decision.is_(None))
    if show == "marked":
        return query.where(MissedQuestion.decision.is_not(None))
    return query


def _count(show: str) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(_listed(show).subquery())) or 0


def _page(errors: dict[int, str] | None = None, typed: dict[int, str] | None = None) -> str:
    show = request.args.get("show", "open")
    show = show if show in LISTS else "open"
    return render(
        "staff/missed.html",
        show=show,
        counts={name: _count(name) for name in LISTS},
        questions=list(db.session.scalars(_listed(show).limit(SHOWN))),
        shown=SHOWN,
        intents=labels.options("intents"),
        languages=current_app.config["LANGUAGES"],
        errors=errors or {},
        summary={f"mark-{key}": message for key, message in (errors or {}).items()},
        typed=typed or {},
        london=clock.LONDON,
    )


@bp.get("/")
def index() -> ResponseReturnValue:
    """The questions not yet marked (or the marked ones, or all), newest first."""
    return _page()


def new_intent_name(typed: str) -> str:
    """Staff's words for a new topic as an intent name: "Parking at the clinic" ->
    "parking_at_the_clinic"."""
    return re.sub(r"[^a-z0-9]+", "_", typed.strip().lower()).strip("_")[:40]


@bp.post("/<int:question_id>")
def mark(question_id: int) -> ResponseReturnValue:
    """Mark one question: an example of a known topic, of a new one, nothing, or unmarked."""
    question = item_or_404(MissedQuestion, question_id)
    choice = request.form.get("mark", "")
    typed = request.form.get("new_intent", "")
    if choice == "new":
        intent = new_intent_name(typed)
        if not _NEW_INTENT.match(intent):
            message = _("Give the new topic a name of at least 3 letters, such as “parking”.")
            return _page({question.id: message}, {question.id: typed}), 400
        question.decision, question.intent = "new", intent
    elif choice.startswith("topic:") and choice[6:] in labels.LABELS["intents"]:
        question.decision, question.intent = "topic", choice[6:]
    elif choice in ("nothing", ""):
        question.decision, question.intent = choice or None, None
    else:
        return _page({question.id: _("Choose what this question is.")}), 400
    question.decided_by = current_user.email if question.decision else None
    question.decided_at = clock.now() if question.decision else None
    db.session.commit()
    flash(_("Saved: “%(text)s”.", text=question.text), "success")
    return redirect(url_for("staff_missed.index", show=request.args.get("show", "open")))


@bp.get("/examples.yml")
def export() -> ResponseReturnValue:
    """The marked examples as Rasa NLU YAML, to download and review."""
    marked = db.session.scalars(
        sa.select(MissedQuestion)
        .where(MissedQuestion.decision.in_(("topic", "new")))
        .order_by(MissedQuestion.locale, MissedQuestion.intent, MissedQuestion.id)
    )
    today = clock.local_today()
    return Response(
        nlu_yaml(marked, today),
        mimetype="application/x-yaml",
        headers={"Content-Disposition": f'attachment; filename="missed-examples-{today}.yml"'},
    )
