"""The duty inbox at /staff/inbox: the chats handed to a person, of the worker's own team
(an admin's: every team's). A risk flag on top, then the longest waiting; each chat's
transcript; taking it (one worker at a time), replying, handing it back to the assistant, or
closing it with a note. Replies also go over the /duty socket (staff/duty_socket.py); these
forms work without it."""

from __future__ import annotations

from datetime import datetime

from babel import Locale
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from webapp import clock
from webapp.duty import handoffs
from webapp.extensions import db
from webapp.models import Handoff, StaffUser
from webapp.services.conversation import transcript
from webapp.staff import inbox_relay
from webapp.staff.auth import form_expired, require_duty
from webapp.staff.page_helpers import render

bp = Blueprint("staff_inbox", __name__, url_prefix="/staff/inbox")
bp.before_request(require_duty)
bp.register_error_handler(CSRFError, form_expired)

STATES = {"waiting": _l("Waiting"), "left": _l("Message left"), "taken": _l("Taken")}
MAX_REPLY = 2000
MAX_NOTE = 2000


def waited(since: datetime) -> str:
    """How long a chat has waited, in whole minutes (hours past two)."""
    minutes = int((clock.now() - clock.aware(since)).total_seconds() // 60)
    if minutes < 120:
        return _("%(n)d min", n=minutes)
    return _("%(n)d hours", n=minutes // 60)


def language(locale: str) -> str:
    """The person's language as staff read it, in English: "Polish"."""
    return Locale.parse(locale).get_display_name("en") or locale


def _helpers() -> dict[str, object]:
    return {"waited": waited, "language": language, "states": STATES}


def _handoff_or_404(handoff_id: int) -> Handoff:
    """A chat of the worker's own team; another team's is not found."""
    handoff = handoffs.visible(handoff_id, current_user)
    if handoff is None:
        abort(404)
    return handoff


def _chat_page(handoff: Handoff, problem: str | None = None) -> str:
    return render(
        "staff/inbox_chat.html",
        handoff=handoff,
        messages=transcript.history(handoff.conversation),
        mine=handoff.state == "taken" and handoff.taken_by_id == current_user.id,
        holder=db.session.get(StaffUser, handoff.taken_by_id) if handoff.taken_by_id else None,
        problem=problem,
        **_helpers(),
    )


def _mine_or_409(handoff: Handoff) -> ResponseReturnValue | None:
    """Only the worker who took a chat writes in it, hands it back or closes it."""
    if handoff.state == "taken" and handoff.taken_by_id == current_user.id:
        return None
    return _chat_page(
        handoff, _("Take this chat first: only the worker who has it can do that.")
    ), 409


@bp.get("")
def index() -> ResponseReturnValue:
    """The team's open chats: risk first, then the longest waiting."""
    return render("staff/inbox.html", handoffs=handoffs.inbox(current_user), **_helpers())


@bp.get("/rows")
def rows() -> ResponseReturnValue:
    """The inbox's table alone, which the page fetches again when a chat changes."""
    return render("staff/_inbox_rows.html", handoffs=handoffs.inbox(current_user), **_helpers())


@bp.get("/<int:handoff_id>")
def chat(handoff_id: int) -> ResponseReturnValue:
    """One chat: the transcript so far, and what the worker may do with it."""
    return _chat_page(_handoff_or_404(handoff_id))


@bp.post("/<int:handoff_id>/take")
def take(handoff_id: int) -> ResponseReturnValue:
    """Take a waiting chat. Of two workers at once, one gets it; the other is told who."""
    handoff = _handoff_or_404(handoff_id)
    taken = handoffs.take(handoff.id, current_user)
    db.session.refresh(handoff)
    if not taken.ok:
        return _chat_page(handoff, _("This chat is already taken by %(name)s.", name=taken.by)), 409
    inbox_relay.announce(handoff, "joined", current_user)
    return redirect(url_for("staff_inbox.chat", handoff_id=handoff.id))


@bp.post("/<int:handoff_id>/reply")
def reply(handoff_id: int) -> ResponseReturnValue:
    """Write to the person (the page without its script; with it, the socket does this)."""
    handoff = _handoff_or_404(handoff_id)
    if (refused := _mine_or_409(handoff)) is not None:
        return refused
    text = request.form.get("text", "").strip()
    if not text or len(text) > MAX_REPLY:
        message = _("Write a message of up to %(n)d characters.", n=MAX_REPLY)
        return _chat_page(handoff, message), 400
    inbox_relay.send(handoff, current_user, text)
    return redirect(url_for("staff_inbox.chat", handoff_id=handoff.id, _anchor="reply"))


@bp.post("/<int:handoff_id>/hand-back")
def hand_back(handoff_id: int) -> ResponseReturnValue:
    """Hand the chat back to the assistant: it answers the person's next message."""
    handoff = _handoff_or_404(handoff_id)
    if (refused := _mine_or_409(handoff)) is not None:
        return refused
    handoffs.end(handoff, current_user, "handed_back")
    inbox_relay.announce(handoff, "handed_back", current_user)
    flash(_("The chat was handed back to the assistant."), "success")
    return redirect(url_for("staff_inbox.index"))


@bp.post("/<int:handoff_id>/close")
def close(handoff_id: int) -> ResponseReturnValue:
    """Close the chat with a note for the record; the assistant answers again after it."""
    handoff = _handoff_or_404(handoff_id)
    if (refused := _mine_or_409(handoff)) is not None:
        return refused
    note = request.form.get("note", "").strip()
    if len(note) > MAX_NOTE:
        return _chat_page(handoff, _("Write a note of up to %(n)d characters.", n=MAX_NOTE)), 400
    handoffs.end(handoff, current_user, "closed", note)
    inbox_relay.announce(handoff, "closed", current_user)
    flash(_("The chat was closed."), "success")
    return redirect(url_for("staff_inbox.index"))
