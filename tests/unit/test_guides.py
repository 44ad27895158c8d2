"""Self-help guides: import with translations, safe Markdown, pages in every language with
an honest note where a translation is missing, PDF leaflets, and guides offered in the chat."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from tests.support.content import change_samaritans_number
from webapp.config import LANGUAGES
from webapp.extensions import db
from webapp.guides import markdown, store
from webapp.guides.schema import GuideIn
from webapp.models import Guide
from webapp.services import renderer
from webapp.services.cards import Audience

FILES = Path(__file__).parent / "guide_files"
SEED = Path(__file__).parents[2] / "content" / "guides"


@pytest.fixture
def guides(app: Flask) -> Flask:
    with app.app_context():
        report = store.import_guides(FILES)
        assert report.created == 1 and not report.problems
    return app


def page(client: FlaskClient, path: str, locale: str = "en") -> str:
    with client.session_transaction() as session:
        session["locale"] = locale
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_markdown_is_rendered_and_script_and_javascript_links_are_removed() -> None:
    html = str(
        markdown.render(
            "## Hi\n\n**bold** <script>alert(1)</script> <img src=x onerror=alert(2)>\n\n"
            "[bad](javascript:alert(3)) [good](https://www.nhs.uk)"
        )
    )
    assert "<h2>Hi</h2>" in html and "<strong>bold</strong>" in html
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert 'href="https://www.nhs.uk"' in html


def test_importing_twice_changes_nothing_and_keeps_translations(guides: Flask) -> None:
    with guides.app_context():
        again = store.import_guides(FILES)
        assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
        guide = db.session.get(Guide, "test-guide")
        assert [t.locale for t in guide.texts] == ["en", "pl"]
        assert guide.text("pl").status == "needs_review"
        assert guide.text("en").status == "complete"


def test_the_help_page_lists_guides_by_topic_and_searches(
    guides: Flask, client: FlaskClient
) -> None:
    assert "Feeling worried" in page(client, "/help/")
    assert "Feeling worried" in page(client, "/help/?q=breathing")
    assert "No guides match" in page(client, "/help/?q=zebra")


@pytest.mark.parametrize("locale", list(LANGUAGES))
def test_a_guide_renders_in_every_language_and_says_when_it_is_in_english(
    guides: Flask, client: FlaskClient, locale: str
) -> None:
    html = page(client, "/help/test-guide", locale)
    assert f'<html lang="{locale}"' in html
    assert '<script>alert("not run")' not in html and 'href="javascript' not in html
    if locale == "pl":
        assert "Zmartwienie" in html and 'lang="en"' not in html.split("<main")[1].split("</h1>")[0]
    elif locale != "en":
        assert 'lang="en"' in html and "Feeling worried" in html
    assert "116 123" in html  # the crisis numbers at the foot


def test_a_missing_translation_is_never_marked_complete(guides: Flask) -> None:
    with guides.app_context():
        guide = db.session.get(Guide, "test-guide")
        for locale in LANGUAGES:
            text = guide.text(locale)
            if locale not in ("en", "pl"):
                assert text is None


@pytest.mark.parametrize("locale", ["en", "pl"])
def test_the_leaflet_is_a_real_pdf_with_the_title_in_it(
    guides: Flask, client: FlaskClient, locale: str
) -> None:
    with client.session_transaction() as session:
        session["locale"] = locale
    response = client.get("/help/test-guide.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    title = {"en": "Feeling worried", "pl": "Zmartwienie"}[locale]
    assert title in text and "116 123" in text


def test_an_unknown_guide_is_a_404(client: FlaskClient) -> None:
    assert client.get("/help/no-such-guide").status_code == 404


@pytest.mark.parametrize(
    ("locale", "age", "shown"),
    [
        ("pl", None, "Zmartwienie"),  # translated: the reader's own language
        ("ur", 14, "Feeling worried"),  # not yet translated: the English title
        ("en", 40, None),  # a guide for 11 to 18 year olds is not offered to a 40-year-old
    ],
)
def test_a_reply_on_a_guides_topic_links_it_in_the_readers_language(
    guides: Flask, locale: str, age: int | None, shown: str | None
) -> None:
    with guides.test_request_context():
        reply = renderer.render("camhs", locale, Audience(age=age))
    titles = [link.title for link in reply.links if link.url == "/help/test-guide"]
    if shown is None:
        assert titles == []
    else:  # "Self-help guide: …" in the reader's language, then the guide's title
        assert len(titles) == 1 and titles[0].endswith(shown)


def retitle(app: Flask, title: str) -> None:
    """A staff edit of the test guide's English title."""
    with app.app_context():
        guide = db.session.get(Guide, "test-guide")
        assert guide is not None
        edited = GuideIn.model_validate({**store.guide_dict(guide), "title": title})
        store.save_guide(edited, "editor@example.org", "edit")
        db.session.commit()


def test_a_guide_edit_or_retirement_shows_in_the_very_next_reply(guides: Flask) -> None:
    def linked_titles() -> list[str]:
        # Each reply is its own request, as each chat turn is its own Socket.IO event.
        with guides.test_request_context():
            reply = renderer.render("camhs", "en", Audience(age=14))
        return [link.title for link in reply.links if link.url == "/help/test-guide"]

    assert len(linked_titles()) == 1 and linked_titles()[0].endswith("Feeling worried")
    retitle(guides, "Feeling anxious")
    assert linked_titles()[0].endswith("Feeling anxious")
    with guides.app_context():
        guide = db.session.get(Guide, "test-guide")
        assert guide is not None
        store.set_retired(guide, True, "editor@example.org")
        db.session.commit()
    assert linked_titles() == []


@pytest.fixture
def renders(guides: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Every leaflet WeasyPrint makes, in order; leaflets are kept in this test's own folder."""
    import weasyprint

    guides.config["LEAFLET_CACHE_DIR"] = str(tmp_path / "leaflets")
    made: list[bytes] = []
    write_pdf = weasyprint.HTML.write_pdf

    def counted(self: weasyprint.HTML, *args: object, **kwargs: object) -> bytes:
        made.append(write_pdf(self, *args, **kwargs))
        return made[-1]

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", counted)
    return made


def leaflet_text(client: FlaskClient, locale: str = "en") -> str:
    with client.session_transaction() as session:
        session["locale"] = locale
    response = client.get("/help/test-guide.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)


def test_a_leaflet_is_made_once_per_language_and_then_served_as_made(
    renders: list[bytes], client: FlaskClient
) -> None:
    first = leaflet_text(client)
    assert leaflet_text(client) == first and len(renders) == 1
    assert "Zmartwienie" in leaflet_text(client, "pl") and len(renders) == 2
    assert leaflet_text(client, "pl") and leaflet_text(client) == first and len(renders) == 2


@pytest.mark.parametrize(
    ("before", "edit", "after"),
    [
        ("Feeling worried", lambda app: retitle(app, "Feeling anxious"), "Feeling anxious"),
        ("116 123", lambda app: change_samaritans_number(app, "116 124"), "116 124"),
    ],
    ids=["guide", "crisis_line"],
)
def test_an_edit_to_the_guide_or_a_crisis_line_gives_a_new_leaflet(
    guides: Flask,
    renders: list[bytes],
    client: FlaskClient,
    before: str,
    edit: Callable[[Flask], None],
    after: str,
) -> None:
    assert before in leaflet_text(client)
    edit(guides)
    for _ in range(2):  # made again once, then kept
        assert after in leaflet_text(client) and len(renders) == 2
