"""The renderer turns the bot's keys into complete, plain-text replies."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from webapp.services import renderer
from webapp.services.wording import TEMPLATES

CONTRACT_CRISIS_NUMBERS = ["999", "111", "option 2", "116 123", "SHOUT", "85258"]


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_template_renders_with_its_placeholders_filled(app: Flask, key: str) -> None:
    with app.app_context():
        reply = renderer.render(key, "en")
    assert reply.text.strip()
    assert "%(" not in reply.text
    assert all(b.title and b.payload.startswith("/") for b in reply.buttons)


def test_crisis_reply_gives_every_number_the_contract_names(app: Flask) -> None:
    with app.app_context():
        reply = renderer.render_crisis("en", may_be_under_19=True)
    for number in [*CONTRACT_CRISIS_NUMBERS, "0800 1111"]:
        assert number in reply.text
    assert "crisis-childline" in {s.id for s in reply.services}


def test_crisis_reply_leaves_out_childline_when_the_person_is_clearly_an_adult(
    app: Flask,
) -> None:
    with app.app_context():
        reply = renderer.render_crisis("en", may_be_under_19=False)
    assert "0800 1111" not in reply.text
    assert "crisis-childline" not in {s.id for s in reply.services}
    for number in CONTRACT_CRISIS_NUMBERS:
        assert number in reply.text


def test_holding_reply_gives_the_crisis_numbers(app: Flask) -> None:
    with app.app_context():
        reply = renderer.render("bot_unavailable", "en")
    for number in ["999", "111", "116 123", "85258"]:
        assert number in reply.text


def test_an_unknown_key_gets_the_fallback_reply_not_an_error(app: Flask) -> None:
    with app.app_context():
        assert renderer.render("no.such.key", "en") == renderer.render("fallback", "en")


def test_topic_menu_offers_the_four_areas(app: Flask) -> None:
    with app.app_context():
        payloads = [b.payload for b in renderer.render("welcome", "en").buttons]
    assert payloads == ["/camhs", "/memory_cafe", "/play_and_stay", "/nhs_111"]


def test_button_title_names_the_quick_reply_chosen(app: Flask) -> None:
    with app.app_context():
        assert renderer.button_title("/memory_cafe", "en") == "Memory cafés and dementia"
        assert renderer.button_title("/nonsense", "en") is None


def test_reply_as_dict_matches_the_contract_shape(app: Flask) -> None:
    with app.app_context():
        reply = renderer.render_crisis("en").as_dict()
    assert set(reply) == {"text", "services", "buttons"}
    assert all({"id", "name"} <= set(s) for s in reply["services"])
    samaritans = next(s for s in reply["services"] if s["id"] == "crisis-samaritans")
    assert samaritans["phone"] == "116 123"


@pytest.mark.parametrize("locale", ["en", "gu", "pa", "ur", "pl", "so", "ar", "bn", "ro", "pt"])
def test_the_crisis_reply_in_every_language_gives_every_number(app: Flask, locale: str) -> None:
    with app.app_context():
        reply = renderer.render_crisis(locale, may_be_under_19=True)
    for number in ["999", "111", "116 123", "85258", "0800 1111"]:
        assert number in reply.text, (locale, number)
    if locale != "en":
        english = None
        with app.app_context():
            english = renderer.render_crisis("en").text
        assert reply.text != english, f"{locale} crisis reply is not translated"


def test_the_way_to_a_person_names_lines_open_day_and_night(app: Flask) -> None:
    with app.app_context():
        reply = renderer.render("human_handoff", "en")
    assert "0808 800 3302" in reply.text and "day or night" in reply.text
    assert {"lpt-central-access-point", "nhs-111"} <= {s.id for s in reply.services}


def _keys_the_assistant_sends() -> set[str]:
    """Every reply key named in the assistant's domain (bot/domain/*.yml custom payloads)."""
    import yaml

    domain = Path(__file__).resolve().parents[2] / "bot" / "domain"
    keys = set()
    for path in domain.glob("*.yml"):
        for variants in (
            yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
        ).values():
            keys.update(v["custom"]["key"] for v in variants if "custom" in v)
    return keys


def test_every_response_in_the_domain_is_a_key_and_a_topic_never_wording() -> None:
    import yaml

    domain = Path(__file__).resolve().parents[2] / "bot" / "domain"
    for path in domain.glob("*.yml"):
        responses = yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
        for name, variants in responses.items():
            for variant in variants:
                assert set(variant) == {"custom"}, f"{path.name}: {name} has wording of its own"
                assert {"key", "topic"} <= set(variant["custom"]), f"{path.name}: {name}"


def test_every_key_the_assistant_sends_has_wording_in_the_web_app() -> None:
    from webapp.services.conversation.booking_steps import BOOKING_KEYS

    keys = _keys_the_assistant_sends()
    assert {"camhs", "neurodevelopmental", "fallback"} <= keys
    # The booking desk words its own replies (its steps depend on the booking).
    assert keys - set(TEMPLATES) - set(BOOKING_KEYS) == set()
