"""The questions the benchmark asks: the golden eval set (or batch40 when there is no golden set yet)."""

from __future__ import annotations

from pathlib import Path

from assistant.config import PROJECT_ROOT
from evals.dataset import EvalCase, lint

DATASETS = PROJECT_ROOT / "evals" / "datasets"


def dataset_path() -> Path:
    golden = DATASETS / "golden.jsonl"
    return golden if golden.is_file() else DATASETS / "batch40.jsonl"


def load_cases(path: Path | None = None) -> list[EvalCase]:
    """The validated cases; a broken dataset is an error, not a smaller benchmark."""
    path = path or dataset_path()
    report = lint(path)
    if not report.ok:
        raise ValueError(f"{path}: " + "; ".join(report.errors[:5]))
    return report.cases


def fact_cases(cases: list[EvalCase]) -> list[EvalCase]:
    """Cases that expect an answer with key facts: the ones context fact recall is measured on."""
    return [c for c in cases if c.route == "answer" and c.key_facts]
