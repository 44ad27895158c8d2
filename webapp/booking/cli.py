"""`flask bookings ...`: seed appointment services, generate slots."""

from __future__ import annotations

from datetime import date

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup

from webapp.booking.availability import generate_slots
from webapp.booking.seed import seed
from webapp.config import ROOT
from webapp.extensions import db
from webapp.models import AppointmentService

SEED_FILE = ROOT / "content" / "booking" / "appointment_services.yml"
bookings = AppGroup("bookings", help="Appointment services, availability and slots.")


@bookings.command("seed")
@click.option("--if-empty", is_flag=True, help="Only when no appointment services exist.")
def seed_command(if_empty: bool) -> None:
    """Add the appointment services in content/booking/ (with example availability)."""
    if if_empty and db.session.scalar(sa.select(sa.func.count(AppointmentService.id))):
        click.echo("Appointment services already exist; nothing seeded.")
        return
    added = seed(SEED_FILE, date.today())
    click.echo(f"{added} services added")


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
