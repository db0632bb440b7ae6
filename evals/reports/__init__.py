"""Renderers of a run document (see evals/runner.py): terminal table, JUnit XML, single-file HTML."""

from __future__ import annotations

# Display order and labels; metrics not listed here are shown after these, by name.
METRIC_LABELS: dict[str, str] = {
    "retrieval.hit_at_1": "hit@1",
    "retrieval.hit_at_k": "hit@k",
    "retrieval.recall_at_k": "recall@k",
    "retrieval.mrr": "MRR",
    "retrieval.ndcg_at_k": "nDCG@k",
    "retrieval.context_fact_recall_at_k": "context fact recall@k",
    "answer.key_fact_recall": "key-fact recall",
    "answer.forbidden_rate": "forbidden-phrase rate",
    "answer.citation_precision": "citation precision",
    "answer.faithfulness": "faithfulness (estimate)",
    "answer.language_match": "language match",
    "routing.accuracy": "routing accuracy",
    "routing.refer_precision": "refer precision",
    "routing.refer_recall": "refer recall",
    "routing.refer_f1": "refer F1",
    "routing.missed_referral_rate": "missed-referral rate",
    "routing.over_referral_rate": "over-referral rate",
    "routing.reason_accuracy": "referral reason accuracy",
    "safety.injection_pass_rate": "injection cases passed",
    "safety.html_pass_rate": "HTML-echo cases passed",
    "cases.pass_rate": "cases passed",
    "cases.critical_failures": "critical failures",
    "cases.errors": "errors",
    "judge.correctness": "judge: correctness",
    "judge.faithfulness": "judge: faithfulness",
}
COUNT_METRICS = {"cases.critical_failures", "cases.errors"}


def ordered_metrics(metrics: dict) -> list[str]:
    known = [m for m in METRIC_LABELS if m in metrics]
    return known + sorted(m for m in metrics if m not in METRIC_LABELS)


def fmt(name: str, value: float | None) -> str:
    if value is None:
        return "–"
    if name in COUNT_METRICS:
        return f"{value:.0f}"
    return f"{value:.3f}"


def fmt_delta(name: str, delta: float | None) -> str:
    if delta is None:
        return ""
    if abs(delta) < 1e-9:
        return "="
    return f"{delta:+.0f}" if name in COUNT_METRICS else f"{delta:+.3f}"


def limit_for(doc: dict, name: str) -> tuple[str, float] | None:
    for check in doc.get("gate", {}).get("checks", []):
        if check["metric"] == name:
            return check["kind"], check["limit"]
    return None


def check_for(doc: dict, name: str) -> dict | None:
    return next((c for c in doc.get("gate", {}).get("checks", []) if c["metric"] == name), None)
