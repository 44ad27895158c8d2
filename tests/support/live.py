"""A web app started for the integration tests, and running `flask` commands against it."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

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
