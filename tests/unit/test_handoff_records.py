"""The records of talking to a person: of two workers taking one chat at the same moment
exactly one gets it; the retention rule deletes a chat's handoffs, their events and the
workers' messages with the chat."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import Flask

from tests.support.duty import add_team
from tests.support.staff import make_user
from webapp.duty import handoffs
from webapp.extensions import db
from webapp.models import Conversation, DutyTeam, Handoff, HandoffEvent, Message, StaffUser
from webapp.retention import purge

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def _waiting_chat(app: Flask, when: datetime = NOW) -> tuple[str, int]:
    with app.app_context():
        team = db.session.get(DutyTeam, "camhs-duty")
        assert team is not None
        conversation = Conversation(created_at=when, updated_at=when)
        db.session.add(conversation)
        db.session.flush()
        handoff = handoffs.ask(conversation, team, "en", "waiting")
        db.session.commit()
        return conversation.id, handoff.id


def test_two_workers_taking_one_chat_at_once_exactly_one_gets_it(app: Flask) -> None:
    add_team(app)
    _, handoff_id = _waiting_chat(app)
    ids = [make_user(app, f"worker{n}@nhs.net", "duty") for n in range(2)]
    start, results = threading.Barrier(2), {}

    def take(worker_id: int) -> None:
        with app.app_context():
            worker = db.session.get(StaffUser, worker_id)
            assert worker is not None
            start.wait()
            results[worker_id] = handoffs.take(handoff_id, worker)
            db.session.remove()

    threads = [threading.Thread(target=take, args=(worker_id,)) for worker_id in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(r.ok for r in results.values()) == [False, True]
    winner = next(i for i, r in results.items() if r.ok)
    loser = next(r for r in results.values() if not r.ok)
    with app.app_context():
        handoff = db.session.get(Handoff, handoff_id)
        assert handoff is not None and handoff.taken_by_id == winner
        assert loser.by == db.session.get(StaffUser, winner).name  # type: ignore[union-attr]
        kinds = db.session.scalars(sa.select(HandoffEvent.kind).order_by(HandoffEvent.id))
        assert list(kinds) == ["asked", "taken"]


def test_the_retention_rule_deletes_a_chats_handoff_events_and_staff_messages(
    app: Flask,
) -> None:
    add_team(app)
    make_user(app, "sam@nhs.net", "duty")
    old_id, old_handoff = _waiting_chat(app, NOW - timedelta(days=31))
    recent_id, _ = _waiting_chat(app, NOW - timedelta(days=29))
    with app.app_context():
        sam = db.session.scalar(sa.select(StaffUser))
        assert sam is not None
        handoffs.take(old_handoff, sam)
        handoff = db.session.get(Handoff, old_handoff)
        assert handoff is not None
        message = handoffs.reply(handoff, sam, "Hello, I'm Sam.")
        message.created_at = NOW - timedelta(days=31)
        handoff.conversation.updated_at = NOW - timedelta(days=31)
        db.session.commit()
        db.session.get(Conversation, old_id).updated_at = NOW - timedelta(days=31)  # type: ignore[union-attr]
        db.session.commit()

        assert purge(NOW, chat_days=30, booking_days=90).conversations == 1
        db.session.expire_all()
        assert db.session.scalars(sa.select(Handoff.conversation_id)).all() == [recent_id]
        assert db.session.scalars(sa.select(Message.id)).all() == []
        events = db.session.scalars(sa.select(HandoffEvent.handoff_id)).all()
        assert old_handoff not in events
