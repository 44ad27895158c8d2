"""The real stack for integration tests: the trained Rasa server and the web app under gunicorn.

One Rasa server serves the whole session (it takes ~40 s to load); tests that stop a server
start their own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts import stack


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.rasa)


@pytest.fixture(scope="session")
def logs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("stack-logs")


@pytest.fixture(scope="session")
def rasa_url(logs: Path) -> Iterator[str]:
    """The real Rasa server, on the model trained from bot/ (make test trains it first)."""
    port = stack.free_port()
    url = f"http://127.0.0.1:{port}"
    rasa = stack.start_rasa(port, logs)
    try:
        stack.wait_until(lambda: stack.rasa_ready(url), rasa, 300, "ready")
        yield url
    finally:
        rasa.stop()


@pytest.fixture(scope="session")
def web_url(rasa_url: str, logs: Path) -> Iterator[str]:
    """The web app talking to the session's Rasa server, on its own SQLite database."""
    yield from _web(rasa_url, logs, "session")


@pytest.fixture
def fresh_web(rasa_url: str, logs: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A web app of the test's own, on its own database."""
    yield from _web(rasa_url, logs, request.node.name[:40])


def _web(rasa_url: str, logs: Path, name: str, **env: str) -> Iterator[str]:
    port = stack.free_port()
    url = f"http://127.0.0.1:{port}"
    web = stack.start_web(port, rasa_url, f"sqlite:///{logs / f'{name}-{port}.sqlite3'}", logs, env)
    try:
        stack.wait_until(lambda: stack.web_up(url), web, 60, "up")
        yield url
    finally:
        web.stop()
