"""Signposting content: the schema check, import and export, revisions, and the service
cards the chat shows for where someone lives and their age."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from tests.support.content import change_samaritans_number
from tests.support.fakes import FakeBot
from webapp.content import query, store, yaml_io
from webapp.content.schema import ServiceIn
from webapp.content.yaml_io import check_file
from webapp.extensions import db
from webapp.models import Schedule, Service, ServiceRevision
from webapp.places import Place
from webapp.services import cards, renderer
from webapp.services.bot_client import BotReply
from webapp.services.cards import Audience

FILES = Path(__file__).parent / "content_files"
GOOD, BAD = FILES / "good.yml", FILES / "bad.yml"
# A Monday: the city café meets on the second Tuesday of each month.
MONDAY = datetime(2026, 12, 7, 9, 0)


@pytest.fixture
def seeded(app: Flask) -> Flask:
    with app.app_context():
        report = store.import_files([GOOD])
        assert report.created == 4 and not report.problems
    return app


def test_a_bad_file_is_refused_with_file_line_and_field(app: Flask) -> None:
    checked = check_file(BAD)
    assert checked.content is None
    found = {(p.line, p.field) for p in checked.problems}
    assert (4, "services.0.description") in found
    assert (5, "services.0.topics.1") in found
    assert (7, "services.0.contacts.phone") in found
    assert any(p.field == "services.0.locations.0.schedules.0" for p in checked.problems)
    assert all(p.file.endswith("bad.yml") for p in checked.problems)


def test_a_bad_file_imports_nothing_while_good_files_import(app: Flask) -> None:
    with app.app_context():
        report = store.import_files([BAD, GOOD])
        assert report.files_refused == [str(BAD)]
        assert db.session.get(Service, "test-bad") is None
        assert db.session.get(Service, "test-city-cafe") is not None


def test_broken_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("services:\n  - id: x\n    name: [unclosed\n")
    problems = check_file(broken).problems
    assert problems and problems[0].field == "(yaml)" and problems[0].line >= 3


def test_importing_twice_changes_nothing(seeded: Flask) -> None:
    with seeded.app_context():
        revisions = db.session.scalar(sa.select(sa.func.count()).select_from(ServiceRevision))
        report = store.import_files([GOOD])
        assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
        again = db.session.scalar(sa.select(sa.func.count()).select_from(ServiceRevision))
        assert again == revisions


def test_export_then_import_gives_the_same_data(seeded: Flask, tmp_path: Path) -> None:
    with seeded.app_context():
        before = {s.id: store.service_dict(s) for s in db.session.scalars(sa.select(Service))}
        written = store.export_files(tmp_path)
        assert [p.name for p in written] == ["memory_cafes.yml", "camhs.yml"]
        for service in db.session.scalars(sa.select(Service)):
            db.session.delete(service)
        db.session.commit()
        report = store.import_files(written)
        assert report.created == 4
        after = {s.id: store.service_dict(s) for s in db.session.scalars(sa.select(Service))}
    assert after == before


def test_the_seed_content_passes_the_schema_check() -> None:
    seed = sorted((Path(__file__).parents[2] / "content").glob("*.yml"))
    assert seed, "content/ holds the seed files"
    for path in seed:
        assert check_file(path).problems == (), path


def test_every_save_keeps_a_revision_and_roll_back_restores(seeded: Flask) -> None:
    with seeded.app_context():
        service = db.session.get(Service, "test-city-cafe")
        original = store.service_dict(service)
        edited = ServiceIn.model_validate({**original, "name": "City Memory Café (new name)"})
        store.save_service(edited, "editor@example.org", "edit", expected_version=service.version)
        db.session.commit()
        first = service.revisions[0]
        assert store.roll_back(service, first, "admin@example.org")
        db.session.commit()
        assert service.name == "City Memory Café"
        assert [r.action for r in service.revisions] == ["import", "edit", "rollback"]
        assert service.revisions[1].author == "editor@example.org"
        changes = yaml_io.diff(first.snapshot, service.revisions[1].snapshot)
        assert "-name: City Memory Café" in changes
        assert "+name: City Memory Café (new name)" in changes


def test_a_stale_edit_is_refused_and_nothing_is_written(seeded: Flask) -> None:
    with seeded.app_context():
        service = db.session.get(Service, "test-city-cafe")
        old_version = service.version
        data = store.service_dict(service)
        store.save_service(ServiceIn.model_validate({**data, "cost": "Free"}), "a", "edit")
        db.session.commit()
        with pytest.raises(store.StaleEdit):
            store.save_service(
                ServiceIn.model_validate({**data, "cost": "£2"}), "b", "edit", old_version
            )
        db.session.rollback()
        assert db.session.get(Service, "test-city-cafe").cost == "Free"


def test_retired_services_are_not_shown_and_restore_brings_them_back(seeded: Flask) -> None:
    with seeded.app_context():
        service = db.session.get(Service, "test-oakham-cafe")
        store.set_retired(service, True, "editor@example.org")
        db.session.commit()
        ids = [s.id for s in query.live_services("memory_cafe")]
        assert "test-oakham-cafe" not in ids
        store.set_retired(service, False, "editor@example.org")
        db.session.commit()
        assert "test-oakham-cafe" in [s.id for s in query.live_services("memory_cafe")]


def test_cards_put_the_persons_area_first(seeded: Flask) -> None:
    with seeded.app_context():
        rutland = query.services_for("memory_cafe", Place("rutland"), None, MONDAY.date())
        city = query.services_for("memory_cafe", Place("leicester", "LE2"), None, MONDAY.date())
    assert [s.id for s in rutland] == ["test-oakham-cafe"]
    assert [s.id for s in city] == ["test-city-cafe"]


def test_a_group_whose_sessions_have_all_ended_is_hidden(seeded: Flask) -> None:
    with seeded.app_context():
        ids = [s.id for s in query.services_for("memory_cafe", Place(), None, MONDAY.date())]
    assert "test-ended-group" not in ids
    assert set(ids) == {"test-city-cafe", "test-oakham-cafe"}


def test_cards_are_filtered_by_age(seeded: Flask) -> None:
    with seeded.app_context():
        too_young = query.services_for("camhs", Place(), 9, MONDAY.date())
        teen = query.services_for("camhs", Place(), 15, MONDAY.date())
    assert too_young == [] and [s.id for s in teen] == ["test-teen-line"]


def test_the_next_session_follows_the_rfc5545_rule(seeded: Flask) -> None:
    with seeded.app_context():
        schedule = db.session.scalars(sa.select(Schedule).where(Schedule.byday == "2TU")).one()
        session = query.next_session(schedule, MONDAY)
        after = query.next_session(schedule, datetime(2026, 12, 8, 16, 30))
    assert session is not None and session.day == date(2026, 12, 8)
    assert after is not None and after.day == date(2027, 1, 12)


def test_a_card_shows_what_when_where_and_how_to_contact(seeded: Flask) -> None:
    with seeded.app_context():
        service = db.session.get(Service, "test-city-cafe")
        card = cards.card(service, "en", Audience(Place("leicester"), None, MONDAY))
    assert card.when == "Next: Tuesday 8 December, 14:00 to 16:00"
    assert card.where == "Test Library, 1 Test Street, Leicester, LE2 1AA"
    assert card.phone == "0116 000 0000" and card.lang is None


def test_a_card_without_a_translation_is_in_english_and_says_so(seeded: Flask) -> None:
    with seeded.app_context():
        service = db.session.get(Service, "test-city-cafe")
        polish = cards.card(service, "pl", Audience(now=MONDAY))
        service.translations = {"pl": {"name": "Kawiarnia", "description": "Opis po polsku"}}
        translated = cards.card(service, "pl", Audience(now=MONDAY))
    assert polish.lang == "en" and polish.name == "City Memory Café"
    assert translated.lang is None and translated.name == "Kawiarnia"
    assert "wtorek" in (translated.when or "")


def test_a_staff_edit_shows_in_the_next_reply(seeded: Flask) -> None:
    with seeded.app_context():
        service = db.session.get(Service, "test-oakham-cafe")
        data = store.service_dict(service)
        data["locations"][0]["schedules"][0].update(opens_at="13:00", closes_at="15:00")
        store.save_service(ServiceIn.model_validate(data), "editor@example.org", "edit")
        db.session.commit()
        reply = renderer.render("memory_cafe", "en", Audience(Place("rutland"), None, MONDAY))
    oakham = next(s for s in reply.services if s.id == "test-oakham-cafe")
    assert oakham.when == "Next: Wednesday 9 December, 13:00 to 15:00"


def test_crisis_numbers_fall_back_to_the_built_in_copy_on_an_empty_store(app: Flask) -> None:
    with app.app_context():
        assert cards.numbers()["samaritans"] == "116 123"
        crisis = renderer.render_crisis("en")
    assert "116 123" in crisis.text and "crisis-samaritans" in {s.id for s in crisis.services}


def test_crisis_numbers_come_from_the_live_store_when_staff_change_them(app: Flask) -> None:
    change_samaritans_number(app, "116 124")
    with app.app_context():
        crisis = renderer.render_crisis("en")
    assert "116 124" in crisis.text
    assert next(s for s in crisis.services if s.id == "crisis-samaritans").phone == "116 124"


def test_saying_where_you_live_after_a_topic_narrows_its_cards(
    seeded: Flask, fake_bot: FakeBot
) -> None:
    fake_bot.answers["any memory cafes"] = [BotReply("memory_cafe", "memory_cafe")]
    client = seeded.test_client()
    first = client.post("/api/v1/messages", json={"text": "any memory cafes"}).get_json()
    assert "town or postcode" in first["replies"][0]["text"]
    assert {s["id"] for s in first["replies"][0]["services"]} == {
        "test-city-cafe",
        "test-oakham-cafe",
    }
    sent_before = len(fake_bot.sent)
    second = client.post(
        "/api/v1/messages",
        json={"text": "we live in Oakham", "conversation_id": first["conversation_id"]},
    ).get_json()
    assert second["topic"] == "memory_cafe"
    assert [s["id"] for s in second["replies"][0]["services"]] == ["test-oakham-cafe"]
    assert len(fake_bot.sent) == sent_before  # answered from the content store alone
