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


def load_level(raw: dict) -> dict:
    """A load run's raw record (concurrency, duration_s, ok, errors, latencies_ms) as reported: answers per second
    and latency percentiles instead of the list of latencies. The HTTP and the in-process loads share it."""
    raw = dict(raw)
    latency = summarize(raw.pop("latencies_ms"))
    return {
        **raw,
        "throughput_rps": raw["ok"] / raw["duration_s"] if raw["duration_s"] else None,
        **{f"{q}_ms": latency[q] for q in ("p50", "p95", "p99", "max")},
    }


def http_cost(http: dict, inprocess: dict, busy: str = "c8", idle: str = "c1") -> dict[str, float | None]:
    """What the HTTP layer adds per answer, against the pipeline called in process at the same concurrency.

    `per_answer_ms`: 1/http_rps - 1/inprocess_rps at `busy` load (machine time per answer, in ms), and `p50_ms`:
    the difference of the median latencies at `idle` (what one visitor waits longer). None where either is missing.
    """
    def value(levels: dict, level: str, key: str) -> float | None:
        return (levels.get(level) or {}).get(key)

    http_rps, local_rps = value(http, busy, "throughput_rps"), value(inprocess, busy, "throughput_rps")
    http_p50, local_p50 = value(http, idle, "p50_ms"), value(inprocess, idle, "p50_ms")
    return {
        "per_answer_ms": 1000 / http_rps - 1000 / local_rps if http_rps and local_rps else None,
        "p50_ms": http_p50 - local_p50 if http_p50 is not None and local_p50 is not None else None,
    }
