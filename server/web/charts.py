"""Pictures for entity pages, drawn on the server as SVG (they need no JavaScript).

:func:`timeline` places an entity's dated agreements, events and initiatives on a time axis,
one row each, periods as bars; :func:`figures` plots measured values over time, one small
chart per unit. Both scale to the width of the page (``viewBox``).

>>> '<svg' in timeline([], lambda n: "#")
False

On a phone the page shows the timeline's items as a list instead (``ol.timeline-list``).
"""

import math
import re
from html import escape

WIDTH = 900
ROW = 24
TOP = 62
COLOURS = {"Agreement": "#2166ac", "NationalInstrument": "#7b3294", "Event": "#b2182b",
           "Initiative": "#1b7837", "Dependency": "#e08214", "Figure": "#e08214"}
OTHER = "#555"


def _words(name: str) -> str:
    """A class's local name as words for a legend: ``NationalInstrument``, "national
    instrument"."""
    return re.sub(r"(?<!^)(?=[A-Z])", " ", name).lower()


def year(date: str) -> float | None:
    """A date as given (xsd:gYear, gYearMonth, date, dateTime) as a fractional year."""
    match = re.match(r"(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", date)
    if not match:
        return None
    y, m, d = int(match.group(1)), match.group(2), match.group(3)
    if m is None:
        return y + 0.5
    if d is None:
        return y + (int(m) - 0.5) / 12
    return y + (int(m) - 1) / 12 + (int(d) - 0.5) / 365


def _scale(lo: float, hi: float, left: float, right: float):
    if hi - lo < 1:
        lo, hi = lo - 0.5, hi + 0.5
    return lambda v: left + (v - lo) / (hi - lo) * (right - left)


def _ticks(lo: float, hi: float) -> list[int]:
    span = hi - lo
    step = 1 if span <= 12 else 2 if span <= 24 else 5 if span <= 60 else 10
    first = int(lo) - int(lo) % step
    return [y for y in range(first, int(hi) + 2, step) if lo <= y <= hi]


def timeline(items, href) -> str:
    """``items`` (server.web.entity.Item) as an SVG time line; '' if there are none."""
    placed = [(i, year(i.start), year(i.end) if i.end else None) for i in items]
    placed = [p for p in placed if p[1] is not None]
    if not placed:
        return ""
    lo = min(min(s, e or s) for _, s, e in placed) - 0.5
    hi = max(max(s, e or s) for _, s, e in placed) + 0.5
    x = _scale(lo, hi, 16, WIDTH - 16)
    height = TOP + ROW * len(placed) + 10
    parts = [f'<svg class="timeline" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-label="Timeline of {len(placed)} dated items" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" '
             f'font-size="13">']
    for tick in _ticks(lo, hi):
        tx = x(tick)
        parts.append(f'<line x1="{tx:.1f}" y1="{TOP - 10}" x2="{tx:.1f}" y2="{height - 6}" '
                     f'stroke="#ddd"/><text x="{tx:.1f}" y="{TOP - 16}" text-anchor="middle" '
                     f'fill="#444">{tick}</text>')
    kinds = sorted({i.kind if i.kind in COLOURS else "other" for i, _, _ in placed})
    # One text line, so that the browser spaces the entries by their real widths
    entries = "".join(f'<tspan dx="{14 if i else 0}" fill="{COLOURS.get(kind, OTHER)}">\u25cf'
                      f'</tspan><tspan class="kind" dx="4">{escape(_words(kind))}</tspan>'
                      for i, kind in enumerate(kinds))
    parts.append(f'<text x="16" y="14" fill="#222">{entries}</text>')
    for row, (item, start, end) in enumerate(placed):
        cy = TOP + ROW * row + ROW / 2
        sx = x(start)
        colour = COLOURS.get(item.kind, OTHER)
        shape = f'<circle cx="{sx:.1f}" cy="{cy:.1f}" r="6" fill="{colour}"/>'
        if end is not None and end > start:
            ex = x(end)
            shape = (f'<rect x="{sx:.1f}" y="{cy - 5:.1f}" width="{max(ex - sx, 4):.1f}" '
                     f'height="10" rx="5" fill="{colour}" opacity="0.75"/>')
        right = sx < WIDTH * 0.55
        text_x = sx + 10 if right else sx - 10
        when = item.wording or item.start + (f" – {item.end}" if item.end else "")
        text = f"{when}  {item.node.label}"
        if len(text) > 70:
            text = text[:67] + "…"
        weight = ' font-weight="bold"' if item.role == "itself" else ""
        parts.append(f'<a href="{escape(href(item.node.term))}"><title>{escape(item.kind)}: '
                     f'{escape(item.node.label)} ({escape(when)})</title>{shape}'
                     f'<text x="{text_x:.1f}" y="{cy + 4:.1f}" fill="#111"{weight} '
                     f'text-anchor="{"start" if right else "end"}">{escape(text)}</text></a>')
    parts.append("</svg>")
    return "".join(parts) + _listed(placed, href)


def _listed(placed, href) -> str:
    """The same items as a list, in time order, which a phone shows instead of the picture
    (site.css): on a narrow screen every entry is on it, none runs off its edge."""
    rows = []
    for item, _, _ in sorted(placed, key=lambda p: p[1]):
        when = item.start + (f" – {item.end}" if item.end else "")
        colour = COLOURS.get(item.kind, OTHER)
        rows.append(f'<li><span class="when">{escape(when)}</span> <span class="dot" '
                    f'style="color:{colour}" title="{escape(_words(item.kind))}">\u25cf</span> '
                    f'<a href="{escape(href(item.node.term))}">{escape(item.node.label)}</a></li>')
    return f'<ol class="timeline-list">{"".join(rows)}</ol>'


def figures(figs, href) -> list[tuple[str, str]]:
    """(unit, SVG) for each unit among ``figs`` (server.web.entity.Figure) that have a period."""
    charts = []
    for unit in sorted({f.unit for f in figs}):
        dated = [(f, year(f.period)) for f in figs if f.unit == unit and f.period]
        dated = [(f, y) for f, y in dated if y is not None]
        if dated:
            charts.append((unit, _plot(unit, dated, href)))
    return charts


SERIES = ["#e08214", "#2166ac", "#1b7837", "#b2182b", "#7b3294", "#555"]
"""One colour per measure in a figures chart, in the order the measures are listed."""


def _value_ticks(low: float, high: float) -> list[float]:
    """Round values (1, 2 or 5 times a power of ten) from ``low`` up to at least ``high``."""
    span = (high - low) or abs(high) or 1
    raw = span / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high:
        ticks.append(ticks[-1] + step)
    return ticks


def _plot(unit: str, dated, href) -> str:
    measures = sorted({f.measure for f, _ in dated})
    colour = {m: SERIES[min(i, len(SERIES) - 1)] for i, m in enumerate(measures)}
    legend = 18 * len(measures)
    width, height, left, bottom, top = 640, 250 + legend, 70, 40, 34 + legend
    years = [y for _, y in dated]
    lo, hi = min(years) - 0.6, max(years) + 0.6
    x = _scale(lo, hi, left, width - 20)
    ticks = _value_ticks(min(min(f.value for f, _ in dated), 0),
                         max(f.value for f, _ in dated) * 1.1)
    low_value, top_value = ticks[0], ticks[-1]

    def y(v):
        return height - bottom - (v - low_value) / (top_value - low_value) * (
            height - bottom - top)

    parts = [f'<svg class="figures" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="Figures in {escape(unit)} over time" '
             f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" '
             f'font-size="12">',
             f'<line x1="{left}" y1="{y(low_value):.1f}" x2="{width - 20}" '
             f'y2="{y(low_value):.1f}" stroke="#333"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#333"/>',
             f'<text x="8" y="{top - 10}" fill="#333">{escape(unit or "value")}</text>']
    for row, measure in enumerate(measures):
        ly = 14 + 18 * row
        text = measure if len(measure) <= 90 else measure[:87] + "…"
        parts.append(f'<circle cx="14" cy="{ly - 4}" r="5" fill="{colour[measure]}"/>'
                     f'<text x="24" y="{ly}" fill="#222">{escape(text)}</text>')
    for v in ticks:
        parts.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" '
                     f'fill="#555">{_short(v)}</text><line x1="{left}" y1="{y(v):.1f}" '
                     f'x2="{width - 20}" y2="{y(v):.1f}" stroke="#eee"/>')
    for tick in _ticks(lo, hi) or [round((lo + hi) / 2)]:
        parts.append(f'<text x="{x(tick):.1f}" y="{height - bottom + 18}" '
                     f'text-anchor="middle" fill="#555">{tick}</text>')
    by_measure: dict[str, list] = {}
    for f, fy in dated:
        by_measure.setdefault(f.measure, []).append((fy, f))
    for measure, points in by_measure.items():
        points.sort(key=lambda p: p[0])
        if len(points) > 1:
            path = " ".join(f"{x(py):.1f},{y(f.value):.1f}" for py, f in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour[measure]}"/>')
    for f, fy in dated:
        cx, cy = x(fy), y(f.value)
        shown = ((f.qualifier + " ") if f.qualifier else "") + _short(f.value)
        parts.append(f'<a href="{escape(href(f.node.term))}"><title>{escape(f.measure)}: '
                     f'{escape(shown)} {escape(unit)} ({escape(f.period or "")})</title>'
                     f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="6" fill="{colour[f.measure]}"/>'
                     f'<text x="{cx:.1f}" y="{cy - 10:.1f}" text-anchor="middle" '
                     f'fill="#111">{escape(shown)}</text></a>')
    parts.append("</svg>")
    return "".join(parts)


def _short(value: float) -> str:
    for size, suffix in ((1e12, " tn"), (1e9, " bn"), (1e6, " m"), (1e3, " k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}"
