"""Latency summaries: pure functions over lists of milliseconds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from evals.metrics import percentile

QUANTILES = (50, 95, 99)


def summarize(values: Sequence[float]) -> dict[str, float | int | None]:
    """n, mean, p50, p95, p99 and max of a list of measurements (None for an empty list)."""
    vals = [float(v) for v in values]
    out: dict[str, float | int | None] = {"n": len(vals), "mean": sum(vals) / len(vals) if vals else None}
    for q in QUANTILES:
        out[f"p{q}"] = percentile(vals, q)
    out["max"] = max(vals) if vals else None
    return out


def summarize_stages(timings: Iterable[dict[str, float]]) -> dict[str, dict]:
    """Per stage of `Answer.timings_ms`, the summary of that stage over all answers that have it."""
    stages: dict[str, list[float]] = {}
    for t in timings:
        for stage, ms in t.items():
            stages.setdefault(stage, []).append(float(ms))
    return {stage: summarize(v) for stage, v in stages.items()}


def ratio(ours: float | None, theirs: float | None) -> float | None:
    """ours / theirs, None when either is missing or theirs is zero."""
    if ours is None or theirs is None or theirs == 0:
        return None
    return ours / theirs
