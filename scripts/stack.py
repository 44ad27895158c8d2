"""Start and stop the real processes (Rasa server, web app) for tests, evaluation and benchmarks.

Each process runs in its own session so that stopping it also stops its children."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    """A TCP port nothing is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Process:
    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path

    @property
    def pid(self) -> int:
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        """Signal the whole process group, then kill it if it does not go."""
        if not self.alive():
            return
        try:
            os.killpg(self.popen.pid, sig)
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=timeout)
        except ProcessLookupError:
            pass

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def start(name: str, command: list[str], env: Mapping[str, str], log_dir: Path) -> Process:
    """Start a command from the project root with its output in log_dir/<name>.log."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}.log"
    with open(log_path, "wb") as log:
        popen = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Process(name, popen, log_path)


def start_rasa(port: int, log_dir: Path, extra_env: Mapping[str, str] | None = None) -> Process:
    """The real Rasa server on the trained model for the current bot/ data."""
    env = {"RASA_PORT": str(port), **(extra_env or {})}
    return start(f"rasa-{port}", [str(ROOT / "scripts" / "run-rasa")], env, log_dir)


def start_web(
    port: int,
    rasa_url: str,
    database_url: str,
    log_dir: Path,
    extra_env: Mapping[str, str] | None = None,
) -> Process:
    """The web app under gunicorn, as `make run` starts it."""
    env = {
        "PORT": str(port),
        "RASA_URL": rasa_url,
        "DATABASE_URL": database_url,
        "INSTANCE_PATH": str(log_dir / "instance"),
        **(extra_env or {}),
    }
    return start(f"web-{port}", [str(ROOT / "scripts" / "run-web")], env, log_dir)


def wait_until(check: object, process: Process, timeout: float, what: str) -> float:
    """Poll check() until it is true; fail with the process log if it dies or times out."""
    start_time = time.monotonic()
    while time.monotonic() - start_time < timeout:
        if not process.alive():
            raise RuntimeError(f"{process.name} exited while {what}:\n{process.log_tail()}")
        try:
            if check():  # type: ignore[operator]
                return time.monotonic() - start_time
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{process.name} not {what} after {timeout:.0f} s:\n{process.log_tail()}")


def rasa_ready(url: str) -> bool:
    """The Rasa server answers and has a model loaded."""
    response = requests.get(f"{url}/status", timeout=2)
    return response.ok and bool(response.json().get("model_file"))


def web_up(url: str) -> bool:
    """The web app answers (whatever the state of the bot)."""
    return requests.get(f"{url}/healthz", timeout=2).status_code in (200, 503)


def web_ready(url: str) -> bool:
    """The web app says every part is ready."""
    return requests.get(f"{url}/healthz", timeout=2).status_code == 200
