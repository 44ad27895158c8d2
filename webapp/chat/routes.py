"""The chat page, and the plain-form fallback for browsers running no JavaScript."""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from webapp import i18n
from webapp.booking import submissions
from webapp.chat import relay
from webapp.chat import session as chat_session
from webapp.extensions import db
from webapp.models import Conversation
from webapp.models.conversation import new_conversation_id
from webapp.security import messages_limit
from webapp.services import conversation as conversations
from webapp.services import renderer
from webapp.services.bot_client import get_bot_client
from webapp.services.conversation import transcript
from webapp.services.renderer import button_title
from webapp.validation import BadInput, booking_request, message_request

bp = Blueprint("chat", __name__)
messages_limit(bp)  # RATELIMIT_MESSAGES on its POST routes, per client address

# What the no-JavaScript form shows beside the message box when a message is refused.
FORM_ERRORS = {
    "empty_text": _l("Type a message before you press Send."),
    "text_too_long": _l("Your message is too long. Please make it shorter."),
}


@bp.get("/")
def index() -> ResponseReturnValue:
    """The chat: a welcome, then this browser's conversation so far."""
    if "lang" in request.args:
        return choose_language(request.args["lang"])
    return _page()


@bp.post("/chat/booking")
def booking() -> ResponseReturnValue:
    """A booking form sent without JavaScript: the answer shows at the end of the page
    (booking details are never stored in the chat transcript)."""
    form = {k: v for k, v in request.form.items() if k != "csrf_token"}
    form.setdefault("locale", str(get_locale()))
    try:
        desk, action, fields = booking_request(form, current_app.config["LANGUAGES"])
    except BadInput as err:
        return redirect(url_for("chat.index", error=err.code))
    return _page(extra=submissions.submit(desk, action, fields).as_dict())


def _page(extra: dict[str, Any] | None = None) -> ResponseReturnValue:
    locale, easy = str(get_locale()), i18n.easy_read()
    conversation = db.session.get(Conversation, chat_session.conversation_id())
    return render_template(
        "chat/index.html",
        welcome=renderer.render("welcome", locale, easy_read=easy).as_dict(),
        messages=transcript.history(conversation) if conversation else [],
        had_crisis=bool(conversation and conversation.had_crisis),
        crisis=renderer.render_crisis(locale, easy_read=easy).as_dict(),
        error_message=FORM_ERRORS.get(request.args.get("error", "")),
        extra=extra,
    )


@bp.post("/chat/send")
def send() -> ResponseReturnValue:
    """A browser without JavaScript posts the form; the answer shows on the reloaded page."""
    config = current_app.config
    payload = request.form.get("payload") or None
    text = request.form.get("text") or button_title(payload, str(get_locale()))
    form = {"text": text, "payload": payload, "locale": str(get_locale())}
    try:
        message = message_request(form, config["MAX_MESSAGE_LENGTH"], config["LANGUAGES"])
    except BadInput as err:
        return redirect(url_for("chat.index", error=err.code, _anchor="message-text"))
    conversation = transcript.ensure_conversation(chat_session.conversation_id(), str(get_locale()))
    incoming = dataclasses.replace(message.incoming, easy_read=i18n.easy_read())
    turn = conversations.handle(conversation, incoming, get_bot_client())
    relay.to_duty_team(conversation.id)
    if turn.page_locale:
        session["locale"] = turn.page_locale
    return redirect(url_for("chat.index", _anchor="latest"))


def choose_language(code: str) -> ResponseReturnValue:
    """The language picker: remember the choice for this browser and its conversation."""
    if code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        conversation = db.session.get(Conversation, chat_session.conversation_id())
        if conversation is not None:
            conversation.locale = code
            db.session.commit()
    return redirect(url_for("chat.index"))


@bp.get("/easy-read")
def choose_easy_read() -> ResponseReturnValue:
    """The easy-read switch (a link, so it works without JavaScript): `on=1` turns it on,
    anything else off, for this browser's session; back to the page it was on."""
    i18n.choose_easy_read(request.args.get("on") == "1")
    back = request.args.get("next", "")
    if not back.startswith("/") or back.startswith(("//", "/\\")):
        back = url_for("chat.index")
    return redirect(back)


@bp.post("/chat/restart")
def restart() -> ResponseReturnValue:
    """Start again: this browser gets a new, empty conversation."""
    session["conversation_id"] = new_conversation_id()
    return redirect(url_for("chat.index"))


@bp.get("/chat/delete")
def confirm_delete() -> ResponseReturnValue:
    """Delete this conversation: first ask "are you sure?" (a page, so it works without
    JavaScript and needs no confirm dialog)."""
    return render_template("chat/delete.html")


@bp.post("/chat/delete")
def delete() -> ResponseReturnValue:
    """Delete this browser's conversation and every message in it, for good, and give the
    browser a new, empty one. Bookings are kept apart from the chat and are not touched."""
    conversation_id = session.get("conversation_id")
    if conversation_id:
        transcript.delete(str(conversation_id), get_bot_client())
    session["conversation_id"] = new_conversation_id()
    flash(_("Your conversation has been deleted."), "deleted")
    return redirect(url_for("chat.index"))
