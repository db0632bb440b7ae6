"""The topology section's pure parts: the HTTP layer's cost, bytes per stored row, the side-by-side report and the
sizing arithmetic, on fabricated numbers. The section itself (`python -m bench`, full mode) starts PostgreSQL,
Redis, Chroma's server, two instances and nginx, and takes minutes; it is not run here."""

from __future__ import annotations

import math

import pytest

from bench.__main__ import FULL, QUICK
from bench.report import topology_lines
from bench.sizing import CHAMBER, NETWORK, RETENTION_DAYS, SERVICES_MB, Measured, Traffic, bytes_per_chat, plan, rows
from bench.stats import http_cost, load_level
from bench.storage import bytes_per_row

pytestmark = pytest.mark.integration


def _level(c: int, rps: float, p50: float, errors: int = 0) -> dict:
    return {"concurrency": c, "ok": int(rps * 20), "errors": errors, "throughput_rps": rps, "p50_ms": p50,
            "p95_ms": p50 * 2, "p99_ms": p50 * 3}


def test_a_load_level_reports_answers_per_second_and_percentiles_not_the_latencies():
    level = load_level({"concurrency": 8, "duration_s": 2.0, "ok": 4, "errors": 1, "latencies_ms": [10, 20, 30, 40]})
    assert level["throughput_rps"] == 2.0 and level["p50_ms"] == 25.0 and level["max_ms"] == 40
    assert "latencies_ms" not in level and level["errors"] == 1


def test_the_http_cost_is_the_time_per_answer_over_the_pipelines_and_the_idle_median_difference():
    http = {"c1": _level(1, 20.0, 45.0), "c8": _level(8, 40.0, 180.0)}
    local = {"c1": _level(1, 25.0, 38.0), "c8": _level(8, 50.0, 150.0)}
    cost = http_cost(http, local)
    assert cost["per_answer_ms"] == pytest.approx(1000 / 40 - 1000 / 50)  # 25 ms - 20 ms = 5 ms
    assert cost["p50_ms"] == pytest.approx(7.0)


def test_the_http_cost_is_none_where_a_level_was_not_measured_or_answered_nothing():
    assert http_cost({"c8": _level(8, 0.0, 0.0)}, {"c8": _level(8, 50.0, 1.0)}) == {"per_answer_ms": None,
                                                                                     "p50_ms": None}


def test_bytes_per_row_is_the_growth_not_the_empty_tables_pages():
    before = {"messages": {"rows": 10, "bytes": 65_536}, "feedback": {"rows": 0, "bytes": 32_768}}
    after = {"messages": {"rows": 1_010, "bytes": 65_536 + 400_000}, "feedback": {"rows": 0, "bytes": 32_768}}
    assert bytes_per_row(before, after) == {"messages": 400.0, "feedback": None}


def test_the_topology_runs_in_full_mode_only():
    assert FULL.topology and not QUICK.topology
    assert QUICK.concurrencies == FULL.concurrencies  # the same levels as the HTTP section either way


def _results() -> dict:
    http = {"c1": _level(1, 20.0, 45.0), "c8": _level(8, 40.0, 180.0)}
    topology = {
        "setups": {"direct": "one instance, direct", "nginx_one": "one instance behind nginx",
                   "nginx_two": "two instances behind nginx"},
        "direct": {"c1": _level(1, 18.0, 50.0), "c8": _level(8, 30.0, 240.0)},
        "nginx_one": {"c1": _level(1, 17.0, 52.0), "c8": _level(8, 29.0, 250.0)},
        "nginx_two": {"c1": _level(1, 17.0, 52.0), "c8": _level(8, 31.0, 230.0, errors=1)},
        "chunks": 300, "chroma_dir_mb": 6.0, "chroma_rss_mb": 200.0, "instance_rss_warm_mb": 900.0,
        "instance_rss_loaded_mb": 1000.0, "cpu_ms_per_answer": {"instances": 50.0, "chroma": 8.0, "postgres": 2.0},
        "postgres": {"bytes_per_row": {"conversations": 200.0, "messages": 800.0, "feedback": 500.0,
                                       "referral_requests": 600.0}},
    }
    return {"meta": {"cpus": 2}, "http": http, "inprocess": {"c1": _level(1, 25.0, 38.0), "c8": _level(8, 50.0, 150.0)},
            "topology": topology, "http_cost": {"embedded": http_cost(http, {"c1": _level(1, 25.0, 38.0),
                                                                             "c8": _level(8, 50.0, 150.0)})},
            "scale": {"1000": {"chunks": 1_000, "chroma_dir_mb": 5.0}, "10000": {"chunks": 10_000, "chroma_dir_mb": 30.0},
                      "note": "n"}}


def test_the_report_puts_every_setup_side_by_side_at_each_concurrency():
    text = "\n".join(topology_lines(_results()))
    lines = [line for line in text.splitlines() if line.startswith("| 8 |")]
    assert [line.split(" | ")[1] for line in lines] == [
        "in process (threads, no HTTP)", "one instance, embedded store and SQLite", "one instance, direct",
        "one instance behind nginx", "two instances behind nginx"]
    assert "| 8 | two instances behind nginx | 31.0 | 230 | 460 | 1 |" in text
    assert "| one instance, embedded store and SQLite | 5.0 | 7.0 |" in text
    assert "instances 50.0, chroma 8.0, postgres 2.0" in text
    assert "## Sizing" in text and "| PostgreSQL MB (retention) |" in text


def test_a_missing_service_is_reported_with_the_in_process_reference():
    results = _results()
    del results["topology"]
    results["topology_skipped"] = "Not measured: the loopback topology needs `nginx` (apt-get install nginx; ...)."
    text = "\n".join(topology_lines(results))
    assert "apt-get install nginx" in text and "| 1 | in process (threads, no HTTP) |" in text
    assert "## Sizing" not in text


def test_quick_mode_reports_why_the_topology_is_missing():
    assert topology_lines({"topology_skipped": "Full mode only"}) == ["## Topology", "", "Full mode only", ""]


def test_the_sizing_arithmetic_from_measured_figures():
    m = Measured.from_results(_results())
    assert m.answers_per_s == 30.0 and m.cpu_ms_per_answer == 60.0 and m.chroma_mb_per_1k == 3.0  # the largest size
    network = plan(NETWORK, m)
    assert network["chats_day"] == pytest.approx(100 * 2_000 * 0.03)  # 6,000
    assert network["peak_per_s"] == pytest.approx(6_000 * 3 * 0.15 / 3600 * 4)  # 3 questions per second
    assert network["instances"] == 2  # 3/s needs one at half of 30/s; two so that an update stops nothing
    assert network["cores"] == 4 and network["cores_busy_at_peak"] == pytest.approx(3 * 0.060)
    assert network["memory_mb"] == 2 * 1000.0 + 200.0 + SERVICES_MB
    assert network["chroma_mb"] == pytest.approx(6.0 + 50 * 3.0)
    per_chat = 200 + 2 * 3 * 800 + 0.1 * 500 + 0.02 * 600
    assert bytes_per_chat(NETWORK, m.bytes_per_row) == pytest.approx(per_chat)
    assert network["postgres_mb"] == pytest.approx(6_000 * RETENTION_DAYS * per_chat / 2**20)
    assert plan(CHAMBER, m)["instances"] == 1


def test_instances_grow_with_the_peak_at_half_the_measured_capacity():
    m = Measured.from_results(_results())
    busy = Traffic("busy", 1_000, 2_000, 0.03, 3, 0.15, 4, 0.1, 0.02, 0, 2)  # 30 questions per second
    assert plan(busy, m)["instances"] == math.ceil(30 / 15)
    header, table = rows(m, (CHAMBER, busy))
    assert header == ["", "one chamber", "busy"] and table[3] == ["instances", 1, 2]
