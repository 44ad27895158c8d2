"""Fixtures shared by every test: an app on a fresh database, its clients, a fake bot, and
clients signed in to the staff area (`editor`, `admin`, `booker`). Helpers and fakes live
in tests/support/.

The `app` fixture's database is SQLite unless TEST_DATABASE=postgresql: then one database on
the local PostgreSQL server for the session, emptied after each test. Tests that use it are
marked `db`; `make test` runs those a second time on PostgreSQL."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

# Keep the secret key and any default database out of the checkout while testing.
os.environ.setdefault("INSTANCE_PATH", tempfile.mkdtemp(prefix="lpt-chat-test-"))

import pytest  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402

from tests.databases import postgres_database  # noqa: E402
from tests.support.duty import add_team  # noqa: E402
from tests.support.fakes import FakeBot  # noqa: E402
from tests.support.staff import ADMIN, BOOKER, EDITOR, add_service, make_user, sign_in  # noqa: E402
from webapp import (
    clock,  # noqa: E402
    create_app,  # noqa: E402
)
from webapp.extensions import db  # noqa: E402
from webapp.services.bot_client import BotReply  # noqa: E402

# Which engine the `app` fixture's database runs on: "sqlite" (a file per test) or
# "postgresql" (the local server; the test fails, saying how to start it, if it is absent).
TEST_DATABASE = os.environ.get("TEST_DATABASE", "sqlite")
if TEST_DATABASE not in ("sqlite", "postgresql"):
    raise ValueError(f"TEST_DATABASE must be sqlite or postgresql, not {TEST_DATABASE!r}")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `db` the tests that use the shared `app` fixture, and so its database."""
    for item in items:
        definitions = getattr(item, "_fixtureinfo", None)
        used = definitions.name2fixturedefs.get("app", ()) if definitions else ()
        if used and used[-1].func.__module__ == __name__:
            item.add_marker(pytest.mark.db)


@pytest.fixture
def fake_bot() -> FakeBot:
    return FakeBot(
        answers={
            "hello": [BotReply("greet", "greeting")],
            "/camhs": [BotReply("camhs", "camhs")],
            "how long is the camhs wait": [BotReply("camhs", "camhs")],
            "i feel like ending everything tbh": [BotReply("crisis", "crisis")],
        }
    )


@pytest.fixture
def set_time(monkeypatch: pytest.MonkeyPatch) -> Callable[[timedelta], None]:
    """Move the app's clock (sign-in, lock-out, session expiry, bookings) to now + offset."""
    start = datetime.now(UTC)

    def move(offset: timedelta) -> None:
        monkeypatch.setattr(clock, "now", lambda: start + offset)

    move(timedelta(0))
    return move


@pytest.fixture
def at(monkeypatch: pytest.MonkeyPatch) -> Callable[[datetime], None]:
    """Stop the app's clock at a fixed moment (duty hours are read at it)."""

    def move(moment: datetime) -> None:
        monkeypatch.setattr(clock, "now", lambda: moment)

    return move


@pytest.fixture
def duty_team(app: Flask, fake_bot: FakeBot) -> str:
    """CAMHS duty (weekdays 09:00–17:00, a wait of up to 20 minutes), and an assistant that
    hears "can i talk to a real person" in English and Polish as human_handoff."""
    for asked in ("can i talk to a real person", "czy mogę porozmawiać z człowiekiem"):
        fake_bot.answers[asked] = [BotReply("human_handoff", "human_handoff")]
    return add_team(app)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One fresh PostgreSQL database for the session (dropped at the end)."""
    with postgres_database() as url:
        yield url


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """The `app` fixture's database: a new SQLite file, or the session's PostgreSQL one."""
    if TEST_DATABASE == "postgresql":
        return str(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'test.sqlite3'}"


@pytest.fixture
def app(database_url: str, fake_bot: FakeBot) -> Iterator[Flask]:
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
        }
    )
    app.extensions["bot_client"] = fake_bot
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            _empty(db.engine)
        db.engine.dispose()


def _empty(engine: sa.Engine) -> None:
    """Every table of the app emptied and its ids restarted: the next test starts afresh."""
    tables = ", ".join(f'"{table.name}"' for table in db.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(sa.text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def cafe(app: Flask) -> str:
    """The test memory café (tests/support/staff.CAFE), saved as an import would; its id."""
    return add_service(app)


def _signed_in(app: Flask, client: FlaskClient, email: str, role: str) -> FlaskClient:
    make_user(app, email, role)
    sign_in(client, email)
    return client


@pytest.fixture
def editor(app: Flask, client: FlaskClient) -> FlaskClient:
    """The client, signed in as an editor (the content: services and guides)."""
    return _signed_in(app, client, EDITOR, "editor")


@pytest.fixture
def admin(app: Flask, client: FlaskClient) -> FlaskClient:
    """The client, signed in as an admin (everything)."""
    return _signed_in(app, client, ADMIN, "admin")


@pytest.fixture
def booker(app: Flask, client: FlaskClient) -> FlaskClient:
    """The client, signed in as booking staff (the bookings and availability pages)."""
    return _signed_in(app, client, BOOKER, "bookings")
