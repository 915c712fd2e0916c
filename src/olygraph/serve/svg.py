"""Charts as SVG written on the server, each with a title and a description for screen readers
(the same numbers are also in a table beside each chart). Every text is escaped."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

MEDAL_COLOURS = (("gold", "#c9a227"), ("silver", "#9aa3ad"), ("bronze", "#b06d3b"))


@dataclass(frozen=True, slots=True)
class Point:
    """One labelled value (a mark in seconds, metres … or a count)."""

    label: str
    value: float
    text: str


def _open(width: int, height: int, title: str, desc: str) -> list[str]:
    key = f"c{zlib.crc32(title.encode()):08x}"  # ids unique per chart on a page, and stable
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{key}t {key}d" '
        'class="chart">',
        f'<title id="{key}t">{escape(title)}</title><desc id="{key}d">{escape(desc)}</desc>',
    ]


def _num(value: float) -> str:
    return f"{value:.1f}"


def marks_chart(points: Sequence[Point], title: str, unit: str = "") -> Markup | None:
    """Horizontal bars, one per result in table order; the axis starts near the smallest mark so
    that the differences show (it is labelled with its start value)."""
    if len(points) < 2:
        return None
    lo, hi = min(p.value for p in points), max(p.value for p in points)
    start = lo - (hi - lo) * 0.15 - 1e-9
    span = (hi - start) or 1.0
    bar, gap, left, width = 16, 4, 190, 360
    height = len(points) * (bar + gap) + 30
    desc = "; ".join(f"{p.label}: {p.text}" for p in points)
    out = _open(left + width + 70, height, title, desc)
    for i, p in enumerate(points):
        y = 10 + i * (bar + gap)
        w = max(2.0, (p.value - start) / span * width)
        out.append(
            f'<text x="{left - 6}" y="{y + bar - 4}" text-anchor="end">'
            f"{escape(p.label[:28])}</text>"
            f'<rect x="{left}" y="{y}" width="{_num(w)}" height="{bar}" class="bar"/>'
            f'<text x="{_num(left + w + 4)}" y="{y + bar - 4}">{escape(p.text)}</text>'
        )
    axis = height - 12
    out.append(
        f'<text x="{left}" y="{axis + 8}" class="axis">axis from {escape(_num(start))}'
        f"{escape(' ' + unit if unit else '')}</text></svg>"
    )
    return Markup("".join(out))


def line_chart(points: Sequence[Point], title: str, unit: str = "") -> Markup | None:
    """A line through the marks in order (a record progression), each point labelled."""
    if len(points) < 2:
        return None
    lo, hi = min(p.value for p in points), max(p.value for p in points)
    pad = (hi - lo) * 0.15 or 1.0
    lo, hi = lo - pad, hi + pad
    width, height, left, top, plot_w, plot_h = 620, 260, 60, 20, 520, 190
    step = plot_w / (len(points) - 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + i * step, top + (hi - v) / (hi - lo) * plot_h

    desc = "; ".join(f"{p.label}: {p.text}" for p in points)
    out = _open(width, height, title, desc)
    out.append(f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" class="grid"/>')
    for v in (hi - pad, lo + pad):
        y = xy(0, v)[1]
        out.append(
            f'<line x1="{left}" y1="{_num(y)}" x2="{left + plot_w}" y2="{_num(y)}" class="grid"/>'
            f'<text x="{left - 6}" y="{_num(y + 4)}" text-anchor="end" class="axis">'
            f"{escape(_num(v))}</text>"
        )
    coords = " ".join(
        f"{_num(x)},{_num(y)}" for x, y in (xy(i, p.value) for i, p in enumerate(points))
    )
    out.append(f'<polyline points="{coords}" class="line"/>')
    for i, p in enumerate(points):
        x, y = xy(i, p.value)
        anchor = "start" if i == 0 else "end" if i == len(points) - 1 else "middle"
        out.append(
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="5" class="dot"/>'
            f'<text x="{_num(x)}" y="{_num(y - 10)}" text-anchor="{anchor}">{escape(p.text)}</text>'
            f'<text x="{_num(x)}" y="{top + plot_h + 22}" text-anchor="{anchor}" class="axis">'
            f"{escape(p.label[:32])}</text>"
        )
    if unit:
        out.append(f'<text x="4" y="{top + 4}" class="axis">{escape(unit)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def medals_chart(columns: Sequence[tuple[str, int, int, int]], title: str) -> Markup | None:
    """Stacked bars of gold, silver and bronze per Games, in order."""
    if not columns:
        return None
    most = max(g + s + b for _, g, s, b in columns) or 1
    col, left, plot_h, top = 34, 40, 160, 16
    width = left + len(columns) * col + 20
    height = top + plot_h + 60
    desc = "; ".join(f"{lab}: {g} gold, {s} silver, {b} bronze" for lab, g, s, b in columns)
    out = _open(max(width, 240), height, title, desc)
    out.append(
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" class="axis">{most}</text>'
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" class="axis">0</text>'
    )
    for i, (label, *counts) in enumerate(columns):
        x, y = left + i * col + 4, float(top + plot_h)
        for (name, colour), n in zip(MEDAL_COLOURS, counts, strict=True):
            h = n / most * plot_h
            y -= h
            if n:
                out.append(
                    f'<rect x="{x}" y="{_num(y)}" width="{col - 8}" height="{_num(h)}" '
                    f'fill="{colour}"><title>{escape(label)}: {n} {name}</title></rect>'
                )
        out.append(
            f'<text x="{x + (col - 8) / 2}" y="{top + plot_h + 14}" text-anchor="end" '
            f'transform="rotate(-45 {x + (col - 8) / 2} {top + plot_h + 14})" class="axis">'
            f"{escape(label)}</text>"
        )
    out.append("</svg>")
    return Markup("".join(out))
