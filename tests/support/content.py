"""Staff edits of the signposting content, made as the staff area makes them."""

from __future__ import annotations

from flask import Flask

from webapp.extensions import db


def change_samaritans_number(app: Flask, phone: str) -> None:
    """A staff edit of a crisis line's number, made up, to see it flow through."""
    from webapp.content import store
    from webapp.content.schema import ServiceIn

    line = {
        "id": "crisis-samaritans",
        "name": "Samaritans",
        "description": "Talk any time.",
        "topics": ["crisis"],
        "contacts": {"phone": phone},
        "source": "test",
    }
    with app.app_context():
        store.save_service(ServiceIn.model_validate(line), "editor@example.org", "edit")
        db.session.commit()
