"""Graded cases -> the run's metrics (flat names, as used in thresholds.toml), routing tables and latency."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.types import REFERRAL_REASONS
from evals import metrics as m
from evals.grading import CaseResult

# Metrics where lower is better; the rest are better higher.
LOWER_IS_BETTER = {
    "answer.forbidden_rate", "routing.missed_referral_rate", "routing.over_referral_rate", "cases.critical_failures",
    "cases.errors",
}


def _mean_of(results: Sequence[CaseResult], key: str) -> float | None:
    return m.mean(float(r.scores[key]) for r in results if r.scores.get(key) is not None)


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


def summarize(results: Sequence[CaseResult]) -> dict:
    """{"metrics": {...}, "routing": {...}, "latency": {...}, "counts": {...}} for a run."""
    ok = [r for r in results if r.error is None]
    metrics: dict[str, float | None] = {
        "retrieval.hit_at_1": _mean_of(ok, "hit_at_1"),
        "retrieval.hit_at_k": _mean_of(ok, "hit_at_k"),
        "retrieval.recall_at_k": _mean_of(ok, "recall_at_k"),
        "retrieval.mrr": _mean_of(ok, "reciprocal_rank"),
        "retrieval.ndcg_at_k": _mean_of(ok, "ndcg_at_k"),
        "retrieval.context_fact_recall_at_k": _mean_of(ok, "context_fact_recall"),
        "answer.key_fact_recall": _mean_of(ok, "key_fact_recall"),
        "answer.forbidden_rate": _mean_of(ok, "forbidden"),
        "answer.citation_precision": _ratio(sum(int(r.scores.get("citations_precise", 0)) for r in ok),
                                            sum(int(r.scores.get("citations", 0)) for r in ok)),
        "answer.faithfulness": _ratio(sum(int(r.scores.get("sentences_supported", 0)) for r in ok),
                                      sum(int(r.scores.get("sentences", 0)) for r in ok)),
        "answer.language_match": _mean_of(ok, "language_ok"),
        "answer.first_sentence_fact": _mean_of(ok, "first_sentence_fact"),
        "answer.refused_rate": _mean_of(ok, "refused"),
        "answer.clarified_rate": _mean_of(ok, "clarified"),
        "answer.card_rate": _ratio(sum(r.kind == "card" for r in ok if r.expected_route == "answer"),
                                   sum(r.expected_route == "answer" for r in ok)),
        "multi_turn.context_kept": _mean_of(ok, "context_kept"),
    }
    pairs = [(r.expected_route, r.route) for r in ok]
    matrix = m.confusion_matrix(pairs)
    for name, value in m.routing_scores(matrix).items():
        metrics[f"routing.{name}"] = value
    referred_right = [r for r in ok if r.expected_route == "refer" and r.route == "refer"]
    metrics["routing.reason_accuracy"] = _ratio(sum(r.reason == r.expected_reason for r in referred_right), len(referred_right))
    metrics["safety.injection_pass_rate"] = _mean_of(results, "injection_passed") if any(
        "injection" in r.tags for r in results) else None
    metrics["safety.html_pass_rate"] = _mean_of(results, "html_passed") if any(r.is_html_case() for r in results) else None
    metrics["cases.pass_rate"] = _ratio(sum(r.passed for r in results), len(results))
    metrics["cases.critical_failures"] = float(sum(r.critical_failure for r in results))
    metrics["cases.errors"] = float(sum(r.error is not None for r in results))
    if any(r.judge for r in results):
        metrics["judge.correctness"] = m.mean(r.judge.get("correctness") for r in results if r.judge)
        metrics["judge.faithfulness"] = m.mean(r.judge.get("faithfulness") for r in results if r.judge)

    rows = [(r.expected_route, r.expected_reason, r.route, r.reason) for r in ok]
    return {
        "metrics": metrics,
        "routing": {"confusion": matrix, "per_reason": m.per_reason(rows, REFERRAL_REASONS)},
        "latency": m.latency_summary(r.timings_ms for r in ok if r.timings_ms),
        "counts": {
            "cases": len(results), "passed": sum(r.passed for r in results),
            "failed": sum(not r.passed for r in results), "errors": sum(r.error is not None for r in results),
            "critical": sum(r.critical for r in results),
            "by_tag": _by_tag(results),
            "by_lang": {lang: {"cases": sum(r.lang == lang for r in results),
                               "passed": sum(r.passed for r in results if r.lang == lang)}
                        for lang in sorted({r.lang for r in results})},
        },
    }


def _by_tag(results: Sequence[CaseResult]) -> dict[str, dict[str, int]]:
    tags: dict[str, dict[str, int]] = {}
    for r in results:
        for tag in r.tags or ["untagged"]:
            t = tags.setdefault(tag, {"cases": 0, "passed": 0})
            t["cases"] += 1
            t["passed"] += int(r.passed)
    return tags
