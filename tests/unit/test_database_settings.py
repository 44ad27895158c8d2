"""The app's database connections: sized for many chats, checked where a server can restart."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from webapp import create_app
from webapp.extensions import db, engine_options

SIZES = {"DB_POOL_SIZE": 12, "DB_MAX_OVERFLOW": 7}


def test_a_postgresql_pool_takes_its_size_from_settings_and_checks_each_connection() -> None:
    options = engine_options({"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://db/x", **SIZES})
    assert options == {"pool_size": 12, "max_overflow": 7, "pool_pre_ping": True}


def test_a_sqlite_file_is_pooled_the_same_way_without_a_round_trip_check() -> None:
    options = engine_options({"SQLALCHEMY_DATABASE_URI": "sqlite:////tmp/chat.db", **SIZES})
    assert options == {"pool_size": 12, "max_overflow": 7}


def test_an_in_memory_sqlite_database_keeps_its_single_shared_connection() -> None:
    for uri in ("sqlite://", "sqlite:///:memory:"):
        assert engine_options({"SQLALCHEMY_DATABASE_URI": uri, **SIZES}) == {}


def test_the_app_builds_its_engine_with_these_options(app: Flask) -> None:
    with app.app_context():
        assert db.engine.pool.size() == app.config["DB_POOL_SIZE"]


def test_a_deployment_may_set_its_own_engine_options_instead(tmp_path: Path) -> None:
    own = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'own.sqlite3'}",
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 3},
        }
    )
    with own.app_context():
        assert db.engine.pool.size() == 3
        db.engine.dispose()
