"""The real stack for integration tests: the trained Rasa server and the web app under gunicorn.

One Rasa server serves the whole session (it takes ~40 s to load); tests that stop a server
start their own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from scripts import stack
from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE
from tests.support.live import LiveWeb, running_web


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.rasa)


@pytest.fixture(scope="session")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("stack-logs")


@pytest.fixture(scope="session")
def rasa_token(logs: Path) -> str:
    """The token Rasa's HTTP API asks of the session's web app and of tests."""
    return stack.rasa_token(logs)


@pytest.fixture(scope="session")
def rasa_url(logs: Path, rasa_token: str) -> Iterator[str]:
    """The real Rasa server, on the model trained from bot/ (make test trains it first)."""
    port = stack.free_port()
    url = f"http://127.0.0.1:{port}"
    rasa = stack.start_rasa(port, logs)
    try:
        stack.wait_until(lambda: stack.rasa_ready(url, rasa_token), rasa, 300, "ready")
        yield url
    finally:
        rasa.stop()


@pytest.fixture(scope="session")
def web(rasa_url: str, logs: Path) -> Iterator[LiveWeb]:
    """The web app talking to the session's Rasa server, on its own SQLite database, with a
    team's own hours for the CAMHS call so it can be booked."""
    with running_web(rasa_url, logs) as web:
        stack.set_team_hours(web.env)  # the seeded hours are examples, never offered
        yield web


@pytest.fixture(scope="session")
def web_url(web: LiveWeb) -> str:
    return web.url


@pytest.fixture(scope="session")
def web_alone(logs: Path) -> Iterator[LiveWeb]:
    """The web app under gunicorn with no assistant behind it (its Rasa address answers
    nothing): enough for the staff area, and no model to load."""
    nobody = f"http://127.0.0.1:{stack.free_port()}"
    with running_web(nobody, logs, "web-alone") as web:
        yield web


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make setup` installs Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(viewport=request.param)
    page = context.new_page()
    page.viewport_name = request.node.callspec.id  # type: ignore[attr-defined]
    yield page
    context.close()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A page in a fresh browser on a phone's screen only (for what only a phone does)."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.viewport_name = "phone"  # type: ignore[attr-defined]
    yield page
    context.close()
