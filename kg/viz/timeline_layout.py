"""Where the timeline puts its events: x by date on a linear time scale, y in lanes.

Two bands, one above the other:

    dated     events with a full date (xsd:date), x = days since the first one × px per day
    monthday  events with a month and day only (xsd:gMonthDay, "--06-08"), on a year of their own

In each band an event takes the first lane (row) where its label box, centred under
the event, clears every box already in that lane by ``GAP``; label widths are estimated
generously from the characters (CJK one em, anything else two thirds of one), so drawn
labels — which scale with the canvas — never overlap at any zoom.  Both bands get one width
(so px per day = width / days the band spans): the one, among a geometric range, that lets
them fit the drawing area of a 1400 × 850 window largest; the year-less band is at least
MIN_YEAR_PX wide.  The page draws the axis (years,
months as one zooms in) from ``TimeBand``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "FONT_PX",
    "LINE_PX",
    "NODE_PX",
    "LANE_PX",
    "GAP",
    "MAX_LABEL_CHARS",
    "TimedEvent",
    "TimeBand",
    "TimelineLayout",
    "label_width",
    "timeline_lines",
    "layout_timeline",
]

FONT_PX = 14.0  # label font size in canvas pixels (the page draws with the same)
LINE_PX = 17.0  # line height of a label
NODE_PX = 8.0  # the event marker's radius
LANE_PX = NODE_PX * 2 + 3 + 2 * LINE_PX + 10  # marker, gap, two lines, space below
GAP = 12.0  # least horizontal space between two labels in one lane
HEADER_PX = 56.0  # room for the axis labels above a band's first lane
BAND_GAP = 64.0
MIN_YEAR_PX = 720.0  # the least width of the year-less band
MAX_LABEL_CHARS = 16
VIEWPORT = (850.0, 780.0)  # the drawing area of a 1400 × 850 window (less the side panels)
_LEAP_YEAR = 2000  # month-days are placed on a leap year, so --02-29 has a place


@dataclass(frozen=True, slots=True)
class TimedEvent:
    id: str
    label: str
    start: str  # "2024-03-05" or "--03-20"
    end: str | None = None


@dataclass(slots=True)
class TimeBand:
    kind: str  # "dated" or "monthday"
    origin: str  # ISO date at x = 0 (for "monthday": 2000-01-01)
    px_per_day: float
    top: float  # y of the band's axis labels
    bottom: float
    width: float
    title: str = ""

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "origin": self.origin,
            "pxPerDay": self.px_per_day,
            "top": self.top,
            "bottom": self.bottom,
            "width": self.width,
            "title": self.title,
            "header": HEADER_PX,
        }


@dataclass(slots=True)
class TimelineLayout:
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)
    lines: dict[str, tuple[str, str]] = field(default_factory=dict)  # label lines drawn under each event
    bands: list[TimeBand] = field(default_factory=list)


def label_width(text: str) -> float:
    """A generous estimate of ``text``'s width at FONT_PX: CJK and full-width forms one em, others 2/3."""
    em = 0.0
    for ch in text:
        o = ord(ch)
        wide = o >= 0x2E80 or 0x2014 <= o <= 0x2026 or 0xFF00 <= o <= 0xFFEF
        em += 1.0 if wide else 0.68
    return em * FONT_PX


def timeline_lines(event: TimedEvent) -> tuple[str, str]:
    """The two lines under an event: its name (cut to MAX_LABEL_CHARS) and a short date."""
    name = event.label if len(event.label) <= MAX_LABEL_CHARS else event.label[: MAX_LABEL_CHARS - 1] + "…"

    def short(d: str) -> str:
        return f"{int(d[2:4])}月{int(d[5:7])}日" if d.startswith("--") else d[:10]

    date = short(event.start)
    if event.end and event.end != event.start:
        end = short(event.end)
        date += "–" + (end[5:] if end[:5] == date[:5] and not event.end.startswith("--") else end)
    return name, date


def _parse(d: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(d[:10])
    except ValueError:
        return None


def _month_day(d: str) -> dt.date | None:
    try:
        return dt.date(_LEAP_YEAR, int(d[2:4]), int(d[5:7]))
    except ValueError:
        return None


def _lanes(items: list[tuple[str, float, float]], x_of: Callable[[float], float]) -> dict[str, int]:
    """Lane of each (id, day, half width), items in day order: the first lane the label fits in."""
    rights: list[float] = []
    out: dict[str, int] = {}
    for iri, day, half in items:
        x = x_of(day)
        lane = next((i for i, r in enumerate(rights) if r + GAP <= x - half), None)
        if lane is None:
            rights.append(-math.inf)
            lane = len(rights) - 1
        rights[lane] = x + half
        out[iri] = lane
    return out


def _best_width(bands: list[tuple[float, list[tuple[str, float, float]]]]) -> float:
    """The width (px) shared by all bands, given as (span in days, items), that lets them all, one
    above the other, fit the viewport largest."""
    best, best_fit = 1000.0, -1.0
    widest = max((2 * h for _, items in bands for _, _, h in items), default=0.0)
    for k in range(0, 60):
        width = 100.0 * 2.0 ** (k / 4)  # 100 px … about 3 million
        height = BAND_GAP * (len(bands) - 1)
        for span, items in bands:
            ppd = width / span
            lanes = _lanes(items, lambda d, ppd=ppd: d * ppd)
            height += HEADER_PX + (max(lanes.values(), default=0) + 1) * LANE_PX
        fit = min(VIEWPORT[0] / (width + widest), VIEWPORT[1] / height)
        if fit > best_fit + 1e-9:
            best, best_fit = width, fit
    return best


def layout_timeline(events: list[TimedEvent]) -> TimelineLayout:
    """Positions, label lines and axis bands for ``events`` (those without a start date are left out)."""
    out = TimelineLayout()
    dated: list[tuple[TimedEvent, dt.date]] = []
    yearless: list[tuple[TimedEvent, dt.date]] = []
    for e in events:
        day = _month_day(e.start) if e.start.startswith("--") else _parse(e.start)
        if day is not None:
            (yearless if e.start.startswith("--") else dated).append((e, day))
    bands = []  # (kind, origin, span in days, items)
    for kind, group in (("dated", dated), ("monthday", yearless)):
        if not group:
            continue
        group.sort(key=lambda p: (p[1], p[0].label, p[0].id))
        origin = group[0][1] if kind == "dated" else dt.date(_LEAP_YEAR, 1, 1)
        span = float(max((group[-1][1] - origin).days, 1)) if kind == "dated" else 366.0
        items = []
        for e, day in group:
            lines = timeline_lines(e)
            out.lines[e.id] = lines
            items.append((e.id, float((day - origin).days), max(map(label_width, lines)) / 2))
        bands.append((kind, origin, span, items))
    width = _best_width([(span, items) for _, _, span, items in bands])
    y = 0.0
    for kind, origin, span, items in bands:
        # a year is no less than MIN_YEAR_PX wide (a short dated span would squeeze it)
        ppd = (width if kind == "dated" else max(width, MIN_YEAR_PX)) / span
        lanes = _lanes(items, lambda d, ppd=ppd: d * ppd)
        first = y + HEADER_PX + NODE_PX
        for iri, day, _ in items:
            out.positions[iri] = (round(day * ppd, 1), round(first + lanes[iri] * LANE_PX, 1))
        bottom = first + (max(lanes.values()) + 1) * LANE_PX - NODE_PX
        title = "" if kind == "dated" else "无年份的日期（只知月、日）"
        out.bands.append(TimeBand(kind, origin.isoformat(), ppd, y, bottom, span * ppd, title))
        y = bottom + BAND_GAP
    return out
