"""Helpers for the staff area's tests: accounts, a sample service, a browser's view of a form
(what it would post back), the error messages a page shows, and a walk over every staff
page."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from werkzeug.routing import Rule
from werkzeug.test import TestResponse

from webapp.content import store
from webapp.content.schema import ServiceIn
from webapp.extensions import db
from webapp.models import Service, ServiceRevision, StaffUser
from webapp.staff.auth import hash_password

PASSWORD = "correct horse battery staple"
EDITOR, ADMIN = "ed.editor@nhs.net", "ada.admin@nhs.net"
BOOKER = "bea.bookings@nhs.net"  # booking staff: the bookings pages only

CAFE: dict[str, Any] = {
    "id": "test-memory-cafe",
    "name": "Test memory café",
    "description": "A friendly café for people living with dementia and their carers.",
    "topics": ["memory_cafe"],
    "audience": {"carers": True},
    "contacts": {"phone": "0116 225 2525"},
    "locations": [
        {
            "name": "Church hall",
            "postcode": "LE1 6TH",
            "area": "leicester",
            "schedules": [
                {"freq": "MONTHLY", "byday": "2TU", "opens_at": "14:00", "closes_at": "16:00"}
            ],
        }
    ],
    "source": "Leaflet from the café, checked by phone",
    "review_due": "2030-01-01",
}


class _CompiledTemplates(BytecodeCache):
    """Compiled templates kept across the tests' many apps (each would compile them again)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


COMPILED = _CompiledTemplates()


def make_user(app: Flask, email: str = EDITOR, role: str = "editor") -> int:
    """A staff account with PASSWORD, or the one this email already has; returns its id.
    (Also lets this app reuse templates compiled by earlier tests: the staff pages are large,
    and this keeps the tests quick.)"""
    app.jinja_env.bytecode_cache = COMPILED
    with app.app_context():
        existing = db.session.scalar(sa.select(StaffUser.id).where(StaffUser.email == email))
        if existing is not None:
            return existing
        name = email.split(".")[0].title()
        user = StaffUser(email=email, name=name, role=role, password_hash=_password_hash())
        db.session.add(user)
        db.session.commit()
        return user.id


@functools.cache
def _password_hash() -> str:
    """One real Argon2 hash of PASSWORD, made once: hashing takes a noticeable moment."""
    return hash_password(PASSWORD)


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD) -> TestResponse:
    return client.post("/staff/login", data={"email": email, "password": password})


def add_service(app: Flask, **changes: Any) -> str:
    """Save a service as an import would (one revision); returns its id."""
    with app.app_context():
        service, _ = store.save_service(
            ServiceIn.model_validate({**CAFE, **changes}), "import", "import"
        )
        db.session.commit()
        return service.id


def saved(app: Flask, service_id: str) -> dict[str, Any] | None:
    """The service as stored now, in the content-file shape (None when there is none)."""
    with app.app_context():
        service = db.session.get(Service, service_id)
        return store.service_dict(service) if service else None


def revisions(app: Flask, service_id: str | None = None) -> list[tuple[str, str]]:
    """(author, action) of every revision, oldest first."""
    with app.app_context():
        query = sa.select(ServiceRevision).order_by(ServiceRevision.id)
        if service_id:
            query = query.where(ServiceRevision.service_id == service_id)
        return [(r.author, r.action) for r in db.session.scalars(query)]


class _Forms(HTMLParser):
    """Every form on a page, with the values a browser would submit."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append({"attrs": a, "fields": []})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.forms[-1]["fields"].append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.forms[-1]["fields"].append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self.forms[-1]["fields"].append((self._textarea, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and self.forms:
            name, text = self.forms[-1]["fields"][-1]
            self.forms[-1]["fields"][-1] = (name, text + data)


def forms(html: str) -> list[dict[str, Any]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def form_data(html: str, action: str | None = None) -> dict[str, Any]:
    """What a browser posts from the page's form with this action (None: the form that posts
    back to the page itself). Repeated names (checkbox groups) become lists."""
    form = next(f for f in forms(html) if f["attrs"].get("action") == action)
    data: dict[str, Any] = {}
    for name, value in form["fields"]:
        if name in data:
            data[name] = (
                [*data[name], value] if isinstance(data[name], list) else [data[name], value]
            )
        else:
            data[name] = value
    if "topics" in data and not isinstance(data["topics"], list):
        data["topics"] = [data["topics"]]
    return data


def error_next_to(page: str, field: str) -> str:
    """The error message shown with a field (the NHS.UK `<field>-error` element)."""
    hidden = r'\s*<span class="nhsuk-u-visually-hidden">[^<]*</span>'
    match = re.search(rf'id="{re.escape(field)}-error"[^>]*>{hidden}(.*?)</span>', page, re.S)
    assert match, f"no error shown next to {field}"
    return re.sub(r"\s+", " ", match.group(1)).strip()


def summary_links(page: str) -> list[str]:
    summary = page.split('class="nhsuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="#([^"]+)"', summary)


def staff_rules(app: Flask) -> list[Rule]:
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/staff")]
    return [r for r in rules if r.endpoint != "staff_auth.login"]


def requests_to(app: Flask, rules: list[Rule]) -> Iterator[tuple[str, str]]:
    """(method, url) for each GET and POST each rule answers, with made-up arguments."""
    adapter = app.url_map.bind("localhost")
    for rule in rules:
        values = {arg: 1 if arg.endswith("_id") and arg != "service_id" else "x"
                  for arg in rule.arguments}  # fmt: skip
        url = adapter.build(rule.endpoint, values)
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            yield method, url
