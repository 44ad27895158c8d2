"""Start and stop the real processes (Rasa server, web app) for tests, evaluation and benchmarks.

Each process runs in its own session so that stopping it also stops its children."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent

# The local servers the scaled topology shares (make run-scaled, tests/integration/test_scaled.py),
# and what to run when one is not answering.
POSTGRES_ADMIN_URL = os.environ.get("TEST_POSTGRES_ADMIN_URL", "postgresql://127.0.0.1/postgres")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
START_POSTGRES = (
    "PostgreSQL is not answering on localhost:5432. Start it with "
    "`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` "
    "(or set TEST_POSTGRES_ADMIN_URL)."
)
START_REDIS = (
    "Redis is not answering on 127.0.0.1:6379. Start it with "
    '`redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" '
    "--appendonly no` (or set TEST_REDIS_URL)."
)


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


def rasa_token(log_dir: Path) -> str:
    """The API token of the Rasa servers and web processes started with `log_dir`: RASA_TOKEN,
    else the one in their instance folder (made if missing), as `make run` shares instance/."""
    from webapp.config import instance_secret

    return instance_secret("RASA_TOKEN", log_dir / "instance")


def start_rasa(port: int, log_dir: Path, extra_env: Mapping[str, str] | None = None) -> Process:
    """The real Rasa server on the trained model for the current bot/ data, its API behind
    the token in log_dir's instance folder (rasa_token), which start_web's processes share."""
    env = {"RASA_PORT": str(port), "INSTANCE_PATH": str(log_dir / "instance"), **(extra_env or {})}
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
        # Tests, evaluation and benchmarks send many messages from one address; the rate
        # limits themselves are tested on their own (tests/unit/test_security_limits.py).
        "RATELIMIT_ENABLED": "0",
        # Likewise every booking a test makes comes from 127.0.0.1, often with one contact;
        # the limits on active bookings are tested on their own (tests/unit/test_booking_desk.py).
        "BOOKING_LIMIT_PER_ADDRESS": "100000",
        "BOOKING_LIMIT_PER_CONTACT": "100000",
        **(extra_env or {}),
    }
    return start(f"web-{port}", [str(ROOT / "scripts" / "run-web")], env, log_dir)


# A new web process migrates and seeds its database before it answers: seconds on an idle
# machine, over a minute on a loaded two-core CI runner. Waiting longer costs nothing.
WEB_START_TIMEOUT = 180


@dataclass
class LocalStack:
    """One Rasa server and one web process on a throwaway SQLite database, both ready."""

    rasa: Process
    rasa_url: str
    web: Process
    web_url: str
    rasa_ready_after: float


@contextmanager
def local_stack(prefix: str) -> Iterator[LocalStack]:
    """Start the real stack for a script (evaluation), wait until it is ready, stop it after."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        logs = Path(tmp)
        rasa_port, web_port = free_port(), free_port()
        rasa_url, web_url = f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{web_port}"
        rasa = start_rasa(rasa_port, logs)
        web = start_web(web_port, rasa_url, f"sqlite:///{logs / 'eval.sqlite3'}", logs)
        try:
            token = rasa_token(logs)
            waited = wait_until(lambda: rasa_ready(rasa_url, token), rasa, 300, "ready")
            wait_until(lambda: web_ready(web_url), web, WEB_START_TIMEOUT, "ready")
            yield LocalStack(rasa, rasa_url, web, web_url, waited)
        finally:
            web.stop()
            rasa.stop()


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


def rasa_ready(url: str, token: str) -> bool:
    """The Rasa server answers (to its API token) and has a model loaded."""
    response = requests.get(f"{url}/status", params={"token": token}, timeout=2)
    return response.ok and bool(response.json().get("model_file"))


def ask_chat(session: requests.Session, web_url: str, text: str, locale: str) -> dict:
    """One message to the web app's HTTP API as a new conversation: its JSON answer (the
    scorers' view of the assistant, as an outside check sees it)."""
    body = {"text": text, "locale": locale}
    response = session.post(f"{web_url}/api/v1/messages", json=body, timeout=60)
    response.raise_for_status()
    return response.json()


def web_up(url: str) -> bool:
    """The web app answers (whatever the state of the bot)."""
    return requests.get(f"{url}/healthz", timeout=2).status_code in (200, 503)


def web_ready(url: str) -> bool:
    """The web app says every part is ready."""
    return requests.get(f"{url}/healthz", timeout=2).status_code == 200


def start_nginx(port: int, upstreams: list[str], log_dir: Path) -> Process:
    """nginx on deploy/nginx.conf in front of the web processes at `upstreams` (host:port),
    as `make run-scaled` starts it; its access log names the process behind each request."""
    env = {
        "PORT": str(port),
        "WEB_UPSTREAMS": " ".join(upstreams),
        "NGINX_PREFIX": str(log_dir / f"nginx-{port}"),
    }
    return start(f"nginx-{port}", [str(ROOT / "scripts" / "run-nginx")], env, log_dir)


def nginx_access_log(process: Process) -> Path:
    """Where nginx started by start_nginx logs each request (with $upstream_addr)."""
    port = process.name.removeprefix("nginx-")
    return process.log_path.parent / f"nginx-{port}" / "logs" / "access.log"


def redis_problem(url: str = REDIS_URL) -> str | None:
    """None when Redis answers at `url`; else what is wrong and the command that starts it."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as err:
        return f"{START_REDIS} ({type(err).__name__}: {err})"
    return None


def postgres_problem(url: str = POSTGRES_ADMIN_URL) -> str | None:
    """None when PostgreSQL answers at `url` (libpq form); else what is wrong and how to
    start it."""
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.OperationalError as err:
        return f"{START_POSTGRES} ({str(err).strip()})"
    return None


def ensure_postgres_database(url: str) -> bool:
    """Create the database that `url` (SQLAlchemy or libpq form) names on its server, if it
    is not there yet; True when it was created."""
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    name = str(make_url(url).database)
    with psycopg.connect(_admin_url(url), autocommit=True, connect_timeout=5) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def _admin_url(url: str) -> str:
    """The `postgres` database on the server a SQLAlchemy URL (postgresql+psycopg://…)
    names, as libpq takes it."""
    from sqlalchemy.engine import make_url

    admin = make_url(url).set(drivername="postgresql", database="postgres")
    return admin.render_as_string(hide_password=False)


def drop_postgres_database(url: str) -> None:
    """Drop the database that `url` names (closing its connections), if it is there."""
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    name = str(make_url(url).database)
    with psycopg.connect(_admin_url(url), autocommit=True, connect_timeout=5) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def scaled_rasa_env(rasa_database_url: str, redis_url: str, lock_prefix: str) -> dict[str, str]:
    """What start_rasa needs to run on deploy/rasa-endpoints.yml: the tracker store in the
    database `rasa_database_url` names, the lock store on the Redis server of `redis_url`
    (its database 1) under `lock_prefix` (letters and digits)."""
    from urllib.parse import urlsplit

    from sqlalchemy.engine import make_url

    database, redis = make_url(rasa_database_url), urlsplit(redis_url)
    return {
        "RASA_ENDPOINTS": "deploy/rasa-endpoints.yml",
        "RASA_DB_HOST": database.host or "127.0.0.1",
        "RASA_DB_PORT": str(database.port or 5432),
        "RASA_DB_NAME": str(database.database),
        "RASA_DB_USER": database.username or os.environ.get("USER") or "postgres",
        "RASA_DB_PASSWORD": database.password or "",
        "RASA_REDIS_HOST": redis.hostname or "127.0.0.1",
        "RASA_REDIS_PORT": str(redis.port or 6379),
        "RASA_REDIS_PASSWORD": redis.password or "",
        "RASA_LOCK_PREFIX": lock_prefix,
    }


def scaled_web_env(
    database_url: str, rasa_urls: list[str], rasa_database_url: str, redis_url: str, channel: str
) -> dict[str, str]:
    """What start_web needs to run as one of several web processes, as make run-scaled
    starts them: one PostgreSQL database, every Rasa server and their tracker store, Redis for
    Socket.IO's message queue (on `channel`) and rate-limit counts, nginx in front."""
    return {
        "DATABASE_URL": database_url,
        "RASA_URLS": ",".join(rasa_urls),
        "RASA_TRACKER_STORE_URL": rasa_database_url,
        "SOCKETIO_MESSAGE_QUEUE": redis_url,
        "SOCKETIO_CHANNEL": channel,
        "RATELIMIT_STORAGE_URI": redis_url,
        "TRUSTED_PROXIES": "1",
        # Every process must read the others' session cookies.
        "SECRET_KEY": os.environ.get("SECRET_KEY") or f"scaled-{channel}-{os.getpid()}",
        "RETENTION_SCHEDULE": "0",
    }


def prepare_database(env: Mapping[str, str]) -> None:
    """Migrate and seed the app's database (DATABASE_URL in `env`) once, before several web
    processes start on it (scripts/run-web does it too, and then finds nothing to do)."""
    result = subprocess.run(
        [str(ROOT / "scripts" / "prepare-db")],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"scripts/prepare-db failed:\n{result.stdout}{result.stderr}")


# The seeded appointment hours are examples, never offered: a stack that is to be booked end to
# end (the integration tests) first gives the CAMHS call a team's own hours, every day 09:00-17:00.
TEAM_HOURS = ["--weekdays", "0,1,2,3,4,5,6", "--start", "09:00", "--end", "17:00"]


def set_team_hours(env: Mapping[str, str]) -> None:
    """Give a prepared database (DATABASE_URL in `env`) the CAMHS call's own weekly hours."""
    flask = str(ROOT / ".venvs/web/bin/flask")
    result = subprocess.run(
        [flask, "bookings", "set-hours", "camhs_duty_call", *TEAM_HOURS],
        cwd=ROOT,
        env={**os.environ, "FLASK_APP": "webapp", **env},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        raise RuntimeError(f"flask bookings set-hours failed:\n{result.stdout}{result.stderr}")


INSTALL_NGINX = "nginx is not installed: install it with `make nginx` (Debian's nginx package)."


def scaled_problems() -> list[str]:
    """What the scaled topology lacks here (PostgreSQL, Redis or nginx), each with the
    command that starts or installs it; empty when everything is in place."""
    problems = [p for p in (postgres_problem(), redis_problem()) if p]
    if not shutil.which("nginx"):
        problems.append(INSTALL_NGINX)
    return problems


@dataclass
class ScaledStack:
    """Two Rasa servers and two web processes, as make run-scaled runs them."""

    rasa_urls: list[str]
    web_urls: list[str]
    web_env: dict[str, str]  # what the web processes run with (for `flask` commands too)
    rasa: list[Process] = field(default_factory=list)
    web: list[Process] = field(default_factory=list)

    def stop(self) -> None:
        for process in reversed([*self.rasa, *self.web]):
            process.stop()


def start_scaled(
    database_url: str,
    rasa_database_url: str,
    log_dir: Path,
    name: str,
    extra_web_env: Mapping[str, str] | None = None,
) -> ScaledStack:
    """Start two Rasa servers sharing their tracker store (`rasa_database_url`) and Redis lock
    store, and two web processes sharing `database_url` and the Redis message queue, and wait
    until every one is ready. `name` (letters and digits) keeps this run's Redis locks and
    channel apart from any other's. nginx in front is the caller's: start_nginx."""
    rasa_ports, web_ports = [free_port(), free_port()], [free_port(), free_port()]
    rasa_urls = [f"http://127.0.0.1:{port}" for port in rasa_ports]
    web_env = scaled_web_env(database_url, rasa_urls, rasa_database_url, REDIS_URL, name)
    web_env |= {"INSTANCE_PATH": str(log_dir / "instance"), **(extra_web_env or {})}
    started = ScaledStack(rasa_urls, [f"http://127.0.0.1:{port}" for port in web_ports], web_env)
    rasa_env = scaled_rasa_env(rasa_database_url, REDIS_URL, name)
    try:
        started.rasa += [start_rasa(port, log_dir, rasa_env) for port in rasa_ports]
        prepare_database(web_env)  # once, as make run-scaled does, while Rasa loads
        started.web += [
            start_web(port, started.rasa_urls[0], database_url, log_dir, web_env)
            for port in web_ports
        ]
        token = rasa_token(log_dir)
        for process, url in zip(started.rasa, started.rasa_urls, strict=True):  # both loaded
            wait_until(lambda u=url: rasa_ready(u, token), process, 300, "ready")
        for process, url in zip(started.web, started.web_urls, strict=True):
            wait_until(lambda u=url: web_ready(u), process, WEB_START_TIMEOUT, "ready")
    except BaseException:
        started.stop()
        raise
    return started


def prepare_scaled(database_url: str, rasa_database_url: str, redis_urls: list[str]) -> list[str]:
    """What `make run-scaled` needs before it starts anything: PostgreSQL and Redis
    answering, and the web app's and Rasa's databases (created if missing). The problems
    found, each with the command that fixes it."""
    problems = [p for url in dict.fromkeys(redis_urls) if (p := redis_problem(url))]
    if problem := postgres_problem(_admin_url(database_url)):
        return [*problems, problem]
    for url in (database_url, rasa_database_url):
        if ensure_postgres_database(url):
            print(f"Created the database {url.rsplit('/', 1)[-1].split('?')[0]}", flush=True)
    return problems


def main(argv: list[str]) -> int:
    """python -m scripts.stack prepare-scaled DATABASE_URL RASA_DATABASE_URL REDIS_URL…"""
    if len(argv) < 4 or argv[0] != "prepare-scaled":
        print(main.__doc__, file=sys.stderr)
        return 2
    problems = prepare_scaled(argv[1], argv[2], argv[3:])
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
