"""One entry point for a turn: store the message, run the safety net, ask the bot, render,
store the answer. Handlers call `handle`; nothing here knows about HTTP or sockets.

Beside it: transcript.py (the stored conversation and its messages), booking_steps.py
(where the conversation meets the booking desk), handoff_steps.py (asking for a person,
and the person's messages while a duty worker has the chat) and missed.py (the questions
the assistant could not place, scrubbed, for staff)."""

from __future__ import annotations

import dataclasses
import logging
import re

from webapp import places
from webapp.config import LANGUAGES
from webapp.extensions import db
from webapp.guides import exercises
from webapp.models import Conversation, Message
from webapp.reply_types import Incoming, Turn
from webapp.services import about, check_in, language, renderer, safety, which_service
from webapp.services.bot_client import BotClient, BotReply, BotUnavailable
from webapp.services.cards import Audience
from webapp.services.conversation import booking_steps, handoff_steps, missed, transcript

log = logging.getLogger(__name__)

# A quick reply the web app answers itself: switching the page's language.
SET_LOCALE = re.compile(r"^/set_locale_([a-z]{2})$")


def handle(conversation: Conversation, incoming: Incoming, bot: BotClient) -> Turn:
    """Answer one message. The person's message is committed before anything can fail.

    Replies come in the language the message is written in when that can be told, else in
    the page's language; the first time the two differ, the assistant offers to switch."""
    page_locale = incoming.locale or conversation.locale
    conversation.locale = page_locale
    written_in = None if incoming.payload else language.detect(incoming.text)
    locale = written_in or page_locale
    user_message = transcript.store(conversation, "user", incoming.text, locale)
    _remember_who_it_is_about(conversation, incoming.text)
    _remember_place_and_age(conversation, incoming.text)
    db.session.commit()

    turn = _answer(conversation, incoming, locale, bot, user_message)
    if written_in and written_in != page_locale and not turn.crisis:
        turn = _offer_language(conversation, turn, written_in)
    user_message.topic = turn.topic
    user_message.crisis = turn.crisis
    conversation.had_crisis = conversation.had_crisis or turn.crisis
    handoff_steps.after(conversation, turn)
    if turn.replies:  # none while a duty worker has the chat: they answer
        bot_message = transcript.store(
            conversation, "bot", "\n\n".join(r.text for r in turn.replies), locale
        )
        bot_message.topic, bot_message.crisis = turn.topic, turn.crisis
        bot_message.replies = [r.as_dict() for r in turn.replies]
    missed.keep_if_missed(conversation, incoming, user_message, turn)
    db.session.commit()
    return turn


def _answer(
    conversation: Conversation, incoming: Incoming, locale: str, bot: BotClient, message: Message
) -> Turn:
    """Safety net first, on whatever was typed; then, while a duty worker has the chat or it
    waits for one, nothing more (the message is theirs); then the web app's own quick
    replies; then the bot; a holding reply when the bot cannot answer."""
    assessment = safety.assess(incoming.text, transcript.earlier_texts(conversation, message))
    if assessment.is_crisis:
        log.info(
            "Safety net fired: layer %s, rule %s, reply %s (conversation %s)",
            assessment.layer,
            assessment.rule_id,
            assessment.reply,
            conversation.id,
        )
        message.handled_by = "safety_net"
        kind = assessment.reply or safety.OWN_LIFE
        reply = renderer.render_crisis(
            locale, assessment.may_be_under_19, kind, easy_read=incoming.easy_read
        )
        return Turn(conversation.id, locale, "crisis", True, (reply,))
    if answer := check_in.answer(
        incoming.payload, incoming.text, transcript.last_bot_payloads(conversation)
    ):
        message.handled_by = "web"
        return _check_in_answered(conversation, locale, answer, incoming.easy_read)
    if (step := handoff_steps.during(conversation, incoming, locale, message)) is not None:
        return step
    if incoming.payload and (step := _web_step(conversation, incoming, locale)) is not None:
        message.handled_by = "web"
        return step
    if topic := _place_follow_up(conversation, incoming):
        message.handled_by = "web"
        reply = renderer.render_nearby(topic, locale, _audience(conversation))
        return Turn(conversation.id, locale, topic, False, (reply,))
    conversation_id = conversation.id
    # Hand the database connection back to the pool while Rasa thinks (nothing is pending:
    # the message was committed above). Held through the wait, a pool of 15 connections
    # capped the whole process at 15 turns in flight, and chats queued for a connection.
    db.session.commit()
    try:
        bot_replies = bot.send(
            conversation_id, incoming.payload or incoming.text, metadata={"locale": locale}
        )
    except BotUnavailable as err:
        log.warning(
            "Bot unavailable, holding reply sent (conversation %s): %s", conversation.id, err
        )
        message.handled_by = "bot_unavailable"
        reply = renderer.render("bot_unavailable", locale, easy_read=incoming.easy_read)
        return Turn(conversation.id, locale, "fallback", False, (reply,), bot_available=False)
    message.handled_by = "bot"
    asked_for_a_person = any(r.key == handoff_steps.TOPIC for r in bot_replies)
    if asked_for_a_person and (step := handoff_steps.ask(conversation, locale)) is not None:
        return step
    said = None if incoming.payload else incoming.text
    return _turn_from_bot(conversation, locale, bot_replies, said, incoming.easy_read)


def _check_in_answered(
    conversation: Conversation, locale: str, answer: str, easy_read: bool
) -> Turn:
    """Yes to "are you thinking about ending your life?" gives the full crisis reply; No
    carries on, with the numbers still on screen above."""
    log.info("Safety check-in answered %s (conversation %s)", answer, conversation.id)
    if answer == check_in.YES:
        reply = renderer.render_crisis(locale, easy_read=easy_read)
        return Turn(conversation.id, locale, "crisis", True, (reply,))
    reply = renderer.render("check_in_no", locale, easy_read=easy_read)
    return Turn(conversation.id, locale, "camhs", False, (reply,))


def _web_step(conversation: Conversation, incoming: Incoming, locale: str) -> Turn | None:
    """A quick reply the web app answers itself: a language, a booking step, an exercise."""
    payload = incoming.payload or ""
    if switch := SET_LOCALE.match(payload):
        return _switch_language(conversation, switch.group(1), incoming.easy_read)
    if handoff := handoff_steps.web_step(conversation, payload, locale):
        return handoff
    if step := booking_steps.step(incoming, locale):
        return Turn(conversation.id, locale, "booking", False, (step,))
    if step := exercises.answer(payload, locale, incoming.easy_read):
        return Turn(conversation.id, locale, "camhs", False, (step,))
    return None


def _remember_place_and_age(conversation: Conversation, text: str) -> None:
    """Keep the area, postcode district and age a message states, for choosing services."""
    where = places.find_place(text)
    if where.area:
        conversation.area, conversation.district = where.area, where.district
    age = places.find_age(text)
    if age is not None:
        conversation.age = age


def _remember_who_it_is_about(conversation: Conversation, text: str) -> None:
    """Keep who the conversation is about when a message names someone else ("my son is
    14"): only the kind of relation and a pronoun, and their age when it is given. A
    message that says it is for the writer after all ends it, and the age that was theirs."""
    if conversation.about and about.about_the_writer(text):
        conversation.about = conversation.about_pronoun = conversation.age = None
        return
    them = about.find(text)
    if not them.someone_else:
        return
    conversation.about, conversation.about_pronoun = them.relation, them.pronoun
    if them.age is not None:
        conversation.age = them.age


# Topics whose replies carry cards that a place or an age narrows down.
CARD_TOPICS = ("camhs", "memory_cafe", "play_and_stay", "nhs_111")


def _place_follow_up(conversation: Conversation, incoming: Incoming) -> str | None:
    """The topic to show again when a short message only says where or how old ("LE2",
    "we live in Oakham", "he is 15 years old") just after a reply with service cards."""
    if incoming.payload or len(incoming.text.split()) > 6:
        return None
    said_age = places.find_age(incoming.text) is not None or about.find(incoming.text).age
    if not (places.find_place(incoming.text).area or said_age):
        return None
    topic = transcript.last_topic(conversation)
    return topic if topic in CARD_TOPICS else None


def _audience(conversation: Conversation) -> Audience:
    them = about.About(conversation.about, conversation.about_pronoun or "they")
    return Audience(
        places.Place(conversation.area, conversation.district), conversation.age, about=them
    )


def _switch_language(conversation: Conversation, locale: str, easy_read: bool) -> Turn:
    """The person chose another language for the whole page."""
    if locale not in LANGUAGES:
        reply = renderer.render("change_language", conversation.locale, easy_read=easy_read)
        return Turn(conversation.id, conversation.locale, "language", False, (reply,))
    conversation.locale = locale
    reply = renderer.render("language_switched", locale, easy_read=easy_read)
    return Turn(conversation.id, locale, "language", False, (reply,), page_locale=locale)


def _offer_language(conversation: Conversation, turn: Turn, written_in: str) -> Turn:
    """Offer, once per conversation, to show the page in the language the person writes."""
    if conversation.offered_locale is not None:
        return turn
    conversation.offered_locale = written_in
    offer = renderer.render_language_offer(written_in)
    return dataclasses.replace(turn, replies=(*turn.replies, offer))


def _turn_from_bot(
    conversation: Conversation,
    locale: str,
    bot_replies: list[BotReply],
    said: str | None,
    easy_read: bool,
) -> Turn:
    """The bot named the topic; a crisis understood by the model gets the full crisis reply,
    unless what was typed is plainly about a study, the news or an idiom (the safety net has
    read it already). What the person typed says which service to show first, where the
    reply chooses one."""
    guessed_crisis = any(r.topic == "crisis" for r in bot_replies)
    crisis = guessed_crisis and (said is None or safety.model_crisis_stands(said))
    if guessed_crisis and not crisis:
        log.info("Assistant's crisis guess stood down by a cue (conversation %s)", conversation.id)
    need = which_service.find(said) if said else None
    audience = dataclasses.replace(_audience(conversation), need=need)
    replies = [
        booking_steps.reply(r.key, locale, conversation, easy_read)
        if r.key in booking_steps.BOOKING_KEYS
        else renderer.render(r.key, locale, audience, easy_read)
        for r in bot_replies
        if r.topic != "crisis"
    ]
    if crisis:
        # The crisis reply always comes first, whatever else the bot said.
        replies.insert(0, renderer.render_crisis(locale, easy_read=easy_read))
    elif not replies:
        replies.append(renderer.render("fallback", locale, easy_read=easy_read))
    topics = [r.topic for r in bot_replies if r.topic != "crisis"]
    topic = "crisis" if crisis else (topics[0] if topics else "fallback")
    return Turn(conversation.id, locale, topic, crisis, tuple(replies))
