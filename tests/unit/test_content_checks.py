"""`flask content check`: the shipped content passes every rule, and a planted bad entry of
each kind fails it — an unofficial, insecure, unchecked or overdue source; a review flag with
no reason; a bare home page; a number written another way, not any entry's, or given for the
wrong service, in an entry, a guide, a catalog or a built-in copy. The reasons an entry gives
are kept by the store and the staff editor."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from flask import Flask

from webapp.content import checks, store
from webapp.content.cli import shipped
from webapp.content.schema import ServiceIn
from webapp.staff.service_form import build_service, service_view

TODAY = date(2026, 12, 7)
CHARITY = {"id": "test-charity", "name": "Test Charity", "url": "https://www.test-charity.org.uk"}
PAGE = "https://www.test-charity.org.uk/help-line/"


def line(**changes: Any) -> dict[str, Any]:
    """A complete, well-sourced entry for a help line, with some fields changed."""
    entry: dict[str, Any] = {
        "id": "test-line",
        "organisation": "test-charity",
        "name": "Test Line",
        "description": "Call 0808 800 3302 any time.",
        "topics": ["crisis"],
        "contacts": {"phone": "0808 800 3302", "website": PAGE},
        "source": f"{PAGE} (the charity's page about the line)",
        "last_reviewed": "2026-11-23",
        "review_due": "2027-05-23",
    }
    return {**entry, **changes}


SAMARITANS = line(
    id="test-samaritans",
    name="Samaritans",
    description="Talk to someone any time.",
    contacts={"phone": "116 123", "website": PAGE},
)
CHILDLINE = line(
    id="test-childline",
    name="Childline",
    description="For under-19s.",
    contacts={"phone": "0800 1111", "website": PAGE},
)


def problems(
    tmp_path: Path,
    *services: dict[str, Any],
    guide: str | None = None,
    translated: tuple[str, str] | None = None,
    copies: tuple[checks.Copy, ...] = (),
) -> list[str]:
    """The check's problems, as "field: message", for these entries and texts."""
    content = tmp_path / "lines.yml"
    entries = services or (line(),)
    content.write_text(yaml.safe_dump({"organisations": [CHARITY], "services": list(entries)}))
    guides = []
    if guide is not None:
        guides.append(tmp_path / "test-guide.yml")
        guides[0].write_text(yaml.safe_dump({"title": "A guide", "body": guide}))
    catalogs = [_catalog(tmp_path, *translated)] if translated else []
    files = checks.Shipped(
        (content,), guides=tuple(guides), catalogs=tuple(catalogs), copies=copies
    )
    return [f"{p.field}: {p.message}" for p in checks.check(files, TODAY)]


def _catalog(tmp_path: Path, msgid: str, msgstr: str) -> Path:
    catalog = Catalog(locale="pl")
    catalog.add(msgid, msgstr)
    out = io.BytesIO()
    write_po(out, catalog)
    path = tmp_path / "messages.po"
    path.write_bytes(out.getvalue())
    return path


def test_the_shipped_content_passes_every_check() -> None:
    found = checks.check(shipped(), date.today())
    assert [str(p) for p in found] == []


def test_flask_content_check_passes_the_shipped_content_and_fails_a_bad_file(
    app: Flask, tmp_path: Path
) -> None:
    runner = app.test_cli_runner()
    good = runner.invoke(args=["content", "check"])
    assert good.exit_code == 0, good.output
    bad = tmp_path / "bad.yml"
    bad.write_text(yaml.safe_dump({"services": [line(organisation=None, source="a leaflet")]}))
    refused = runner.invoke(args=["content", "check", str(bad)])
    assert refused.exit_code != 0
    assert "cites no official https page" in refused.output


def test_a_well_sourced_entry_passes(tmp_path: Path) -> None:
    assert problems(tmp_path) == []


@pytest.mark.parametrize(
    "source",
    [
        "https://www.a-gp-surgery-blog.co.uk/2024/08/14/helpline/",
        "https://alpha.leicester.gov.uk/dementia/ (a council site before release)",
        "shared/docs/facts.md",
    ],
)
def test_a_complete_entry_without_an_official_source_fails(tmp_path: Path, source: str) -> None:
    assert any("cites no official https page" in p for p in problems(tmp_path, line(source=source)))


@pytest.mark.parametrize(
    "source",
    [
        "https://www.leicspart.nhs.uk/services/referrals/?v=12881",
        "https://www.rutland.gov.uk/my-council/council-news/admiral-nurses/",
        "https://healthforunder5s.co.uk/about-this-site/",
        "https://help.test-charity.org.uk/line (the organisation that runs it)",
    ],
)
def test_the_nhs_the_trust_the_councils_and_the_organisation_are_official(
    tmp_path: Path, source: str
) -> None:
    assert problems(tmp_path, line(source=source)) == []


def test_a_complete_entry_citing_an_http_page_fails(tmp_path: Path) -> None:
    source = "http://www.leicestershospitals.nhs.uk/aboutus/our-hospitals/"
    found = problems(tmp_path, line(source=source))
    assert f"services.0.source: cites {source}: cite its https page" in found
    assert any("cites no official https page" in p for p in found)


def test_a_complete_entry_that_was_never_checked_fails(tmp_path: Path) -> None:
    found = problems(tmp_path, line(last_reviewed=None, review_due=None))
    assert "services.0.last_reviewed: is marked complete but was never checked" in found


def test_a_complete_entry_past_its_review_date_fails(tmp_path: Path) -> None:
    found = problems(tmp_path, line(last_reviewed="2026-01-05", review_due="2026-07-05"))
    assert any(
        p.startswith("services.0.review_due: was due for review on 2026-07-05") for p in found
    )


def test_without_a_review_date_an_entry_is_due_six_months_after_its_check(
    tmp_path: Path,
) -> None:
    assert problems(tmp_path, line(last_reviewed="2026-07-01", review_due=None)) == []
    found = problems(tmp_path, line(last_reviewed="2026-05-01", review_due=None))
    assert any(
        p.startswith("services.0.review_due: was due for review on 2026-10-31") for p in found
    )


def test_an_entry_needing_review_must_say_why(tmp_path: Path) -> None:
    flagged = line(needs_review=True, source="a 2015 note")
    assert problems(tmp_path, flagged) == [
        "services.0.review_reason: needs review but does not say why: "
        "give the reason in review_reason"
    ]
    assert problems(tmp_path, {**flagged, "review_reason": "The number is from 2015."}) == []


def test_a_bare_home_page_fails_unless_the_entry_says_why(tmp_path: Path) -> None:
    home = {"phone": "0808 800 3302", "website": "https://www.test-charity.org.uk/"}
    found = problems(tmp_path, line(contacts=home))
    assert any(
        p.startswith("services.0.contacts.website: links to a site's home page") for p in found
    )
    why = {**home, "home_page_reason": "The website is the service."}
    assert problems(tmp_path, line(contacts=why)) == []


def test_an_entrys_own_number_written_another_way_fails(tmp_path: Path) -> None:
    found = problems(tmp_path, line(contacts={"phone": "08088003302", "website": PAGE}))
    assert (
        "services.0.contacts.phone: '08088003302' is written another way: write it '0808 800 3302'"
    ) in found


def test_a_number_in_a_description_that_no_entry_gives_fails(tmp_path: Path) -> None:
    found = problems(tmp_path, line(description="Text 07860 039967 or call 0808 800 3302."))
    assert found == [
        "services.0.description: '07860 039967' is not the number of any service entry"
    ]


def test_a_guide_giving_a_number_no_entry_gives_fails(tmp_path: Path) -> None:
    found = problems(tmp_path, guide="Text PAPYRUS on **07860 039967**.")
    assert found == ["body: '07860 039967' is not the number of any service entry"]


@pytest.mark.parametrize("written", ["0808-800-3302", "08088003302", "٠٨٠٨ ٨٠٠ ٣٣٠٢"])
def test_a_guide_writing_a_number_another_way_fails(tmp_path: Path, written: str) -> None:
    found = problems(tmp_path, guide=f"Zadzwoń pod numer **{written}**, w dzień i w nocy.")
    assert found == [f"body: {written!r} is written another way: write it '0808 800 3302'"]


def test_a_line_naming_a_service_must_give_its_number(tmp_path: Path) -> None:
    right = "You can call **Samaritans** on **116 123** at any time."
    assert problems(tmp_path, SAMARITANS, CHILDLINE, guide=right) == []
    wrong = "You can call **Samaritans** on **0800 1111** at any time."
    assert problems(tmp_path, SAMARITANS, CHILDLINE, guide=wrong) == [
        "body: names Samaritans but gives another number: its number is '116 123'"
    ]


def test_dates_ages_times_and_counts_are_not_numbers(tmp_path: Path) -> None:
    text = "On 2026-11-23, ages 11-19, 10:30 to 12:00, 13,000 people, 40 weeks, NG143."
    assert problems(tmp_path, guide=text) == []


def test_a_catalog_translation_giving_another_number_fails(tmp_path: Path) -> None:
    msgid = "If you need help now, call the Central Access Point."
    found = problems(tmp_path, translated=(msgid, "Zadzwoń pod 0808 800 3303."))
    assert found == ["message: '0808 800 3303' is not the number of any service entry"]


def test_example_numbers_kept_for_drama_may_be_shown(tmp_path: Path) -> None:
    msgid = "Enter a UK phone number, like 07700 900123."
    assert problems(tmp_path, translated=(msgid, "Wpisz numer, na przykład 07700 900123.")) == []


def test_a_built_in_copy_that_differs_from_its_entry_fails(tmp_path: Path) -> None:
    copies = (
        checks.Copy("BUILT_IN['line'].phone", "test-line", "phone", "0808 800 3302"),
        checks.Copy("BUILT_IN['line'].url", "test-line", "website", "https://example.org"),
        checks.Copy("BUILT_IN['gone'].phone", "test-gone", "phone", "0800 1111"),
    )
    assert problems(tmp_path, copies=copies) == [
        f"BUILT_IN['line'].url: is 'https://example.org' but the entry test-line says {PAGE!r}",
        "BUILT_IN['gone'].phone: copies test-gone, which has no entry",
    ]


def test_the_reasons_survive_the_store_and_the_staff_editor(app: Flask) -> None:
    entry = line(
        organisation=None,
        needs_review=True,
        review_reason="The number is from 2015.",
        contacts={"phone": "0808 800 3302", "website": "https://www.test-charity.org.uk/"}
        | {"home_page_reason": "The website is the service."},
    )
    with app.app_context():
        service, _ = store.save_service(ServiceIn.model_validate(entry), "test", "import")
        saved = store.service_dict(service)
    edited = build_service(service_view(saved)).data
    for data in (saved, edited):
        assert data["review_reason"] == "The number is from 2015."
        assert data["contacts"]["home_page_reason"] == "The website is the service."
