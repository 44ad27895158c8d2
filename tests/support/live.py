"""A web app started for the integration tests, and running `flask` commands against it."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from scripts import stack


@dataclass(frozen=True)
class LiveWeb:
    url: str
    env: dict[str, str]  # what the web process was started with (DATABASE_URL, ...)

    def flask(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a `flask` command against this web app's database."""
        return subprocess.run(
            [str(stack.ROOT / ".venvs/web/bin/flask"), *args],
            cwd=stack.ROOT,
            env={**os.environ, "FLASK_APP": "webapp", **self.env},
            capture_output=True,
            text=True,
            check=True,
        )


@contextmanager
def running_web(rasa_url: str, logs: Path, name: str = "web") -> Iterator[LiveWeb]:
    """The web app under gunicorn on a free port, talking to this Rasa server, on its own
    SQLite database (`logs/<name>-<port>.sqlite3`); stopped on leaving."""
    port = stack.free_port()
    env = {
        "DATABASE_URL": f"sqlite:///{logs / f'{name}-{port}.sqlite3'}",
        "INSTANCE_PATH": str(logs / "instance"),
        "RASA_URL": rasa_url,
    }
    url = f"http://127.0.0.1:{port}"
    process = stack.start_web(port, rasa_url, env["DATABASE_URL"], logs)
    try:
        stack.wait_until(lambda: stack.web_up(url), process, stack.WEB_START_TIMEOUT, "up")
        yield LiveWeb(url, env)
    finally:
        process.stop()
