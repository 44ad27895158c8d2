"""Asking for someone else: who a message is about is read in all ten languages, kept for
the conversation like the area and age, and the reply speaks to the person asking, with
cards for the age of the one it is about and support for carers and parents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from tests.support.fakes import FakeBot
from webapp.content import store
from webapp.extensions import db
from webapp.models import Conversation, Service
from webapp.models.conversation import new_conversation_id
from webapp.reply_types import Incoming, Turn
from webapp.services import about, renderer
from webapp.services import conversation as conversations
from webapp.services.bot_client import BotReply
from webapp.services.cards import Audience
from webapp.services.conversation import transcript

CONTENT = Path(__file__).parents[2] / "content"
DEMENTIA_CARER_SUPPORT = "alzheimers-society-dementia-support-line"


# ----------------------------------------------------------------------------- reading it


@pytest.mark.parametrize(
    ("text", "relation", "pronoun"),
    [
        ("my son is 14 and very anxious", "child", "he"),
        ("my mum keeps forgetting things", "parent", "she"),
        ("I'm worried about my friend", "friend", "they"),
        ("my husband keeps losing his keys", "partner", "he"),
        ("my 14 year old daughter won't eat", "child", "she"),
        ("mera beta bohat pareshan hai", "child", "he"),  # Urdu, romanised
        ("میری امی سب کچھ بھول جاتی ہیں", "parent", "she"),  # Urdu
        ("ਮੇਰਾ ਪੁੱਤ ਬਹੁਤ ਉਦਾਸ ਹੈ", "child", "he"),  # Punjabi
        ("મારો દીકરો બહુ ચિંતામાં છે", "child", "he"),  # Gujarati
        ("mój syn ma 14 lat i się boi", "child", "he"),  # Polish
        ("wiilkayga wuu walwalsan yahay", "child", "he"),  # Somali
        ("ابني قلق جدا", "child", "he"),  # Arabic
        ("আমার মা সব ভুলে যায়", "parent", "she"),  # Bengali
        ("mama mea uită totul", "parent", "she"),  # Romanian
        ("meu filho está muito ansioso", "child", "he"),  # Portuguese
    ],
)
def test_who_a_message_is_about_is_read_in_every_language(
    text: str, relation: str, pronoun: str
) -> None:
    them = about.find(text)
    assert (them.relation, them.pronoun) == (relation, pronoun)


@pytest.mark.parametrize(
    "text", ["I feel anxious all the time", "I am a mum of two", "a friend told me about you"]
)
def test_a_message_about_the_writer_is_about_no_one_else(text: str) -> None:
    assert about.find(text) == about.About()


@pytest.mark.parametrize(
    "text",
    [
        "my mum said i should ask about camhs",
        "my mum told me to message, i feel anxious all the time",
        "my teacher's not it but my dad wants me to get help for my panic attacks",
    ],
)
def test_the_person_who_sent_the_writer_is_not_who_the_message_is_about(text: str) -> None:
    # A young person sent by a parent gets words about themself, not "ask her GP to refer her".
    assert about.find(text) == about.About()


def test_someone_named_after_the_one_who_sent_the_writer_is_who_it_is_about() -> None:
    them = about.find("my mum told me to ask, my brother is 15 and hurting himself")
    assert (them.relation, them.pronoun, them.age) == ("sibling", "he", 15)


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("my son is 14 and very anxious", 14),
        ("my daughter, 9, is scared of school", 9),
        ("mój syn ma 14 lat", 14),
        ("meu filho tem 12 anos", 12),
        ("ابني عمره 15 سنة", 15),
        ("my son has 2 friends", None),
    ],
)
def test_an_age_given_beside_the_person_is_theirs(text: str, age: int | None) -> None:
    assert about.find(text).age == age


# ---------------------------------------------------------------- through the conversation


@pytest.fixture
def shipped(app: Flask) -> Iterator[Flask]:
    """The shipped services and crisis lines, as `make run` seeds them."""
    with app.app_context():
        files = [CONTENT / f for f in ("camhs.yml", "memory_cafes.yml", "crisis_lines.yml")]
        report = store.import_files(files)
        assert not report.problems, report.problems
    yield app


@pytest.fixture
def bot(fake_bot: FakeBot) -> FakeBot:
    fake_bot.answers.update(
        {
            "my mum keeps forgetting things": [BotReply("memory_cafe", "memory_cafe")],
            "my son is 14 and very anxious": [BotReply("camhs", "camhs")],
            "i feel very anxious": [BotReply("camhs", "camhs")],
            "where are the memory cafes": [BotReply("memory_cafe", "memory_cafe")],
            "how do i get help": [BotReply("camhs", "camhs")],
        }
    )
    return fake_bot


def say(app: Flask, conversation_id: str, bot: FakeBot, text: str) -> Turn:
    with app.test_request_context():
        conversation = transcript.ensure_conversation(conversation_id, "en")
        return conversations.handle(conversation, Incoming(text, "en"), bot)


def card_ids(turn: Turn) -> list[str]:
    return [s.id for s in turn.replies[0].services]


def test_my_mum_keeps_forgetting_things_gets_carer_wording_and_dementia_carer_support(
    shipped: Flask, bot: FakeBot
) -> None:
    turn = say(shipped, new_conversation_id(), bot, "my mum keeps forgetting things")
    text = turn.replies[0].text
    assert turn.topic == "memory_cafe" and not turn.crisis
    assert "ask her GP to refer her" in text
    assert "If you are worried about your memory" not in text
    assert card_ids(turn)[0] == DEMENTIA_CARER_SUPPORT


def test_my_son_is_14_gets_camhs_wording_about_him_and_cards_for_a_14_year_old(
    shipped: Flask, bot: FakeBot
) -> None:
    conversation_id = new_conversation_id()
    turn = say(shipped, conversation_id, bot, "my son is 14 and very anxious")
    text = turn.replies[0].text
    assert "You can ask his GP to refer him" in text and "They can refer you" not in text
    ids = card_ids(turn)
    assert ids[0] == "camhs-my-self-referral-llr"  # parents and carers can ask here
    with shipped.app_context():
        stored = db.session.get(Conversation, conversation_id)
        assert stored is not None
        assert (stored.about, stored.about_pronoun, stored.age) == ("child", "he", 14)
        # Services for young people themselves fit his age; those for parents fit any.
        for service in (db.session.get(Service, i) for i in ids):
            assert service is not None
            if not (service.for_parents or service.for_carers):
                assert (service.min_age or 0) <= 14 <= (service.max_age or 200), service.id


def test_a_message_about_oneself_gets_the_usual_reply(shipped: Flask, bot: FakeBot) -> None:
    conversation_id = new_conversation_id()
    text = say(shipped, conversation_id, bot, "i feel very anxious").replies[0].text
    assert "They can refer you" in text and " his GP" not in text and "their GP" not in text
    with shipped.app_context():
        stored = db.session.get(Conversation, conversation_id)
        assert stored is not None and stored.about is None


def test_who_it_is_about_is_kept_for_the_later_turns(shipped: Flask, bot: FakeBot) -> None:
    conversation_id = new_conversation_id()
    say(shipped, conversation_id, bot, "my mum keeps forgetting things")
    later = say(shipped, conversation_id, bot, "where are the memory cafes")
    assert "ask her GP to refer her" in later.replies[0].text
    assert DEMENTIA_CARER_SUPPORT in card_ids(later)


def test_a_short_follow_up_naming_someone_shows_support_for_carers_first(
    shipped: Flask, bot: FakeBot
) -> None:
    conversation_id = new_conversation_id()
    say(shipped, conversation_id, bot, "where are the memory cafes")
    follow_up = say(shipped, conversation_id, bot, "it's for my dad in Oakham")
    assert follow_up.topic == "memory_cafe"
    assert card_ids(follow_up)[0] == DEMENTIA_CARER_SUPPORT


def test_saying_it_is_for_oneself_after_all_ends_who_it_was_about(
    shipped: Flask, bot: FakeBot
) -> None:
    conversation_id = new_conversation_id()
    say(shipped, conversation_id, bot, "my son is 14 and very anxious")
    bot.answers["actually it's for myself, how do i get help"] = [BotReply("camhs", "camhs")]
    later = say(shipped, conversation_id, bot, "actually it's for myself, how do i get help")
    assert "They can refer you" in later.replies[0].text
    with shipped.app_context():
        stored = db.session.get(Conversation, conversation_id)
        assert stored is not None and (stored.about, stored.age) == (None, None)


@pytest.mark.parametrize(
    "text", ["it's for myself", "dla mnie", "mere liye", "para mim", "আমার জন্য", "لنفسي"]
)
def test_words_that_say_the_message_is_about_the_writer(text: str) -> None:
    assert about.about_the_writer(text)
    assert not about.about_the_writer("it's for my mum really, not for me")


@pytest.mark.parametrize("locale", ["gu", "pa", "ur", "pl", "so", "ar", "bn", "ro", "pt"])
@pytest.mark.parametrize("key", ["camhs", "memory_cafe"])
@pytest.mark.parametrize("pronoun", about.PRONOUNS)
def test_the_words_to_someone_asking_for_another_person_are_translated(
    app: Flask, locale: str, key: str, pronoun: str
) -> None:
    audience = Audience(about=about.About("child", pronoun))
    with app.test_request_context():
        english = renderer.render(key, "en", audience).text
        translated = renderer.render(key, locale, audience).text
    assert translated != english and "%(" not in translated
    assert translated.count("\n") == english.count("\n")
