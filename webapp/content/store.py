"""The live content store: services as plain dicts (the YAML shape), saved with a revision.

Every write goes through `save_service`, so the import, the staff editor and roll back all
keep the same history, and saving unchanged data changes nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from webapp import clock, snapshots
from webapp.content.schema import ContentFile, OrganisationIn, ServiceIn
from webapp.content.sourcing import DEFAULT_REVIEW_PERIOD
from webapp.content.yaml_io import Problem, check_file, dump
from webapp.extensions import db
from webapp.models import Location, Organisation, Schedule, Service, ServiceRevision

# Which export file a service goes in, by its first topic.
FILES = {
    "crisis": "crisis_lines.yml",
    "camhs": "camhs.yml",
    "neurodevelopmental": "camhs.yml",
    "memory_cafe": "memory_cafes.yml",
    "play_and_stay": "play_and_stay.yml",
    "nhs_111": "urgent_care.yml",
}


class StaleEdit(Exception):
    """Someone else saved the service after this edit was started."""


def service_dict(service: Service) -> dict[str, Any]:
    """A service in the YAML shape, checked and normalised by the schema."""
    raw = {
        "id": service.id,
        "organisation": service.organisation_id,
        "name": service.name,
        "status": service.status,
        "description": service.description,
        "topics": list(service.topics),
        "audience": {
            "min_age": service.min_age,
            "max_age": service.max_age,
            "carers": service.for_carers,
            "parents": service.for_parents,
        },
        "access": service.access,
        "cost": service.cost,
        "languages": list(service.languages),
        "contacts": {
            "phone": service.phone,
            "text": service.text_number,
            "text_body": service.text_body,
            "email": service.email,
            "website": service.website,
            "home_page_reason": service.home_page_reason,
        },
        "locations": [_location_dict(location) for location in service.locations],
        "translations": dict(service.translations),
        "source": service.source,
        "last_reviewed": service.last_reviewed,
        "review_due": service.review_due,
        "needs_review": service.needs_review,
        "review_reason": service.review_reason,
        "retired": service.retired_at is not None,
    }
    return _normal(ServiceIn.model_validate(raw))


def save_service(
    data: ServiceIn,
    author: str,
    action: str,
    expected_version: int | None = None,
) -> tuple[Service, bool]:
    """Create or update a service from checked data; returns (service, changed).

    `expected_version` guards staff edits: when it is not the current version, someone
    else saved first and StaleEdit is raised with nothing written."""
    service = db.session.get(Service, data.id)
    new = _normal(data)
    if service is not None:
        if expected_version is not None and expected_version != service.version:
            raise StaleEdit(data.id)
        if service_dict(service) == new:
            return service, False
    else:
        service = Service(id=data.id)
        db.session.add(service)
        action = "create" if action == "edit" else action
    _apply(service, data)
    db.session.flush()
    db.session.add(ServiceRevision(service=service, author=author, action=action, snapshot=new))
    snapshots.changed()  # the rest of this request must see the new content
    return service, True


def set_retired(service: Service, retired: bool, author: str) -> bool:
    """Retire (hide from the chat) or restore a service, keeping it and its history."""
    data = ServiceIn.model_validate({**service_dict(service), "retired": retired})
    _, changed = save_service(data, author, "retire" if retired else "restore")
    return changed


def mark_checked(service: Service, author: str, today: date) -> bool:
    """Checked against its source today and still right: the next check is due a review
    period on, and a flag (and its reason) is cleared, as one revision."""
    checked = {
        "last_reviewed": today,
        "review_due": today + DEFAULT_REVIEW_PERIOD,
        "needs_review": False,
        "review_reason": None,
    }
    data = ServiceIn.model_validate({**service_dict(service), **checked})
    _, changed = save_service(data, author, "checked")
    return changed


def roll_back(service: Service, revision: ServiceRevision, author: str) -> bool:
    """Make a past revision the current content again, as a new revision."""
    data = ServiceIn.model_validate(revision.snapshot)
    _, changed = save_service(data, author, "rollback")
    return changed


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    files_refused: list[str] = field(default_factory=list)


def import_files(paths: list[Path], author: str = "import") -> ImportReport:
    """Import content files. A file with any problem is refused whole; the rest import.
    Running the same import twice changes nothing."""
    report = ImportReport()
    for path in paths:
        checked = check_file(path)
        if checked.content is None:
            report.problems.extend(checked.problems)
            report.files_refused.append(str(path))
            continue
        _import_content(checked.content, author, report)
    db.session.commit()
    return report


def has_services() -> bool:
    # COUNT(*) always returns exactly one row, so scalar_one() (typed int, not int | None).
    count = db.session.execute(sa.select(sa.func.count()).select_from(Service)).scalar_one()
    return count > 0


def export_files(directory: Path) -> list[Path]:
    """Write every service to the YAML seed files, one per area, in a stable order."""
    services = db.session.scalars(sa.select(Service).order_by(Service.id)).all()
    grouped: dict[str, list[Service]] = {}
    for service in services:
        name = FILES.get(service.topics[0] if service.topics else "", "other.yml")
        grouped.setdefault(name, []).append(service)
    written = []
    directory.mkdir(parents=True, exist_ok=True)
    for name, members in grouped.items():
        organisation_ids = sorted({s.organisation_id for s in members if s.organisation_id})
        organisations = [db.session.get(Organisation, i) for i in organisation_ids]
        data = {
            "organisations": [
                _normal(OrganisationIn(id=o.id, name=o.name, url=o.url)) for o in organisations if o
            ],
            "services": [service_dict(s) for s in members],
        }
        path = directory / name
        path.write_text(dump(data), encoding="utf-8")
        written.append(path)
    return written


def _import_content(content: ContentFile, author: str, report: ImportReport) -> None:
    for organisation in content.organisations:
        row = db.session.get(Organisation, organisation.id) or Organisation(id=organisation.id)
        row.name, row.url = organisation.name, organisation.url
        db.session.add(row)
    for service in content.services:
        existed = db.session.get(Service, service.id) is not None
        _, changed = save_service(service, author, "import")
        if not changed:
            report.unchanged += 1
        elif existed:
            report.updated += 1
        else:
            report.created += 1


def _normal(model: Any) -> dict[str, Any]:
    """The canonical dict of a checked model: JSON types, no empty optional fields."""
    return model.model_dump(mode="json", exclude_none=True)


def _apply(service: Service, data: ServiceIn) -> None:
    service.organisation_id = data.organisation
    service.name, service.status, service.description = data.name, data.status, data.description
    service.topics = list(data.topics)
    service.min_age, service.max_age = data.audience.min_age, data.audience.max_age
    service.for_carers, service.for_parents = data.audience.carers, data.audience.parents
    service.access, service.cost, service.languages = data.access, data.cost, list(data.languages)
    service.phone, service.text_number = data.contacts.phone, data.contacts.text
    service.text_body, service.email = data.contacts.text_body, data.contacts.email
    service.website = data.contacts.website
    service.home_page_reason = data.contacts.home_page_reason
    service.translations = {k: _normal(v) for k, v in data.translations.items()}
    service.source, service.needs_review = data.source, data.needs_review
    service.review_reason = data.review_reason
    if not data.retired:
        service.retired_at = None
    elif service.retired_at is None:
        service.retired_at = clock.now()
    service.last_reviewed, service.review_due = data.last_reviewed, data.review_due
    service.locations = [
        Location(
            position=i,
            name=loc.name,
            address=loc.address,
            postcode=loc.postcode,
            area=loc.area,
            schedules=[
                Schedule(position=j, **sched.model_dump()) for j, sched in enumerate(loc.schedules)
            ],
        )
        for i, loc in enumerate(data.locations)
    ]


def _location_dict(location: Location) -> dict[str, Any]:
    return {
        "name": location.name,
        "address": location.address,
        "postcode": location.postcode,
        "area": location.area,
        "schedules": [
            {
                "freq": s.freq,
                "interval": s.interval,
                "byday": s.byday,
                "opens_at": s.opens_at,
                "closes_at": s.closes_at,
                "valid_from": s.valid_from,
                "valid_to": s.valid_to,
                "term_time_only": s.term_time_only,
                "note": s.note,
            }
            for s in location.schedules
        ],
    }
