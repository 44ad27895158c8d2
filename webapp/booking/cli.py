"""`flask bookings ...`: seed appointment services, set a team's hours, generate slots."""

from __future__ import annotations

from datetime import date, time

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup

from webapp.booking.availability import generate_slots, set_weekly_hours
from webapp.booking.seed import seed
from webapp.config import ROOT
from webapp.extensions import db
from webapp.models import AppointmentService

SEED_FILE = ROOT / "content" / "booking" / "appointment_services.yml"
bookings = AppGroup("bookings", help="Appointment services, availability and slots.")


@bookings.command("seed")
@click.option("--if-empty", is_flag=True, help="Only when no appointment services exist.")
def seed_command(if_empty: bool) -> None:
    """Add the appointment services in content/booking/, with example hours (never offered)."""
    if if_empty and db.session.scalar(sa.select(sa.func.count(AppointmentService.id))):
        click.echo("Appointment services already exist; nothing seeded.")
        return
    added = seed(SEED_FILE, date.today())
    click.echo(f"{added} services added")


@bookings.command("set-hours")
@click.argument("service_id")
@click.option("--weekdays", required=True, help="Days as numbers, 0 Monday to 6 Sunday: 0,2,4.")
@click.option("--start", required=True, help="Such as 09:30 (UK time).")
@click.option("--end", required=True, help="Such as 12:00 (UK time).")
def set_hours_command(service_id: str, weekdays: str, start: str, end: str) -> None:
    """Set a team's own weekly hours for a service, replacing its example hours."""
    service = db.session.get(AppointmentService, service_id)
    if service is None:
        raise click.ClickException(f"no appointment service {service_id!r}")
    try:
        days = sorted({int(day) for day in weekdays.split(",")})
        opens, closes = time.fromisoformat(start), time.fromisoformat(end)
    except ValueError as err:
        raise click.ClickException(f"weekdays, start or end not understood: {err}") from err
    if not all(0 <= day <= 6 for day in days) or closes <= opens:
        raise click.ClickException("weekdays go from 0 to 6, and the end must be after the start")
    set_weekly_hours(service, days, opens, closes, date.today())
    db.session.commit()
    click.echo(f"{service.name}: weekly hours set, example hours removed")


@bookings.command("generate-slots")
@click.option("--days", default=28, show_default=True)
def generate_command(days: int) -> None:
    """Create the slots the availability gives for the coming days."""
    total = sum(
        generate_slots(service, date.today(), days)
        for service in db.session.scalars(sa.select(AppointmentService))
    )
    db.session.commit()
    click.echo(f"{total} slots created")


def init_app(app: Flask) -> None:
    app.cli.add_command(bookings)
