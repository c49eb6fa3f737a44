"""Charts as SVG drawn on the server: no JavaScript, readable in print and without colour.

Each series has a pattern as well as a shade, every bar carries its number, and the page shows
the same numbers as a table beside the chart. Only presentation attributes are used (the
Content-Security-Policy forbids inline styles).
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from flask_babel import gettext, ngettext
from flask_babel import lazy_gettext as _l

from .statistics import Line

BAR = 18
GAP = 6
LABEL_WIDTH = 120
PLOT_WIDTH = 460
FONT = 'font-family="sans-serif" font-size="12"'


@dataclass(frozen=True)
class Series:
    key: str
    title: str
    fill: str  # a light enough shade for black text and black pattern lines
    pattern: str  # solid, hatch, dots, cross, lines, blank


# Decisions, in the order of the statistics tables.
DECISION_SERIES = (
    Series("accepted", _l("Accepted"), "#a6d8a8", "solid"),
    Series("accepted_with_modifications", _l("Accepted w/ mod."), "#b9dde6", "hatch"),
    Series("noted", _l("Noted"), "#d9d9d9", "dots"),
    Series("not_accepted", _l("Not accepted"), "#f2b8b5", "cross"),
    Series("open", _l("Open"), "#ffffff", "blank"),
    Series("withdrawn", _l("Withdrawn"), "#eeeeee", "lines"),
)
FEEDBACK_SERIES = (
    Series("satisfied", _l("Satisfied"), "#a6d8a8", "solid"),
    Series("not_satisfied", _l("Not satisfied"), "#f2b8b5", "cross"),
    Series("awaiting", _l("No answer yet"), "#ffffff", "blank"),
)


def _patterns(chart_id: str, series: tuple[Series, ...]) -> str:
    shapes = {
        "solid": "",
        "blank": "",
        "hatch": '<path d="M0,8 L8,0" stroke="#000" stroke-width="1"/>',
        "dots": '<circle cx="4" cy="4" r="1.3" fill="#000"/>',
        "cross": '<path d="M0,0 L8,8 M0,8 L8,0" stroke="#000" stroke-width="0.8"/>',
        "lines": '<path d="M0,4 L8,4" stroke="#000" stroke-width="0.8"/>',
    }
    return "".join(
        f'<pattern id="{chart_id}-{s.key}" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{s.fill}"/>{shapes[s.pattern]}</pattern>'
        for s in series
    )


def _legend(chart_id: str, series: tuple[Series, ...], y: int) -> tuple[str, int]:
    parts, x = [], LABEL_WIDTH
    for s in series:
        parts.append(
            f'<rect x="{x}" y="{y}" width="14" height="14" fill="url(#{chart_id}-{s.key})" '
            f'stroke="#000"/><text x="{x + 18}" y="{y + 11}" {FONT}>{escape(str(s.title))}</text>'
        )
        x += 26 + 7 * len(str(s.title))
        if x > LABEL_WIDTH + PLOT_WIDTH - 60:
            x, y = LABEL_WIDTH, y + 20
    return "".join(parts), y + 20


def _open_svg(chart_id: str, title: str, description: str, width: int, height: int) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{chart_id}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )


def stacked_bars(
    chart_id: str,
    title: str,
    rows: list[tuple[str, dict[str, int]]],
    series: tuple[Series, ...],
) -> str:
    """Horizontal bars, one per row, stacked by series; each segment and total labelled."""
    largest = max((sum(c.get(s.key, 0) for s in series) for _, c in rows), default=0) or 1
    scale = PLOT_WIDTH / largest
    legend, top = _legend(chart_id, series, 4)
    height = top + len(rows) * (BAR + GAP) + 8
    parts = [
        _open_svg(chart_id, title, gettext("Numbers in the table beside the chart."),
                  LABEL_WIDTH + PLOT_WIDTH + 50, height),
        f"<defs>{_patterns(chart_id, series)}</defs>", legend,
    ]  # fmt: skip
    for index, (label, counts) in enumerate(rows):
        y = top + index * (BAR + GAP)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end" {FONT}>'
            f"{escape(label[:18])}</text>"
        )
        x = float(LABEL_WIDTH)
        for s in series:
            value = counts.get(s.key, 0)
            if not value:
                continue
            width = value * scale
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR}" '
                f'fill="url(#{chart_id}-{s.key})" stroke="#000" stroke-width="0.6">'
                f"<title>{escape(label)}: {escape(str(s.title))} {value}</title></rect>"
            )
            if width >= 22:
                parts.append(
                    f'<text x="{x + width / 2:.1f}" y="{y + 13}" text-anchor="middle" '
                    f'font-weight="bold" {FONT}>{value}</text>'
                )
            x += width
        total = sum(counts.get(s.key, 0) for s in series)
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 13}" {FONT}>{total}</text>')
    parts.append("</svg>")
    return "".join(parts)


HEAT_SHADES = ("#ffffff", "#e0e0e0", "#b0b0b0", "#707070", "#303030")
CELL_W, CELL_H, PER_ROW = 46, 24, 16


def _shade(value: int, largest: int) -> int:
    if not value:
        return 0
    return min(4, 1 + (3 * value) // (largest + 1))


def heat_map(chart_id: str, lines: list[Line]) -> str:
    """The table of contents as a grid: a row per top-level clause, a cell per clause under
    it, each cell shaded by its number of comments and showing that number."""
    groups: list[tuple[str, list[Line]]] = []
    for line in lines:
        if line.level == 0 or not groups:
            groups.append((line.key, [line]))
        else:
            groups[-1][1].append(line)
    rows: list[tuple[str, list[Line]]] = []
    for key, members in groups:
        for start in range(0, len(members), PER_ROW):
            rows.append((key if start == 0 else "", members[start : start + PER_ROW]))
    largest = max((line.counts.get("total", 0) for line in lines), default=0)
    width = LABEL_WIDTH + PER_ROW * CELL_W + 10
    height = len(rows) * (CELL_H + 4) + 40
    parts = [
        _open_svg(chart_id, gettext("Comments per clause"),
                  gettext("Darker cells have more comments; the number is written in each cell."),
                  width, height),
    ]  # fmt: skip
    for index, (label, members) in enumerate(rows):
        y = 4 + index * (CELL_H + 4)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 16}" text-anchor="end" {FONT}>'
            f"{escape(label[:18])}</text>"
        )
        for column, line in enumerate(members):
            x = LABEL_WIDTH + column * CELL_W
            value = line.counts.get("total", 0)
            shade = _shade(value, largest)
            ink = "#ffffff" if shade >= 3 else "#000000"
            parts.append(
                f"<g><title>{escape(line.key)}: "
                f"{escape(ngettext('%(num)d comment', '%(num)d comments', value))}</title>"
                f'<rect x="{x}" y="{y}" width="{CELL_W - 2}" height="{CELL_H}" '
                f'fill="{HEAT_SHADES[shade]}" stroke="#000" stroke-width="0.6"/>'
                f'<text x="{x + (CELL_W - 2) / 2}" y="{y + 16}" text-anchor="middle" '
                f'fill="{ink}" {FONT}>{value}</text></g>'
            )
    y = 8 + len(rows) * (CELL_H + 4)
    parts.append(
        f'<text x="{LABEL_WIDTH}" y="{y + 12}" {FONT}>Each row: a top-level clause and the '
        "clauses under it, in document order. Darker: more comments.</text></svg>"
    )
    return "".join(parts)
