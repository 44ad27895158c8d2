"""Where the conversation meets the duty team (webapp/duty/): asking for a person, leaving a
message out of hours, and what becomes of the person's messages while a handoff is open.

While a handoff is open the web app does not call Rasa for that conversation: the person's
messages are stored for the duty worker and never reach the assistant. We chose this over
Rasa's ConversationPaused / ConversationResumed events because the pause then holds in
the one place that decides every turn, whichever Rasa server a conversation's turn would go
to and even while Rasa is down; a paused tracker would still need the web app to keep the
person's messages from the model (a paused Rasa only stops predicting, it still logs the
text), and a resume lost on a failed call would leave the assistant silent. The safety net
runs before this step on every message, so a risk message still gets the crisis reply."""

from __future__ import annotations

from webapp.duty import handoffs
from webapp.models import Conversation, Handoff, Message
from webapp.reply_types import Incoming, Reply, Turn
from webapp.services import renderer
from webapp.services.conversation import transcript

ASK = "/talk_to_person"
LEAVE = "/handoff_leave_message"
CANCEL = "/handoff_cancel"
TOPIC = "human_handoff"


def ask(conversation: Conversation, locale: str) -> Turn | None:
    """The person asked for a person (in words the assistant understood, or the button).
    Within the team's hours the chat joins its queue; out of hours the reply says when
    someone is next there and what to do now. None when no duty team is set up: the
    assistant's own reply (the numbers to call) stands."""
    if (open_handoff := handoffs.open_for(conversation.id)) is not None:
        team = open_handoff.team  # asked again: the same answer, no second place in the queue
    else:
        found = handoffs.team_for(transcript.last_topic(conversation))
        if found is None:
            return None
        team = found
        duty = handoffs.duty_of(team)
        if not duty.now:
            reply = renderer.render_handoff_closed(locale, duty.next_start)
            return _turn(conversation, locale, reply)
        handoffs.ask(conversation, team, locale, "waiting")
    return _turn(
        conversation, locale, renderer.render_handoff_waiting(locale, team.typical_wait_minutes)
    )


def leave_message(conversation: Conversation, locale: str) -> Turn | None:
    """Out of hours, the person chose to leave a message: what they type next is kept for
    the duty worker, who sees it first. Within hours, it is the same as asking."""
    team = handoffs.team_for(transcript.last_topic(conversation))
    if team is None:
        return None
    if handoffs.open_for(conversation.id) is not None or handoffs.duty_of(team).now:
        return ask(conversation, locale)
    handoffs.ask(conversation, team, locale, "left")
    return _turn(conversation, locale, renderer.render_handoff_note("leave", locale))


def web_step(conversation: Conversation, payload: str, locale: str) -> Turn | None:
    """The handoff's own quick replies, answered by the web app."""
    if payload == ASK:
        return ask(conversation, locale)
    if payload == LEAVE:
        return leave_message(conversation, locale)
    if payload == CANCEL:
        return _turn(conversation, locale, renderer.render_handoff_note("back", locale))
    return None


def during(
    conversation: Conversation, incoming: Incoming, locale: str, message: Message
) -> Turn | None:
    """A message while a handoff is open goes to the duty worker, not to the assistant: no
    reply while the chat waits or is with a worker, a short "saved" for a message left out
    of hours. "Back to the assistant" ends the handoff. None when no handoff is open."""
    handoff = handoffs.open_for(conversation.id)
    if handoff is None:
        return None
    message.handled_by = "duty"
    if incoming.payload == CANCEL:
        handoffs.end(handoff, None, "handed_back", "The person went back to the assistant.")
        return _turn(conversation, locale, renderer.render_handoff_note("back", locale))
    if handoff.state == "left":
        return _turn(conversation, locale, renderer.render_handoff_note("left", locale))
    return Turn(conversation.id, locale, TOPIC, False, ())


def after(conversation: Conversation, turn: Turn) -> Handoff | None:
    """After the turn: a risk message flags the open handoff red in the inbox. The open
    handoff, if any, so the handler can pass the message on to the duty team."""
    handoff = handoffs.open_for(conversation.id)
    if handoff is not None and turn.crisis:
        handoffs.flag_risk(handoff)
    return handoff


def _turn(conversation: Conversation, locale: str, reply: Reply) -> Turn:
    return Turn(conversation.id, locale, TOPIC, False, (reply,))
