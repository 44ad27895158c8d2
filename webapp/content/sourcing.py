"""Whether an entry is sourced and reviewed well enough to be marked complete, and whether
its website is the page about the service."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

from webapp.content.entries import Entry
from webapp.content.yaml_io import Problem

# Used when an entry has no review_due of its own.
DEFAULT_REVIEW_PERIOD = timedelta(days=183)
NHS_DOMAINS = ("nhs.uk",)  # www.nhs.uk, 111.nhs.uk, leicspart.nhs.uk, the LLR ICB, ...
# The Trust's own websites besides leicspart.nhs.uk: its Healthy Together sites.
TRUST_DOMAINS = ("healthforteens.co.uk", "healthforkids.co.uk", "healthforunder5s.co.uk")
COUNCIL_DOMAINS = ("leicester.gov.uk", "leicestershire.gov.uk", "rutland.gov.uk")
# Copies of a site before it goes live are not where the public reads it.
PRE_RELEASE = ("alpha.", "beta.", "dev.", "test.", "staging.", "preview.")
_URL = re.compile(r"\bhttps?://[^\s;,()\"'<>]+")

NO_REASON = "needs review but does not say why: give the reason in review_reason"
HOME_PAGE = (
    "links to a site's home page: link to the page about this service, or say why not in "
    "contacts.home_page_reason"
)
UNOFFICIAL = (
    "is marked complete but cites no official https page (the NHS, the Trust, Leicester City, "
    "Leicestershire or Rutland County Council, or the organisation that runs it): cite one, "
    "or set needs_review with the reason"
)


def entry_problems(entry: Entry, organisation_host: str | None, today: date) -> list[Problem]:
    """An entry's sourcing, review and home page problems (none for a retired entry)."""
    service = entry.service
    if service.retired:
        return []
    found = []
    if service.needs_review and not service.review_reason:
        found.append(entry.problem(entry.line("needs_review"), "review_reason", NO_REASON))
    if not service.needs_review:
        found += _source(entry, organisation_host) + _review(entry, today)
    website = service.contacts.website
    if website and is_home_page(website) and not service.contacts.home_page_reason:
        line = entry.line("contacts", "website")
        found.append(entry.problem(line, "contacts.website", HOME_PAGE))
    return found


def is_official(url: str, organisation_host: str | None = None) -> bool:
    """An https page of the NHS, the Trust, the LLR councils or the service's organisation."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    if parts.scheme != "https" or host.startswith(PRE_RELEASE):
        return False
    domains: tuple[str, ...] = NHS_DOMAINS + TRUST_DOMAINS + COUNCIL_DOMAINS
    if organisation_host:
        domains += (organisation_host,)
    return any(host == d or host.endswith("." + d) for d in domains)


def is_home_page(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def _source(entry: Entry, organisation_host: str | None) -> list[Problem]:
    """A complete entry cites an official https page, and no http:// one."""
    urls = _URL.findall(entry.service.source)
    line = entry.line("source")
    found = []
    if not any(is_official(url, organisation_host) for url in urls):
        found.append(entry.problem(line, "source", UNOFFICIAL))
    for url in (u for u in urls if u.startswith("http://")):
        found.append(entry.problem(line, "source", f"cites {url}: cite its https page"))
    return found


def _review(entry: Entry, today: date) -> list[Problem]:
    """A complete entry has been checked, and is not past its review date."""
    service = entry.service
    if service.last_reviewed is None:
        message = "is marked complete but was never checked"
        return [entry.problem(entry.line("id"), "last_reviewed", message)]
    due = service.review_due or service.last_reviewed + DEFAULT_REVIEW_PERIOD
    if due >= today:
        return []
    message = (
        f"was due for review on {due}: check it against its source, then update "
        "last_reviewed and review_due (or set needs_review with the reason)"
    )
    line = entry.line("review_due" if service.review_due else "last_reviewed")
    return [entry.problem(line, "review_due", message)]
