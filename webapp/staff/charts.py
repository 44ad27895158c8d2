"""Bar charts drawn on the server as SVG: readable without JavaScript, in NHS.UK colours, and
each a picture of a table the page shows beside it (the table is what screen readers read)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from markupsafe import Markup, escape

# NHS.UK colours, each far enough from its neighbours to tell apart.
COLOURS = (
    "#005eb8",
    "#007f3b",
    "#ffb81c",
    "#d5281b",
    "#330072",
    "#00a499",
    "#ae2573",
    "#425563",
    "#41b6e6",
    "#ed8b00",
)
WIDTH, HEIGHT = 480, 240
LEFT, RIGHT, TOP, BOTTOM = 44, 8, 12, 30
LEGEND_ROW, LEGEND_GAP = 22, 16
TEXT = 'font-family="Arial, sans-serif" font-size="14" fill="#212b32"'


def nice_top(value: float) -> float:
    """A round number at or above `value` for the top of the scale (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _number(value: float) -> str:
    return f"{value:g}" if value < 10_000 else f"{value / 1000:g}k"


def bar_chart(
    chart_id: str,
    title: str,
    weeks: Sequence[date],
    series: Sequence[tuple[str, Sequence[float | None]]],
    side_by_side: bool = False,
) -> Markup:
    """Bars by week, one colour per series (a legend when more than one): stacked, as parts
    of a whole, or `side_by_side` for counts of different things."""
    longest = max((len(name) for name, _values in series), default=0)
    columns = 3 if longest <= 14 else 2 if longest <= 24 else 1  # legend keys a row
    legend_rows = math.ceil(len(series) / columns) if len(series) > 1 else 0
    height = HEIGHT + (legend_rows * LEGEND_ROW + LEGEND_GAP if legend_rows else 0)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    add = max if side_by_side else sum
    totals = [add(values[i] or 0 for _name, values in series) for i in range(len(weeks))]
    top = nice_top(max(totals, default=0))
    slot = plot_w / max(len(weeks), 1)
    bar = max(slot * 0.7 / (len(series) if side_by_side else 1), 1)
    parts = [
        f'<svg id="{chart_id}" class="staff-chart" viewBox="0 0 {WIDTH} {height}" role="img"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">Bar chart by week; the numbers are in the table.</desc>',
    ]
    for step in range(5):
        value = top * step / 4
        y = TOP + plot_h - plot_h * step / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"'
            f' stroke="{"#4c6272" if step == 0 else "#d8dde0"}" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" {TEXT}>{_number(value)}</text>'
        )
    every = max(1, math.ceil(len(weeks) / 6))
    for i, week in enumerate(weeks):
        group = bar * (len(series) if side_by_side else 1)
        x = LEFT + i * slot + (slot - group) / 2
        base: float = TOP + plot_h
        for s, (name, values) in enumerate(series):
            value = values[i] or 0
            if value <= 0:
                continue
            h = plot_h * value / top
            y = TOP + plot_h - h if side_by_side else base - h
            base = y
            left = x + s * bar if side_by_side else x
            parts.append(
                f'<rect x="{left:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}"'
                f' fill="{COLOURS[s % len(COLOURS)]}"><title>{escape(name)}, week of'
                f" {week:%d %b}: {value:g}</title></rect>"
            )
        if i % every == 0:
            parts.append(
                f'<text x="{x + group / 2:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle"'
                f" {TEXT}>{week.day} {week:%b}</text>"
            )
    for s, (name, _values) in enumerate(series if len(series) > 1 else ()):
        x = LEFT + (s % columns) * (plot_w / columns)
        y = HEIGHT + LEGEND_GAP + (s // columns) * LEGEND_ROW
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 10}" width="12" height="12"'
            f' fill="{COLOURS[s % len(COLOURS)]}"/>'
            f'<text x="{x + 18:.1f}" y="{y}" {TEXT}>{escape(name)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
