"""The gate: floors and ceilings from evals/thresholds.toml, critical cases, and the comparison with a baseline.

Exit codes: 0 all floors met and no critical case failed; 1 a floor or a critical case failed; 2 errors
(a bad dataset or thresholds file, a missing baseline, or a case that raised).
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from evals.aggregate import LOWER_IS_BETTER, summarize

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


class ConfigError(ValueError):
    """A thresholds or baseline file that cannot be used; the message says what to fix."""


def known_metrics() -> set[str]:
    return set(summarize([])["metrics"])


@dataclass
class Thresholds:
    minimum: dict[str, float] = field(default_factory=dict)
    maximum: dict[str, float] = field(default_factory=dict)
    min_case_key_fact_recall: float = 0.5

    @classmethod
    def load(cls, path: Path) -> Thresholds:
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read thresholds ({exc})") from None
        unknown_sections = set(raw) - {"min", "max", "case"}
        if unknown_sections:
            raise ConfigError(f"{path}: unknown sections {sorted(unknown_sections)}; use [min], [max] and [case]")
        known = known_metrics()
        for section in ("min", "max"):
            for name, value in (raw.get(section) or {}).items():
                if name.startswith("judge."):
                    raise ConfigError(f"{path}: [{section}] {name}: the LLM judge never gates on its own")
                if name not in known:
                    raise ConfigError(f"{path}: [{section}] {name!r} is not a metric; known: {', '.join(sorted(known))}")
                if not isinstance(value, int | float) or isinstance(value, bool):
                    raise ConfigError(f"{path}: [{section}] {name} must be a number")
        case = raw.get("case") or {}
        return cls(minimum=dict(raw.get("min") or {}), maximum=dict(raw.get("max") or {}),
                   min_case_key_fact_recall=float(case.get("min_key_fact_recall", 0.5)))


@dataclass
class GateResult:
    checks: list[dict] = field(default_factory=list)
    critical_failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def failed_checks(self) -> list[dict]:
        return [c for c in self.checks if c["passed"] is False]

    @property
    def exit_code(self) -> int:
        if self.errors:
            return EXIT_ERROR
        if self.failed_checks or self.critical_failures:
            return EXIT_FAILED
        return EXIT_OK

    def to_dict(self) -> dict:
        return {"passed": self.exit_code == EXIT_OK, "exit_code": self.exit_code, "checks": self.checks,
                "critical_failures": self.critical_failures, "errors": self.errors}


def evaluate_gate(metrics: dict[str, float | None], results, thresholds: Thresholds) -> GateResult:
    gate = GateResult()
    for kind, limits in (("min", thresholds.minimum), ("max", thresholds.maximum)):
        for name, limit in sorted(limits.items()):
            value = metrics.get(name)
            passed = None if value is None else (value >= limit if kind == "min" else value <= limit)
            gate.checks.append({"metric": name, "kind": kind, "limit": limit, "value": value, "passed": passed})
    gate.critical_failures = [r.id for r in results if r.critical_failure]
    gate.errors = [f"{r.id}: {r.error}" for r in results if r.error is not None]
    return gate


# -- baseline ---------------------------------------------------------------------------------------------------

def load_run_file(path: Path) -> dict:
    """A results.json or baseline.json written by the runner."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read run results ({exc})") from None
    if data.get("schema") != "evals.run" or "metrics" not in data:
        raise ConfigError(f"{path}: not an evals run file (schema 'evals.run' expected)")
    return data


def compare_runs(before: dict, after: dict) -> dict:
    """Metric deltas (after - before) and the cases that flipped between pass and fail."""
    deltas = {}
    for name in sorted(set(before["metrics"]) | set(after["metrics"])):
        a, b = before["metrics"].get(name), after["metrics"].get(name)
        delta = None if a is None or b is None else b - a
        better = None
        if delta is not None and abs(delta) > 1e-9:
            better = (delta < 0) if name in LOWER_IS_BETTER else (delta > 0)
        deltas[name] = {"before": a, "after": b, "delta": delta, "better": better}
    old = {c["id"]: c for c in before.get("cases", [])}
    new = {c["id"]: c for c in after.get("cases", [])}
    flipped = {"pass_to_fail": [], "fail_to_pass": [], "added": sorted(set(new) - set(old)),
               "removed": sorted(set(old) - set(new))}
    for cid in sorted(set(old) & set(new)):
        if old[cid]["passed"] and not new[cid]["passed"]:
            flipped["pass_to_fail"].append({"id": cid, "failures": new[cid].get("failures", [])})
        elif not old[cid]["passed"] and new[cid]["passed"]:
            flipped["fail_to_pass"].append({"id": cid, "failures": old[cid].get("failures", [])})
    return {"deltas": deltas, "flipped": flipped}
