"""Admins set up the duty teams who answer chats handed to a person: the team, its weekly
hours (Leicester time) and its closures. Other roles cannot."""

from __future__ import annotations

from datetime import time

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from tests.support.staff import BOOKER, make_user, sign_in
from webapp.extensions import db
from webapp.models import DutyClosure, DutyHours, DutyTeam, StaffUser


def _add_team(admin: FlaskClient) -> None:
    answer = admin.post(
        "/staff/duty-teams",
        data={"id": "camhs-duty", "name": "CAMHS duty team", "typical_wait_minutes": "20",
              "topics": ["camhs"]},
    )  # fmt: skip
    assert answer.status_code == 302


def test_an_admin_adds_a_team_with_its_topics_and_usual_wait(
    app: Flask, admin: FlaskClient
) -> None:
    _add_team(admin)
    with app.app_context():
        team = db.session.get(DutyTeam, "camhs-duty")
        assert team is not None
        assert (team.name, team.topics, team.typical_wait_minutes) == (
            "CAMHS duty team", ["camhs"], 20,
        )  # fmt: skip
    assert "CAMHS duty team" in admin.get("/staff/duty-teams").get_data(as_text=True)


def test_a_team_id_must_be_plain_and_new(admin: FlaskClient) -> None:
    _add_team(admin)
    again = admin.post(
        "/staff/duty-teams", data={"id": "camhs-duty", "name": "x", "typical_wait_minutes": "5"}
    )
    assert again.status_code == 400
    assert "exists already" in again.get_data(as_text=True)
    bad = admin.post(
        "/staff/duty-teams", data={"id": "Not OK!", "name": "x", "typical_wait_minutes": "5"}
    )
    assert bad.status_code == 400


def test_an_admin_sets_weekly_hours_and_a_closure(app: Flask, admin: FlaskClient) -> None:
    _add_team(admin)
    hours = admin.post(
        "/staff/duty-teams/camhs-duty/hours",
        data={"weekday": "0", "start": "09:00", "end": "17:00"},
    )
    assert hours.status_code == 302
    closure = admin.post(
        "/staff/duty-teams/camhs-duty/closures",
        data={"starts_on": "2099-12-25", "ends_on": "2099-12-26", "reason": "Christmas"},
    )
    assert closure.status_code == 302
    page = admin.get("/staff/duty-teams/camhs-duty").get_data(as_text=True)
    assert "09:00–17:00" in page and "Christmas" in page
    with app.app_context():
        rule = db.session.scalar(sa.select(DutyHours))
        assert rule is not None
        assert (rule.weekday, rule.start_time, rule.end_time) == (0, time(9), time(17))
        assert db.session.scalar(sa.select(sa.func.count(DutyClosure.id))) == 1


def test_hours_that_end_before_they_start_are_refused_next_to_the_field(admin: FlaskClient) -> None:
    _add_team(admin)
    answer = admin.post(
        "/staff/duty-teams/camhs-duty/hours",
        data={"weekday": "0", "start": "17:00", "end": "09:00"},
    )
    assert answer.status_code == 400
    assert "must be after the start time" in answer.get_data(as_text=True)


def test_hours_are_removed_from_their_own_team_only(app: Flask, admin: FlaskClient) -> None:
    _add_team(admin)
    admin.post(
        "/staff/duty-teams/camhs-duty/hours", data={"weekday": "1", "start": "9:00", "end": "12:00"}
    )
    with app.app_context():
        db.session.add(DutyTeam(id="nursing", name="0-19 nursing"))
        db.session.commit()
        hours_id = db.session.scalar(sa.select(DutyHours.id))
    assert admin.post(f"/staff/duty-teams/nursing/hours/{hours_id}/remove").status_code == 404
    assert admin.post(f"/staff/duty-teams/camhs-duty/hours/{hours_id}/remove").status_code == 302


def test_only_admins_set_duty_teams(app: Flask, client: FlaskClient) -> None:
    make_user(app, BOOKER, "bookings")
    sign_in(client, BOOKER)
    assert client.get("/staff/duty-teams").status_code == 403


def test_set_team_puts_a_duty_worker_in_a_team_with_the_job_title_people_see(
    app: Flask, client: FlaskClient
) -> None:
    make_user(app, "sam.nurse@nhs.net", "duty")
    with app.app_context():
        db.session.add(DutyTeam(id="camhs-duty", name="CAMHS duty"))
        db.session.commit()
    runner = app.test_cli_runner()
    args = ["staff", "set-team", "--email", "sam.nurse@nhs.net", "--team", "camhs-duty"]
    result = runner.invoke(args=[*args, "--job-title", "School nurse"])
    assert result.exit_code == 0 and "camhs-duty" in result.output
    with app.app_context():
        sam = db.session.scalar(sa.select(StaffUser).where(StaffUser.email == "sam.nurse@nhs.net"))
        assert sam is not None and (sam.team_id, sam.job_title) == ("camhs-duty", "School nurse")
    unknown = runner.invoke(
        args=["staff", "set-team", "--email", "sam.nurse@nhs.net", "--team", "x"]
    )
    assert unknown.exit_code != 0 and "no duty team x" in unknown.output
    sign_in(client, "sam.nurse@nhs.net")
    assert client.get("/staff/inbox").status_code == 200
