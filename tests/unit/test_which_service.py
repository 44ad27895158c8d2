"""The "which NHS service" reply (turn topic nhs_111) puts first the service that fits what
the message describes: pharmacy, GP, NHS 111, urgent treatment, dentist, or A&E with a line
to call 999 now for red flags. With nothing recognised the order stays as it always was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from flask import Flask

from webapp.config import LANGUAGES
from webapp.content import store
from webapp.content.schema import ServiceIn
from webapp.extensions import db
from webapp.places import Place
from webapp.reply_types import Reply
from webapp.services import crisis_lines, renderer, which_service
from webapp.services.bot_client import BotReply
from webapp.services.cards import Audience
from webapp.services.wording import NEED_TEXT

CONTENT = Path(__file__).parents[2] / "content"
URGENT_TREATMENT = {
    "lri-urgent-care-centre",
    "loughborough-urgent-care-centre",
    "oadby-urgent-care-centre",
    "rutland-memorial-hospital-minor-injuries-illness",
}

# What people write, by the kind of service it needs first.
EXAMPLES = {
    "emergency": [
        "my dad has chest pain and is sweating",
        "she cant breathe properly and her lips look blue",
        "my mums face is drooping on one side and her speech is slurred",
        "my son had a fit and wont wake up",
        "my 6 week old baby has a temperature of 38.5",
        "rash that doesnt fade under a glass and a fever",
        "cut my leg and it wont stop bleeding",
        "sore throat and now his tongue is swelling, bad allergic reaction",
        "mujhe seene mein dard ho raha hai",
        "મારા પપ્પાને છાતીમાં દુખાવો થાય છે",
        "ਮੇਰੀ ਮਾਂ ਨੂੰ ਸਾਹ ਨਹੀਂ ਆ ਰਿਹਾ",
        "mąż ma silny ból w klatce piersiowej",
        "aabbahay xanuun laabta ayuu qabaa",
        "أبي عنده ألم في الصدر",
        "আমার স্বামীর বুকে ব্যথা",
        "tata are durere în piept",
        "o meu pai tem dor no peito",
    ],
    "dentist": [
        "really bad toothache and its sunday",
        "my daughter broke her tooth falling off her bike",
        "i think i have a dental abscess, my face is swollen",
        "daant mein bohat dard hai",
        "dant ma dukhe che",
        "boli mnie ząb od trzech dni",
        "ilig ayaa i xanuunaya",
        "ضرسي يوجعني كثير",
        "দাঁতে প্রচণ্ড ব্যথা",
        "mă doare o măsea",
        "estou com dor de dente",
    ],
    "urgent_treatment": [
        "i think ive sprained my ankle",
        "cut my hand quite deep, might need stitches",
        "i think my little toe is broken",
        "burnt my hand on the oven",
        "got something in my eye at work",
        "haddi toot gayi lagti hai",
        "ਮੇਰੀ ਮੋਚ ਆ ਗਈ",
        "chyba skręciłem kostkę",
        "farta ayaa go'day, tolmo ma u baahan tahay",
        "أظن إصبعي مكسور",
        "হাত কেটে গেছে, সেলাই লাগবে মনে হয়",
        "mi-am sucit glezna la fotbal",
        "torci o tornozelo a correr",
    ],
    "nhs_111": [
        "my baby has a high temperature and im worried",
        "he is getting worse and i dont know what to do",
        "not sure where to go with this",
        "bache ko bukhar hai",
        "બાળકને તાવ છે",
        "moje dziecko ma wysoką gorączkę",
        "ilmaha qandho ayuu qabaa",
        "طفلي عنده حرارة",
        "বাচ্চার জ্বর",
        "copilul are febră mare",
        "o meu filho está com febre",
    ],
    "gp": [
        "ive had a cough for weeks and it keeps coming back",
        "found a lump in my breast",
        "i need my contraception review",
        "need a mental health review for my antidepressants",
        "hafton se khansi hai",
        "od kilku tygodni boli mnie brzuch",
        "ਵਾਰ ਵਾਰ ਸਿਰ ਦਰਦ ਹੁੰਦਾ",
        "منذ أسابيع عندي تعب",
        "há semanas que me dói a barriga",
    ],
    "pharmacy": [
        "my daughter has a sore throat",
        "earache since yesterday",
        "i think i have a uti, it burns when i wee",
        "insect bite gone red and swollen",
        "school said its impetigo",
        "think ive got shingles",
        "sinus pain and blocked nose",
        "hay fever is awful this year",
        "the kids have headlice again",
        "need the morning after pill",
        "left my tablets at home and im away",
        "ran out of my inhaler",
        "mane gala ma dukhe che",
        "gala kharab hai aur zukam",
        "ਗਲਾ ਖਰਾਬ ਹੈ",
        "boli mnie gardło",
        "dhegta ayaa i xanuunaysa",
        "عندي زكام وكحة",
        "গলা ব্যথা আর সর্দি",
        "mă doare gâtul",
        "tenho dor de garganta",
        "zapomniałam leków w domu",
    ],
    "out_of_hours": [
        "the gp is closed what do i do",
        "need a doctor tonight",
        "raat ko doctor kahan milega",
        "الـ GP مسكّر، وين أروح؟",
        "GP bondho, ki korbo",
    ],
}
NO_NEED = [
    "hello",
    "which service should i use",
    "what is 111 for",
    "is 111 free from a mobile",
    "the weather is nice today",
    "o 111 tem intérprete de português?",
]


@pytest.fixture
def shipped(app: Flask) -> Iterator[Flask]:
    """The shipped urgent care services and crisis lines, as `make run` seeds them."""
    with app.app_context():
        report = store.import_files([CONTENT / "urgent_care.yml", CONTENT / "crisis_lines.yml"])
        assert not report.problems, report.problems
    yield app


def reply_to(
    app: Flask, text: str, locale: str = "en", place: Place | None = None, key: str = "nhs_111"
) -> Reply:
    """The reply for this key as the person would get it after typing `text`."""
    audience = Audience(place or Place(), need=which_service.find(text))
    with app.test_request_context():
        return renderer.render(key, locale, audience)


def ids(reply: Reply) -> list[str]:
    return [s.id for s in reply.services]


def kind(text: str) -> str | None:
    need = which_service.find(text)
    return need.kind if need else None


def test_the_lexicon_loads_and_every_kind_leads_with_services_the_content_has() -> None:
    shipped = {
        s["id"]
        for name in ("urgent_care.yml", "crisis_lines.yml")
        for s in yaml.safe_load((CONTENT / name).read_text(encoding="utf-8"))["services"]
    }
    urgent_care = yaml.safe_load((CONTENT / "urgent_care.yml").read_text(encoding="utf-8"))
    nhs_111 = {s["id"] for s in urgent_care["services"] if "nhs_111" in s["topics"]}
    needs = which_service.needs()
    assert [n.kind for n in needs][0] == "emergency", "red flags come first"
    for need in needs:
        assert need.services, need.kind
        assert set(need.services) <= nhs_111, f"{need.kind}: not an nhs_111 service"
        assert set(need.lines) <= set(crisis_lines.BUILT_IN), need.kind
        assert {crisis_lines.BUILT_IN[line].id for line in need.lines} <= shipped
        assert need.kind in NEED_TEXT, f"{need.kind} has no line in wording.NEED_TEXT"


@pytest.mark.parametrize("locale", list(LANGUAGES))
def test_every_language_has_words_for_the_red_flags_and_the_pharmacy(locale: str) -> None:
    words = which_service.phrases(locale)
    assert words.get("emergency") and words.get("pharmacy"), locale


@pytest.mark.parametrize(
    ("needed", "text"), [(needed, text) for needed, texts in EXAMPLES.items() for text in texts]
)
def test_a_message_is_read_as_the_kind_of_service_it_needs(needed: str, text: str) -> None:
    assert kind(text) == needed


@pytest.mark.parametrize("text", NO_NEED)
def test_a_message_that_describes_no_need_names_none(text: str) -> None:
    assert kind(text) is None


def test_red_flags_win_over_everything_else_said() -> None:
    assert kind("sore throat for weeks and tonight she cant breathe") == "emergency"


def test_what_the_problem_is_wins_over_when_it_is() -> None:
    assert kind("uti and the surgery is closed") == "pharmacy"
    assert kind("sore throat for 6 weeks") == "gp"
    assert kind("the surgery is closed") == "out_of_hours"


def test_typing_without_accents_or_with_arabic_joined_words_still_matches() -> None:
    assert kind("bol gardla od wczoraj") == "pharmacy"
    assert kind("عندي استفراغ وإسهال") == "pharmacy"


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("my daughter has a sore throat", "pharmacy-first"),
        ("boli mnie gardło", "pharmacy-first"),
        ("gala kharab hai aur zukam", "pharmacy-first"),
        ("found a lump in my breast", "gp-out-of-hours-llr"),
        ("my baby has a high temperature and im worried", "nhs-111"),
        ("طفلي عنده حرارة", "nhs-111"),
        ("really bad toothache and its sunday", "nhs-111"),
        ("দাঁতে প্রচণ্ড ব্যথা", "nhs-111"),
        ("the gp is closed what do i do", "gp-out-of-hours-llr"),
    ],
)
def test_the_card_for_what_the_message_describes_comes_first(
    shipped: Flask, text: str, first: str
) -> None:
    reply = reply_to(shipped, text)
    assert ids(reply)[0] == first, ids(reply)
    assert len(set(ids(reply))) == len(ids(reply)), "no card twice"


@pytest.mark.parametrize("text", ["i think ive sprained my ankle", "torci o tornozelo a correr"])
def test_an_injury_puts_the_urgent_treatment_centres_first(shipped: Flask, text: str) -> None:
    reply = reply_to(shipped, text)
    assert set(ids(reply)) <= URGENT_TREATMENT, ids(reply)
    leicester = reply_to(shipped, text, place=Place("leicester"))
    assert ids(leicester)[0] == "lri-urgent-care-centre", "the nearest first"


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("my dad has chest pain and is sweating", "en"),
        ("my 6 week old baby has a temperature of 38.5", "en"),
        ("mujhe seene mein dard ho raha hai", "ur"),
        ("mąż ma silny ból w klatce piersiowej", "pl"),
        ("أبي عنده ألم في الصدر", "ar"),
        ("o meu pai tem dor no peito", "pt"),
    ],
)
def test_a_red_flag_shows_the_call_999_line_first_then_999_and_the_a_and_e(
    shipped: Flask, text: str, locale: str
) -> None:
    reply = reply_to(shipped, text, locale)
    first_line = reply.text.split("\n", 1)[0]
    assert "999" in first_line and "A&E" in first_line
    assert ids(reply)[:2] == ["crisis-999", "lri-emergency-department"]


@pytest.mark.parametrize("locale", [code for code in LANGUAGES if code != "en"])
def test_the_call_999_line_is_translated(shipped: Flask, locale: str) -> None:
    english = reply_to(shipped, "chest pain").text.split("\n", 1)[0]
    translated = reply_to(shipped, "chest pain", locale).text.split("\n", 1)[0]
    assert "999" in translated and translated != english


def test_a_red_flag_shows_the_a_and_e_to_someone_in_rutland_too(shipped: Flask) -> None:
    reply = reply_to(shipped, "my husband has chest pain", place=Place("rutland"))
    assert ids(reply)[:2] == ["crisis-999", "lri-emergency-department"]


@pytest.mark.parametrize("text", NO_NEED)
def test_with_no_need_recognised_the_reply_and_its_order_stay_as_they_were(
    shipped: Flask, text: str
) -> None:
    with shipped.test_request_context():
        default = renderer.render("nhs_111", "en", Audience())
    assert reply_to(shipped, text) == default


def test_other_replies_do_not_change_with_the_need(shipped: Flask) -> None:
    with shipped.test_request_context():
        plain = renderer.render("play_and_stay", "en", Audience())
    assert reply_to(shipped, "my baby has a sore throat", key="play_and_stay") == plain


def test_a_staff_edit_to_the_leading_service_shows_in_the_next_reply(shipped: Flask) -> None:
    with shipped.app_context():
        entries = yaml.safe_load((CONTENT / "urgent_care.yml").read_text(encoding="utf-8"))
        pharmacy = next(s for s in entries["services"] if s["id"] == "pharmacy-first")
        edited = {**pharmacy, "name": "Your local pharmacy"}
        store.save_service(ServiceIn.model_validate(edited), "editor@example.org", "edit")
        db.session.commit()
    assert reply_to(shipped, "sore throat").services[0].name == "Your local pharmacy"


def test_the_conversation_reads_what_the_person_typed(shipped: Flask) -> None:
    text = "my little boy has earache, where should we go"
    shipped.extensions["bot_client"].answers[text] = [BotReply("nhs_111", "nhs_111")]
    body = shipped.test_client().post("/api/v1/messages", json={"text": text}).get_json()
    assert body["topic"] == "nhs_111"
    assert body["replies"][0]["services"][0]["id"] == "pharmacy-first"
