"""Conversations and messages: anonymous ids, cascade on delete, migrations match the models."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import upgrade

from webapp import create_app
from webapp.extensions import db
from webapp.models import Base, Conversation, Message


def test_conversation_ids_are_unguessable_and_distinct(app: Flask) -> None:
    with app.app_context():
        conversations = [Conversation() for _ in range(200)]
        db.session.add_all(conversations)
        db.session.commit()
        ids = {c.id for c in conversations}
    assert len(ids) == 200
    assert all(len(i) >= 22 for i in ids)  # 16 random bytes, URL-safe base64


def test_deleting_a_conversation_deletes_its_messages(app: Flask) -> None:
    with app.app_context():
        conversation = Conversation()
        db.session.add(conversation)
        db.session.add(Message(conversation=conversation, sender="user", text="hi", locale="en"))
        db.session.commit()
        db.session.delete(conversation)
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Message)) == 0


def test_a_message_must_come_from_the_user_or_the_bot(app: Flask) -> None:
    with app.app_context():
        conversation = Conversation()
        db.session.add(Message(conversation=conversation, sender="admin", text="x", locale="en"))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.commit()


def test_migrations_build_an_empty_database_that_matches_the_models(tmp_path: Path) -> None:
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'migrated.sqlite3'}"})
    with app.app_context():
        upgrade(directory=str(Path(app.root_path) / "migrations"))
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
