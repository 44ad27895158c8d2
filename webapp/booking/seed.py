"""Seed appointment services and example availability from content/booking/.

The seeded weekly hours are marked as examples: they show staff the shape of a week and are
never offered to the public, so no one is given a time that no team has set."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import yaml

from webapp.extensions import db
from webapp.models import AppointmentService, AvailabilityRule


def seed(path: Path, today: date) -> int:
    """Add the services in the file that are not in the database yet; returns how many."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    added = 0
    for item in data.get("services", []):
        if db.session.get(AppointmentService, item["id"]) is not None:
            continue
        service = AppointmentService(
            id=item["id"],
            name=item["name"],
            description=item.get("description", ""),
            how_it_works=item.get("how_it_works", ""),
            mode=item.get("mode", "video"),
            duration_minutes=int(item.get("duration_minutes", 30)),
            topic=item.get("topic"),
            min_age=item.get("min_age"),
            max_age=item.get("max_age"),
            parent_contact_under_16=bool(item.get("parent_contact_under_16", False)),
            needs_date_of_birth=bool(item.get("needs_date_of_birth", False)),
        )
        for window in item.get("example_availability", []):
            for weekday in window["weekdays"]:
                service.rules.append(
                    AvailabilityRule(
                        weekday=weekday,
                        start_time=time.fromisoformat(window["start"]),
                        end_time=time.fromisoformat(window["end"]),
                        valid_from=today,
                        example=True,
                    )
                )
        db.session.add(service)
        added += 1
    db.session.commit()
    return added
