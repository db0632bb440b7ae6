"""Targets (bench/targets.toml) checked against a results dict: pure functions, no measuring."""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path

TARGETS_FILE = Path(__file__).with_name("targets.toml")


@dataclass(frozen=True)
class Target:
    metric: str
    label: str
    limit: float
    kind: str  # "max" or "min"
    margin: float
    quick: bool = True
    # Why a miss does not fail --quick (a target this hardware cannot reach as the product is meant to be):
    # still measured and reported, as "missed (waived)".
    waived: str | None = None


@dataclass(frozen=True)
class Check:
    target: Target
    value: float | None
    verdict: str  # "met", "within noise", "missed", "not measured"

    @property
    def failed(self) -> bool:
        return self.verdict == "missed" and not self.target.waived

    @property
    def shown_verdict(self) -> str:
        return f"{self.verdict} (waived)" if self.verdict == "missed" and self.target.waived else self.verdict

    def as_dict(self) -> dict:
        return {**asdict(self.target), "value": self.value, "verdict": self.verdict}


def load_targets(path: Path = TARGETS_FILE) -> list[Target]:
    """The targets file, validated: each target has a metric and exactly one of max / min."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    default_margin = float(raw.get("noise_margin", 0.25))
    targets = []
    for entry in raw.get("target", []):
        kinds = [k for k in ("max", "min") if k in entry]
        if "metric" not in entry or len(kinds) != 1:
            raise ValueError(f"{path}: each [[target]] needs a metric and exactly one of max / min: {entry}")
        targets.append(Target(
            metric=entry["metric"], label=entry.get("label", entry["metric"]), limit=float(entry[kinds[0]]),
            kind=kinds[0], margin=float(entry.get("margin", default_margin)), quick=bool(entry.get("quick", True)),
            waived=entry.get("waived") or None,
        ))
    return targets


def lookup(results: dict, metric: str) -> float | None:
    """The number at a dotted path ("http.c1.p95_ms"), or None when any part is missing."""
    node = results
    for part in metric.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node if isinstance(node, (int, float)) and not isinstance(node, bool) else None


def judge(target: Target, value: float | None) -> str:
    """Met, within the noise margin of the limit, missed beyond it, or not measured."""
    if value is None:
        return "not measured"
    if target.kind == "max":
        if value <= target.limit:
            return "met"
        return "within noise" if value <= target.limit * (1 + target.margin) else "missed"
    if value >= target.limit:
        return "met"
    return "within noise" if value >= target.limit * (1 - target.margin) else "missed"


def check(results: dict, targets: list[Target], quick: bool = False) -> list[Check]:
    """Every target judged against the results; in quick mode the full-only targets are left out."""
    return [Check(t, lookup(results, t.metric), judge(t, lookup(results, t.metric)))
            for t in targets if t.quick or not quick]
