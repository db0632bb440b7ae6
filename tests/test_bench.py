"""The benchmark's pure parts: percentiles, target checks, the report and the plot, on fabricated numbers.

The benchmark itself (`python -m bench --quick`) takes minutes and measures the machine; it is not run here.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET

import pytest

from assistant.config import PROJECT_ROOT

# `bench/` is a folder of the repository, not part of the installed package: `python -m pytest` from the root
# finds it, a bare `pytest` needs the root on the path.
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from bench.__main__ import FULL, QUICK  # noqa: E402
from bench.plot import line_chart, scale_chart  # noqa: E402
from bench.report import render  # noqa: E402
from bench.stats import ratio, summarize, summarize_stages  # noqa: E402
from bench.targets import Target, check, judge, load_targets, lookup  # noqa: E402

pytestmark = pytest.mark.integration


def test_summarize_interpolates_percentiles_like_numpy():
    s = summarize(list(range(1, 101)))  # 1..100
    assert s["n"] == 100
    assert s["p50"] == pytest.approx(50.5)
    assert s["p95"] == pytest.approx(95.05)
    assert s["p99"] == pytest.approx(99.01)
    assert s["mean"] == pytest.approx(50.5)
    assert s["max"] == 100


def test_summarize_of_one_and_of_none():
    assert summarize([7.0])["p99"] == 7.0
    empty = summarize([])
    assert empty["n"] == 0 and empty["p50"] is None and empty["mean"] is None and empty["max"] is None


def test_summarize_stages_counts_only_answers_that_have_the_stage():
    stages = summarize_stages([{"embed": 10, "total": 20}, {"embed": 30, "total": 40, "dense": 5}])
    assert stages["embed"]["p50"] == 20 and stages["embed"]["n"] == 2
    assert stages["dense"]["n"] == 1 and stages["dense"]["p95"] == 5


def test_ratio_is_none_without_a_denominator():
    assert ratio(3.0, 2.0) == 1.5
    assert ratio(None, 2.0) is None and ratio(1.0, 0.0) is None


def _max(limit: float, margin: float = 0.25) -> Target:
    return Target(metric="x", label="x", limit=limit, kind="max", margin=margin)


def _min(limit: float, margin: float = 0.25) -> Target:
    return Target(metric="x", label="x", limit=limit, kind="min", margin=margin)


@pytest.mark.parametrize(("value", "verdict"), [(50, "met"), (60, "met"), (74.9, "within noise"), (75.1, "missed"),
                                                (None, "not measured")])
def test_judge_an_upper_limit_with_a_noise_margin(value, verdict):
    assert judge(_max(60), value) == verdict


@pytest.mark.parametrize(("value", "verdict"), [(41, "met"), (40, "met"), (30.5, "within noise"), (29, "missed")])
def test_judge_a_lower_limit_with_a_noise_margin(value, verdict):
    assert judge(_min(40), value) == verdict


def test_a_zero_margin_allows_nothing_over_the_limit():
    assert judge(_max(0, margin=0), 0) == "met"
    assert judge(_max(0, margin=0), 1) == "missed"
    assert judge(_min(1.0, margin=0), 0.99) == "missed"


def test_lookup_follows_dotted_paths_and_ignores_non_numbers():
    results = {"http": {"c1": {"p95_ms": 42.0, "errors": 0}}, "flag": True, "scale": {"100000": {"rss_mb": 900}}}
    assert lookup(results, "http.c1.p95_ms") == 42.0
    assert lookup(results, "http.c1.errors") == 0
    assert lookup(results, "scale.100000.rss_mb") == 900.0
    assert lookup(results, "http.c8.p95_ms") is None
    assert lookup(results, "flag") is None


def test_the_committed_targets_hold_the_issue_numbers():
    targets = {t.metric: t for t in load_targets()}
    assert targets["http.c1.p95_ms"].limit == 60 and targets["http.c1.p95_ms"].kind == "max"
    assert targets["http.c8.throughput_rps"].limit == 40 and targets["http.c8.throughput_rps"].kind == "min"
    assert targets["http.c8.errors"].margin == 0
    assert targets["cold_start.seconds"].limit == 10
    assert targets["indexing.chunks_per_s"].limit == 150
    assert targets["indexing.rerun_s"].limit == 2
    assert not targets["scale.100000.retrieve_p95_ms"].quick and not targets["scale.100000.rss_mb"].quick
    assert targets["comparison.context_fact_recall_ratio"].limit == 1.0


def test_quick_mode_checks_only_what_it_measures():
    targets = load_targets()
    quick = {c.target.metric for c in check({}, targets, quick=True)}
    assert "scale.100000.rss_mb" not in quick and "http.c1.p95_ms" in quick
    assert len(check({}, targets, quick=False)) == len(targets)
    assert 100_000 not in QUICK.sizes and 100_000 in FULL.sizes


def _fabricated() -> dict:
    stage = {"n": 3, "mean": 10.0, "p50": 9.0, "p95": 14.0, "p99": 15.0, "max": 15.0}
    return {
        "meta": {"mode": "quick", "started": "2026-01-01T00:00:00+00:00", "commit": "abc1234", "cpus": 2,
                 "load_before": 0.2, "load_after": 0.3, "seconds": 90.0, "dataset": "golden.jsonl",
                 "questions": 3, "settings_env": []},
        "errors": {},
        "indexing": {"documents": 50, "chunks": 186, "full_build_s": 1.0, "chunks_per_s": 186.0, "rerun_s": 0.1,
                     "rerun_changed": False, "model_load_s": 2.0},
        "stages": {"embed": stage, "total": stage},
        "stage_runs": {"questions": 3, "passes": 1},
        "comparison": {"cases_with_facts": 2, "k": 4,
                       "ours": {"context_fact_recall": 0.9, "answer_fact_recall": 0.8, "latency_ms": stage},
                       "plain": {"context_fact_recall": 0.6, "latency_ms": stage},
                       "context_fact_recall_ratio": 1.5, "latency_p50_ratio": 1.0, "latency_p95_ratio": 1.0},
        "http": {"duration_s": 5.0, "server_cold_start_s": 4.0,
                 "c1": {"concurrency": 1, "ok": 100, "errors": 0, "throughput_rps": 20.0, "p50_ms": 40.0,
                        "p95_ms": 70.0, "p99_ms": 80.0},
                 "c8": {"concurrency": 8, "ok": 300, "errors": 2, "throughput_rps": 60.0, "p50_ms": 100.0,
                        "p95_ms": 300.0, "p99_ms": 350.0}},
        "cold_start": {"seconds": 6.0, "runs": [6.0], "breakdown_s": {"imported": 1.0, "assistant_built": 1.1,
                                                                       "first_answer": 5.5}},
        "scale": {"embedding_chunks_per_s": 40.0, "unique_units_embedded": 800, "unit_embedding_s": 3.0, "note": "n",
                  **{str(n): {"chunks": n, "method": "pooled", "retrieve_p50_ms": 10.0 * i, "retrieve_p95_ms": 20.0 * i,
                              "rss_mb": 700.0, "load_s": 3.0, "chroma_add_s": 1.0, "lexical_build_s": 1.0,
                              "stages": {"retrieve": {"p95": 20.0 * i}, "dense": {"p95": 2.0 * i}}}
                     for i, n in enumerate((1_000, 10_000), 1)}},
    }


def test_fabricated_results_are_judged_and_reported():
    results = _fabricated()
    checks = {c.target.metric: c for c in check(results, load_targets(), quick=True)}
    assert checks["http.c1.p95_ms"].verdict == "within noise"  # 70 ms against 60 + 25 %
    assert checks["http.c8.errors"].failed  # errors have no margin
    assert checks["indexing.chunks_per_s"].verdict == "met"
    assert checks["comparison.context_fact_recall_ratio"].verdict == "met"

    text = render(results, list(checks.values()))
    assert "| /api/chat errors at concurrency 8 | 2 | ≤ 0 | missed |" in text
    assert "| embed | 9.0 | 14.0 | 15.0 | 3 |" in text
    assert "| 10,000 | pooled |" in text
    assert "busy" not in text  # load 0.2 on 2 CPUs is a quiet machine


def test_the_scale_plot_is_valid_svg_with_a_point_per_size():
    svg = scale_chart(_fabricated()["scale"], 150)
    root = ET.fromstring(svg)
    circles = [e for e in root.iter() if e.tag.endswith("circle")]
    assert len(circles) == 4  # retrieve and dense at two sizes
    assert "target 150 ms" in svg
    assert ET.fromstring(line_chart({}, "empty", "ms")) is not None


def test_a_waived_target_is_reported_as_missed_but_does_not_fail(tmp_path):
    path = tmp_path / "targets.toml"
    path.write_text('[[target]]\nmetric = "indexing.chunks_per_s"\nmin = 150\nwaived = "hardware"\n'
                    '[[target]]\nmetric = "indexing.rerun_s"\nmax = 2\n', encoding="utf-8")
    results = _fabricated()
    results["indexing"]["chunks_per_s"], results["indexing"]["rerun_s"] = 40.0, 9.0
    slow, rerun = check(results, load_targets(path), quick=True)
    assert slow.verdict == "missed" and not slow.failed and slow.shown_verdict == "missed (waived)"
    assert rerun.failed and rerun.shown_verdict == "missed"
    text = render(results, [slow, rerun])
    assert "| missed (waived) |" in text and "Waived (reported, not gated): indexing.chunks_per_s: hardware" in text


def test_only_targets_out_of_reach_on_this_cpu_are_waived_and_never_the_single_answer_latency():
    # The c8 and cold-start targets were set on a CPU with AMX; bench/targets.toml gives the figures measured here
    # for release 0.1 and the answer cards. /api/chat p95 at concurrency 1 (the issues' criterion) stays gated.
    waived = {t.metric: t.waived for t in load_targets() if t.waived}
    assert set(waived) == {"indexing.chunks_per_s", "http.c8.throughput_rps", "http.c8.p95_ms", "cold_start.seconds"}
    assert all(len(reason) > 40 for reason in waived.values())
