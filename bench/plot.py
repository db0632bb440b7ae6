"""A small SVG line chart (no plotting library needed): p95 latency per stage against corpus size, log x-axis."""

from __future__ import annotations

import math
from html import escape

COLOURS = ("#0b5394", "#cc4125", "#6aa84f", "#e69138", "#674ea7")
W, H, LEFT, RIGHT, TOP, BOTTOM = 640, 380, 64, 150, 40, 48


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        if value <= m * step:
            return m * step
    return 10 * step


def line_chart(series: dict[str, list[tuple[float, float]]], title: str, y_label: str,
               limit: float | None = None, limit_label: str = "") -> str:
    """An SVG document; `series` maps a name to (x, y) points with x > 0; `limit` draws a dashed line."""
    xs = sorted({x for points in series.values() for x, _ in points})
    ys = [y for points in series.values() for _, y in points] + ([limit] if limit else [])
    if not xs:
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="80"><text x="10" y="40">{escape(title)}: no data</text></svg>'
    lo, hi = math.log10(min(xs)), math.log10(max(xs))
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    y_max = _nice_max(max(ys) * 1.05)
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def px(x: float) -> float:
        return LEFT + (math.log10(x) - lo) / (hi - lo) * plot_w

    def py(y: float) -> float:
        return TOP + plot_h - y / y_max * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
        'font-family="sans-serif" font-size="12">',
        '<rect width="100%" height="100%" fill="white"/>',
        f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="14">{escape(title)}</text>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}" stroke="#333"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#333"/>',
        f'<text x="{LEFT + plot_w / 2}" y="{H - 10}" text-anchor="middle">chunks in the index (log scale)</text>',
        f'<text transform="translate(16 {TOP + plot_h / 2}) rotate(-90)" text-anchor="middle">{escape(y_label)}</text>',
    ]
    for i in range(6):
        y = y_max * i / 5
        parts.append(f'<line x1="{LEFT}" y1="{py(y):.1f}" x2="{LEFT + plot_w}" y2="{py(y):.1f}" stroke="#eee"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{py(y) + 4:.1f}" text-anchor="end">{y:g}</text>')
    for x in xs:
        label = f"{x / 1000:g}k" if x >= 1000 else f"{x:g}"
        parts.append(f'<text x="{px(x):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{label}</text>')
    if limit:
        parts.append(f'<line x1="{LEFT}" y1="{py(limit):.1f}" x2="{LEFT + plot_w}" y2="{py(limit):.1f}" '
                     'stroke="#999" stroke-dasharray="6 4"/>')
        parts.append(f'<text x="{LEFT + plot_w + 6}" y="{py(limit) + 4:.1f}" fill="#666">{escape(limit_label)}</text>')
    for i, (name, points) in enumerate(series.items()):
        colour = COLOURS[i % len(COLOURS)]
        pts = sorted(points)
        path = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
        parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts += [f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{colour}"/>' for x, y in pts]
        ly = TOP + 10 + i * 18
        parts.append(f'<line x1="{W - RIGHT + 20}" y1="{ly}" x2="{W - RIGHT + 40}" y2="{ly}" stroke="{colour}" stroke-width="2"/>')
        parts.append(f'<text x="{W - RIGHT + 46}" y="{ly + 4}">{escape(name)}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def scale_chart(scale: dict, limit_ms: float | None) -> str:
    """Retrieval p95 and its parts against corpus size, from the results' "scale" section."""
    sizes = [v for v in scale.values() if isinstance(v, dict) and "chunks" in v]
    series = {}
    for stage in ("retrieve", "embed", "dense", "lexical", "fusion"):
        points = [(s["chunks"], s["stages"][stage]["p95"]) for s in sizes if stage in s["stages"]]
        if points:
            series[f"{stage} p95"] = points
    return line_chart(series, "Retrieval latency against corpus size", "milliseconds (p95)", limit_ms,
                      f"target {limit_ms:g} ms" if limit_ms else "")
