"""Staff pages for the duty teams who answer chats handed to a person: each team's weekly
hours and closures, which the chat tells people (admins only)."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from webapp import clock
from webapp.duty import handoffs
from webapp.extensions import db
from webapp.models import DutyClosure, DutyHours, DutyTeam
from webapp.staff.auth import form_expired, require_admin
from webapp.staff.availability import WEEKDAYS
from webapp.staff.availability_form import Posted
from webapp.staff.page_helpers import item_or_404, owned_or_404, render

bp = Blueprint("staff_duty", __name__, url_prefix="/staff/duty-teams")
bp.before_request(require_admin)
bp.register_error_handler(CSRFError, form_expired)

_TEAM_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}$")
TOPICS = ("camhs", "play_and_stay", "memory_cafe", "nhs_111")


def _teams_page(posted: Posted | None = None) -> str:
    teams = db.session.scalars(sa.select(DutyTeam).order_by(DutyTeam.position, DutyTeam.name))
    return render(
        "staff/duty_teams.html",
        teams=[(team, handoffs.duty_of(team)) for team in teams],
        topics=TOPICS,
        values=posted.values if posted else {"team-typical_wait_minutes": "15"},
        errors=posted.errors if posted else {},
    )


def _team_page(team: DutyTeam, posted: Posted | None = None) -> str:
    return render(
        "staff/duty_team.html",
        team=team,
        duty=handoffs.duty_of(team),
        closures=[c for c in team.closures if c.ends_on >= clock.local_today()],
        weekdays=[str(name) for name in WEEKDAYS],
        values=posted.values if posted else {},
        errors=posted.errors if posted else {},
    )


def _saved(team: DutyTeam, message: str) -> ResponseReturnValue:
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("staff_duty.team", team_id=team.id))


@bp.get("")
def index() -> ResponseReturnValue:
    """Every duty team, whether someone is on duty now, and a form for a new team."""
    return _teams_page()


@bp.post("")
def add_team() -> ResponseReturnValue:
    """A new duty team, answering chats about the topics ticked."""
    form = Posted(request.form, "team-")
    team_id = form.raw("id").lower()
    if not _TEAM_ID.match(team_id):
        form.fail(
            "id", _("Enter an id of lower-case letters, digits and hyphens, such as camhs-duty.")
        )
    elif db.session.get(DutyTeam, team_id) is not None:
        form.fail("id", _("A team with this id exists already."))
    name = form.text("name", _("Enter the team's name."), limit=120)
    wait = form.whole("typical_wait_minutes", 1, 240, _("Enter a wait from 1 to 240 minutes."))
    topics = [t for t in request.form.getlist("topics") if t in TOPICS]
    if form.errors or wait is None:
        return _teams_page(form), 400
    position = db.session.scalar(sa.select(sa.func.count(DutyTeam.id))) or 0
    team = DutyTeam(
        id=team_id, name=name, topics=topics, typical_wait_minutes=wait, position=position
    )
    db.session.add(team)
    return _saved(team, _("The team %(name)s was added.", name=name))


@bp.get("/<team_id>")
def team(team_id: str) -> ResponseReturnValue:
    """A team's weekly hours and closures."""
    return _team_page(item_or_404(DutyTeam, team_id))


@bp.post("/<team_id>/hours")
def add_hours(team_id: str) -> ResponseReturnValue:
    """Add weekly hours, such as Mondays 09:00 to 17:00 (Leicester time)."""
    team = item_or_404(DutyTeam, team_id)
    form = Posted(request.form, "hours-")
    weekday = form.whole("weekday", 0, 6, _("Choose a day of the week."))
    start = form.time_of_day("start", _("Enter a start time, such as 09:00."))
    end = form.time_of_day("end", _("Enter an end time, such as 17:00."))
    if start and end and end <= start:
        form.fail("end", _("The end time must be after the start time."))
    if form.errors or weekday is None or start is None or end is None:
        return _team_page(team, form), 400
    db.session.add(DutyHours(team_id=team.id, weekday=weekday, start_time=start, end_time=end))
    return _saved(team, _("Weekly hours on %(day)s were added.", day=WEEKDAYS[weekday]))


@bp.post("/<team_id>/hours/<int:hours_id>/remove")
def remove_hours(team_id: str, hours_id: int) -> ResponseReturnValue:
    """Stop some weekly hours."""
    team = item_or_404(DutyTeam, team_id)
    db.session.delete(owned_or_404(DutyHours, hours_id, team_id=team.id))
    return _saved(team, _("Those weekly hours were removed."))


@bp.post("/<team_id>/closures")
def add_closure(team_id: str) -> ResponseReturnValue:
    """Close the team on whole days, such as bank holidays."""
    team = item_or_404(DutyTeam, team_id)
    form = Posted(request.form, "closure-")
    first = form.day("starts_on", _("Enter the first date, such as 2026-12-25."))
    last = form.day("ends_on", _("Enter a real date, or leave it empty."), required=False)
    reason = form.text("reason", limit=200)
    form.in_order(first, last, "ends_on", _("The last date must not be before the first date."))
    if form.errors or first is None:
        return _team_page(team, form), 400
    db.session.add(
        DutyClosure(team_id=team.id, starts_on=first, ends_on=last or first, reason=reason)
    )
    return _saved(team, _("The closure was added."))


@bp.post("/<team_id>/closures/<int:closure_id>/remove")
def remove_closure(team_id: str, closure_id: int) -> ResponseReturnValue:
    """Open again on days that were closed."""
    team = item_or_404(DutyTeam, team_id)
    db.session.delete(owned_or_404(DutyClosure, closure_id, team_id=team.id))
    return _saved(team, _("The closure was removed."))
