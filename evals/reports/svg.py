"""Hand-made inline SVG charts for the HTML report (no plotting dependency): bars, a confusion matrix, a histogram."""

from __future__ import annotations

import math
from html import escape

FONT = 'font-family="system-ui, sans-serif" font-size="12"'
BLUE, GREY, RED, GREEN = "#0b5394", "#b7b7b7", "#c0392b", "#2e7d32"


def metric_bars(rows: list[tuple[str, float | None, float | None, tuple[str, float] | None]]) -> str:
    """Horizontal 0..1 bars per metric: current (blue), baseline (grey, thin), and the gate limit (red tick).

    rows: (label, value, baseline, (kind, limit) or None).
    """
    label_w, bar_w, row_h = 230, 360, 26
    height = row_h * len(rows) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 70}" height="{height}" '
             f'role="img" aria-label="metrics against baseline" {FONT}>']
    for i, (label, value, base, limit) in enumerate(rows):
        y = 20 + i * row_h
        parts.append(f'<text x="{label_w - 8}" y="{y + 13}" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="16" fill="#f2f2f2"/>')
        if base is not None:
            parts.append(f'<rect x="{label_w}" y="{y + 12}" width="{bar_w * _clip(base):.1f}" height="4" fill="{GREY}">'
                         f'<title>baseline {base:.3f}</title></rect>')
        if value is not None:
            parts.append(f'<rect x="{label_w}" y="{y}" width="{bar_w * _clip(value):.1f}" height="11" fill="{BLUE}">'
                         f'<title>{value:.3f}</title></rect>')
            parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 13}">{value:.3f}</text>')
        else:
            parts.append(f'<text x="{label_w + bar_w + 6}" y="{y + 13}" fill="#888">–</text>')
        if limit is not None:
            x = label_w + bar_w * _clip(limit[1])
            parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 3}" y2="{y + 19}" stroke="{RED}" stroke-width="2">'
                         f'<title>{"floor" if limit[0] == "min" else "ceiling"} {limit[1]}</title></line>')
    legend_y = height - 6
    parts.append(f'<rect x="{label_w}" y="{legend_y - 9}" width="14" height="9" fill="{BLUE}"/>'
                 f'<text x="{label_w + 18}" y="{legend_y}">this run</text>'
                 f'<rect x="{label_w + 90}" y="{legend_y - 6}" width="14" height="4" fill="{GREY}"/>'
                 f'<text x="{label_w + 108}" y="{legend_y}">baseline</text>'
                 f'<line x1="{label_w + 180}" x2="{label_w + 180}" y1="{legend_y - 11}" y2="{legend_y + 1}" stroke="{RED}" stroke-width="2"/>'
                 f'<text x="{label_w + 186}" y="{legend_y}">gate limit</text>')
    parts.append("</svg>")
    return "".join(parts)


def confusion_matrix(matrix: dict[str, dict[str, int]], labels: tuple[str, ...]) -> str:
    """A heat grid: expected route per row, actual per column; the diagonal is green, the rest red."""
    cell, left, top = 84, 110, 44
    size_w, size_h = left + cell * len(labels) + 10, top + cell * len(labels) + 10
    peak = max([v for row in matrix.values() for v in row.values()] + [1])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size_w}" height="{size_h}" role="img" '
             f'aria-label="routing confusion matrix" {FONT}>',
             f'<text x="{left + cell * len(labels) / 2}" y="12" text-anchor="middle" font-weight="bold">actual</text>',
             f'<text x="12" y="{top + cell * len(labels) / 2}" font-weight="bold" '
             f'transform="rotate(-90 12 {top + cell * len(labels) / 2})" text-anchor="middle">expected</text>']
    for j, a in enumerate(labels):
        parts.append(f'<text x="{left + j * cell + cell / 2}" y="{top - 8}" text-anchor="middle">{escape(a)}</text>')
    for i, e in enumerate(labels):
        parts.append(f'<text x="{left - 8}" y="{top + i * cell + cell / 2 + 4}" text-anchor="end">{escape(e)}</text>')
        for j, a in enumerate(labels):
            n = matrix.get(e, {}).get(a, 0)
            colour = GREEN if i == j else RED
            opacity = 0.08 + 0.8 * (n / peak) if n else 0.03
            x, y = left + j * cell, top + i * cell
            parts.append(f'<rect x="{x}" y="{y}" width="{cell - 2}" height="{cell - 2}" fill="{colour}" '
                         f'fill-opacity="{opacity:.2f}"><title>expected {e}, actual {a}: {n}</title></rect>')
            parts.append(f'<text x="{x + cell / 2 - 1}" y="{y + cell / 2 + 5}" text-anchor="middle" font-size="16">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def histogram(values: list[float], bins: int = 20, unit: str = "ms", marks: dict[str, float] | None = None) -> str:
    """A histogram of values with optional vertical marks (e.g. p50, p95)."""
    width, height, left, bottom = 560, 200, 40, 30
    if not values:
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="40" {FONT}><text x="4" y="20">no data</text></svg>'
    lo, hi = min(values), max(values)
    span = (hi - lo) or 1.0
    counts = [0] * bins
    for v in values:
        counts[min(int((v - lo) / span * bins), bins - 1)] += 1
    peak = max(counts)
    bar_w = (width - left - 10) / bins
    plot_h = height - bottom - 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
             f'aria-label="latency histogram" {FONT}>']
    for i, n in enumerate(counts):
        h = plot_h * n / peak
        x = left + i * bar_w
        start = lo + span * i / bins
        parts.append(f'<rect x="{x:.1f}" y="{10 + plot_h - h:.1f}" width="{bar_w - 1:.1f}" height="{h:.1f}" fill="{BLUE}">'
                     f'<title>{start:.0f}–{start + span / bins:.0f} {unit}: {n}</title></rect>')
    parts.append(f'<line x1="{left}" x2="{width - 10}" y1="{10 + plot_h}" y2="{10 + plot_h}" stroke="#444"/>')
    for frac, anchor in ((0, "start"), (0.5, "middle"), (1, "end")):
        x = left + (width - left - 10) * frac
        parts.append(f'<text x="{x:.0f}" y="{height - 12}" text-anchor="{anchor}">{lo + span * frac:.0f} {unit}</text>')
    parts.append(f'<text x="{left - 6}" y="16" text-anchor="end">{peak}</text>')
    for name, value in (marks or {}).items():
        if value is None or math.isnan(value):
            continue
        x = left + (width - left - 10) * (value - lo) / span
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="10" y2="{10 + plot_h}" stroke="{RED}" stroke-dasharray="4 3"/>'
                     f'<text x="{x + 3:.1f}" y="22" fill="{RED}">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _clip(v: float) -> float:
    return max(0.0, min(1.0, float(v)))
