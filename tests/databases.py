"""Real servers for tests: a fresh SQLite file, or a fresh database on the local PostgreSQL
server (created for the test and dropped after); the local Redis server. A test that needs
PostgreSQL or Redis fails, naming the command that starts it, when it is not answering."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest

from scripts.stack import POSTGRES_ADMIN_URL as POSTGRES_ADMIN
from scripts.stack import REDIS_URL, START_POSTGRES, redis_problem

__all__ = ["START_POSTGRES", "database", "postgres_database", "require_redis"]


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database; yields its SQLAlchemy URL."""
    name = f"lpt_test_{secrets.token_hex(4)}"
    try:
        admin = psycopg.connect(POSTGRES_ADMIN, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as err:
        pytest.fail(f"{START_POSTGRES} ({err})")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def database(kind: str, tmp_path: Path) -> Iterator[str]:
    """A fresh database of the given kind ('sqlite' or 'postgresql'); yields its URL."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite3'}"
    else:
        with postgres_database() as url:
            yield url


def require_redis(url: str = REDIS_URL) -> str:
    """The URL of the local Redis server; the test fails, naming the command that starts
    Redis, when it is not answering."""
    if problem := redis_problem(url):
        pytest.fail(problem)
    return url
