"""The chat page: NHS.UK markup, a welcome with the four areas, history, start again."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.support.fakes import FakeBot
from webapp.extensions import db
from webapp.models import Conversation, Message


def page(client: FlaskClient, path: str = "/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_page_uses_the_nhsuk_frontend_header_and_stylesheet(client: FlaskClient) -> None:
    html = page(client)
    assert 'class="nhsuk-header' in html
    assert "nhsuk-footer" in html
    assert "/static/main.css" in html and "/static/chat.js" in html
    assert '<html lang="en"' in html and 'dir="ltr"' in html


def test_the_welcome_says_what_it_helps_with_and_that_it_is_not_for_emergencies(
    client: FlaskClient,
) -> None:
    html = page(client)
    assert "not a person" in html and "emergency" in html and "999" in html
    payloads = re.findall(r'name="payload" value="(/[a-z0-9_]+)"', html)
    assert payloads[:4] == ["/camhs", "/memory_cafe", "/play_and_stay", "/nhs_111"]


def test_the_chat_log_is_announced_to_screen_readers(client: FlaskClient) -> None:
    html = page(client)
    assert 'role="log"' in html and 'aria-live="polite"' in html
    assert 'id="chat-typing"' in html and 'role="status"' in html


def test_a_message_sent_without_javascript_shows_after_the_reload(
    client: FlaskClient, app: Flask
) -> None:
    response = client.post("/chat/send", data={"text": "hello"})
    assert response.status_code == 302
    html = page(client)
    assert "hello" in html and "What would you like help with today?" in html


def test_a_quick_reply_without_javascript_shows_its_title(client: FlaskClient) -> None:
    client.post("/chat/send", data={"payload": "/camhs"})
    html = page(client)
    assert "Mental health support for young people (CAMHS)" in html
    assert "CAMHS is the NHS service" in html


def test_refreshing_keeps_the_conversation_and_start_again_clears_it(
    client: FlaskClient, app: Flask
) -> None:
    client.post("/chat/send", data={"text": "hello from a phone"})
    assert "hello from a phone" in page(client)
    assert "hello from a phone" in page(client)
    client.post("/chat/restart")
    assert "hello from a phone" not in page(client)
    with app.app_context():
        assert len(db.session.scalars(db.select(Conversation)).all()) == 1


def test_after_a_crisis_turn_the_urgent_card_stays_on_screen(client: FlaskClient) -> None:
    assert re.search(r'id="crisis-card"[^>]*hidden', page(client))
    client.post("/chat/send", data={"text": "i want to end my life"})
    client.post("/chat/send", data={"text": "hello"})
    html = page(client)
    assert not re.search(r'id="crisis-card"[^>]*hidden', html)
    assert "nhsuk-card--care--urgent" in html and "tel:116123" in html


def test_an_empty_message_without_javascript_shows_an_error_by_the_box(
    client: FlaskClient,
) -> None:
    response = client.post("/chat/send", data={"text": "  "}, follow_redirects=True)
    assert "Type a message before you press Send." in response.get_data(as_text=True)


def test_script_in_a_message_is_shown_as_text(client: FlaskClient) -> None:
    client.post("/chat/send", data={"text": "<script>alert(1)</script>"})
    html = page(client)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_an_unknown_page_is_a_plain_404(client: FlaskClient) -> None:
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Traceback" not in response.get_data(as_text=True)


# --- leave this site quickly, and deleting the conversation ---------------------------------


def test_every_chat_page_has_a_quick_exit_that_works_without_javascript(
    client: FlaskClient, app: Flask
) -> None:
    url = app.config["QUICK_EXIT_URL"]
    assert url == "https://www.bbc.co.uk/weather"
    for path in ("/", "/chat/delete"):
        html = page(client, path)
        link = re.search(r'<a\s[^>]*id="quick-exit"[^>]*>', html)
        assert link, path
        assert f'href="{url}"' in link.group(0) and 'rel="noreferrer"' in link.group(0)
        assert f'data-quick-exit-url="{url}"' in link.group(0)
        assert "Leave this site quickly" in html
        # At the top: after the skip link, before the header.
        assert html.index("nhsuk-skip-link") < link.start() < html.index('class="nhsuk-header')
        assert "/static/quick-exit.js" in html
        assert "onclick" not in html


def test_the_quick_exit_address_comes_from_the_configuration(app: Flask) -> None:
    app.config["QUICK_EXIT_URL"] = "https://example.org/news"
    html = page(app.test_client())
    assert 'href="https://example.org/news"' in html


def _counts(app: Flask, conversation_id: str) -> tuple[int, int]:
    with app.app_context():
        conversations = db.session.scalar(
            db.select(db.func.count()).where(Conversation.id == conversation_id)
        )
        messages = db.session.scalar(
            db.select(db.func.count()).where(Message.conversation_id == conversation_id)
        )
    return conversations or 0, messages or 0


def test_deleting_asks_first_on_a_page_of_its_own(client: FlaskClient, app: Flask) -> None:
    client.post("/chat/send", data={"text": "hello"})
    html = page(client)
    assert 'href="/chat/delete"' in html and "Delete this conversation" in html
    confirm = page(client, "/chat/delete")
    assert "Are you sure you want to delete this conversation?" in confirm
    assert re.search(r'<form[^>]*method="post"[^>]*action="/chat/delete"', confirm)
    # Looking at the question deletes nothing.
    with client.session_transaction() as session:
        conversation_id = session["conversation_id"]
    assert _counts(app, conversation_id) == (1, 2)


def test_deleting_removes_the_conversation_and_its_messages(
    client: FlaskClient, app: Flask
) -> None:
    client.post("/chat/send", data={"text": "hello from a phone"})
    client.post("/chat/send", data={"text": "i feel like ending everything tbh"})
    with client.session_transaction() as session:
        old_id = session["conversation_id"]
    assert _counts(app, old_id) == (1, 4)
    # Someone else's conversation is not touched.
    other = app.test_client()
    other.post("/chat/send", data={"text": "hello"})
    with other.session_transaction() as session:
        other_id = session["conversation_id"]

    response = client.post("/chat/delete")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert _counts(app, old_id) == (0, 0)
    assert _counts(app, other_id) == (1, 2)
    with client.session_transaction() as session:
        assert session["conversation_id"] != old_id

    html = page(client)
    assert "Your conversation has been deleted." in html
    assert "hello from a phone" not in html
    assert re.search(r'id="crisis-card"[^>]*hidden', html)
    # The notice shows once.
    assert "Your conversation has been deleted." not in page(client)


def test_deleting_with_nothing_said_yet_is_fine(client: FlaskClient) -> None:
    response = client.post("/chat/delete", follow_redirects=True)
    assert response.status_code == 200
    assert "Your conversation has been deleted." in response.get_data(as_text=True)


def test_deleting_a_conversation_asks_the_assistant_to_forget_it_too(
    client: FlaskClient, fake_bot: FakeBot
) -> None:
    client.post("/chat/send", data={"text": "hello"})
    with client.session_transaction() as session:
        conversation_id = session["conversation_id"]
    client.post("/chat/delete")
    assert fake_bot.forgotten == [conversation_id]


def test_the_check_in_answered_without_javascript_keeps_the_urgent_card(
    client: FlaskClient,
) -> None:
    client.post("/chat/send", data={"text": "i cant do this anymore"})
    assert "are you thinking about ending your life?" in page(client)
    client.post("/chat/send", data={"payload": "/safety_no"})
    html = page(client)
    assert "numbers above are there day and night" in html
    assert not re.search(r'id="crisis-card"[^>]*hidden', html)
