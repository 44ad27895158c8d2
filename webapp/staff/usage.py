"""The usage dashboard: how the chat and bookings are used, week by week, as charts drawn on
the server (staff/charts.py) with the numbers in a table beside each, and as a CSV file.
Counts only (staff/usage_queries.py), so every member of staff may see it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, current_app, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from webapp import clock
from webapp.models.staff import ROLES
from webapp.staff import labels
from webapp.staff.auth import require_role
from webapp.staff.charts import bar_chart
from webapp.staff.page_helpers import render
from webapp.staff.usage_queries import MEASURES, OTHER, Usage, usage

bp = Blueprint("staff_usage", __name__, url_prefix="/staff/usage")
bp.before_request(require_role(*ROLES))

RANGES = (4, 12, 26, 52)  # weeks a dashboard can show
DEFAULT_WEEKS = 12
MOST = 6  # topics and languages charted by name; the rest together as "Other"
# The topics the assistant names that are not content topics (labels.py has those).
TOPIC_WORDS = {
    "greeting": _l("Hello"),
    "goodbye": _l("Goodbye"),
    "thanks": _l("Thanks"),
    "language": _l("Language"),
    "booking": _l("Booking"),
    "human_handoff": _l("Asking for a person"),
    "fallback": _l("Not understood"),
    "out_of_scope": _l("Not something it helps with"),
    OTHER: _l("Other"),
}


@dataclass(frozen=True)
class Chart:
    """One chart and its table: `columns` (heading, a number per week), `percent` columns
    are shown with a decimal."""

    id: str
    title: str
    svg: Markup
    columns: list[tuple[str, list[Any]]]


def _weeks() -> int:
    asked = request.args.get("weeks", "")
    return int(asked) if asked.isdigit() and int(asked) in RANGES else DEFAULT_WEEKS


def _topic_name(code: str) -> str:
    return str(TOPIC_WORDS[code]) if code in TOPIC_WORDS else labels.label("topics", code)


def _language_name(code: str) -> str:
    name = current_app.config["LANGUAGES"].get(code, (code, "ltr"))[0]
    return f"{name} ({code})" if code != OTHER else str(TOPIC_WORDS[OTHER])


def _most(counts: dict[str, list[int]], weeks: int) -> dict[str, list[int]]:
    """The MOST commonest, then the rest added together as OTHER."""
    ranked = sorted(counts, key=lambda code: (-sum(counts[code]), code))
    kept = {code: counts[code] for code in ranked[:MOST] if code != OTHER}
    rest = [code for code in ranked if code not in kept]
    if rest:
        kept[OTHER] = [sum(counts[code][i] for code in rest) for i in range(weeks)]
    return kept


def _chart(
    chart_id: str, title: str, figures: Usage, columns: list[tuple[str, list[Any]]], **kw: Any
) -> Chart:
    svg = bar_chart(chart_id, title, figures.weeks, kw.pop("series", columns), **kw)
    return Chart(chart_id, title, svg, columns)


def charts(figures: Usage) -> list[Chart]:
    """Every chart of the dashboard, in the order shown."""
    n, c = len(figures.weeks), figures.counts
    topics = [(_topic_name(k), v) for k, v in _most(figures.topics, n).items()]
    languages = [(_language_name(k), v) for k, v in _most(figures.languages, n).items()]
    rate = figures.missed_rate()
    return [
        _chart(
            "conversations", _("Conversations"), figures, [(_("Conversations"), c["conversations"])]
        ),
        _chart("messages", _("Messages people sent"), figures, [(_("Messages"), c["messages"])]),
        _chart("topics", _("Topics of people's messages"), figures, topics),
        _chart("languages", _("Languages of conversations"), figures, languages),
        _chart("crisis", _("Crisis turns"), figures, [(_("Crisis turns"), c["crisis"])]),
        _chart(
            "missed",
            _("Missed questions, as a percentage of the messages the assistant answered"),
            figures,
            [
                (_("Missed rate (%)"), rate),
                (_("Missed questions"), c["missed"]),
                (_("Messages the assistant answered"), c["answered"]),
            ],
            series=[(_("Missed rate (%)"), rate)],
        ),
        _chart(
            "bookings",
            _("Bookings made, and appointments cancelled or not attended"),
            figures,
            [
                (_("Bookings made"), c["bookings"]),
                (_("Cancelled"), c["cancelled"]),
                (_("Did not attend"), c["did_not_attend"]),
            ],
            side_by_side=True,
        ),
    ]


@bp.get("/")
def index() -> ResponseReturnValue:
    """The dashboard for the last 12 weeks (or 4, 26, 52)."""
    weeks = _weeks()
    figures = usage(clock.local_today(), weeks)
    return render(
        "staff/usage.html",
        charts=charts(figures),
        week_labels=[f"{week.day} {week:%b %Y}" for week in figures.weeks],
        weeks=weeks,
        ranges=RANGES,
        chat_days=current_app.config["RETENTION_CHAT_DAYS"],
    )


def csv_text(figures: Usage) -> str:
    """One row a week: every count, the missed rate, each topic's and language's count."""
    topics, languages = sorted(figures.topics), sorted(figures.languages)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["week_start", *MEASURES, "missed_rate_percent"]
        + [f"topic:{code}" for code in topics]
        + [f"language:{code}" for code in languages]
    )
    rate = figures.missed_rate()
    for i, week in enumerate(figures.weeks):
        writer.writerow(
            [week.isoformat(), *(figures.counts[m][i] for m in MEASURES)]
            + ["" if rate[i] is None else rate[i]]
            + [figures.topics[code][i] for code in topics]
            + [figures.languages[code][i] for code in languages]
        )
    return out.getvalue()


@bp.get("/usage.csv")
def download() -> ResponseReturnValue:
    """The same figures as a CSV file, a row a week."""
    weeks, today = _weeks(), clock.local_today()
    return Response(
        csv_text(usage(today, weeks)),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="chat-usage-{today}-{weeks}-weeks.csv"'
        },
    )
