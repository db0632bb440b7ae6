"""Topology: the HTTP section's load (same questions, concurrencies, duration and load client) on the distributed
deployment of bench/loopback.py — Chroma's server, PostgreSQL and Redis shared — against (a) one instance directly,
(b) one instance behind nginx, (c) two instances behind nginx; plus, for the sizing table, an instance's resident
memory, the Chroma folder of the built-in knowledge and PostgreSQL's bytes per stored row.

Full mode only: starting the services, indexing into Chroma's server and loading two instances takes minutes, over
the quick run's budget. Nothing here is a target: on a 2-core machine two instances share the same two cores with
nginx, the services and the load client, so they cannot double throughput; the report shows what they do.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from assistant.pipeline import Assistant
from bench import inprocess, storage
from bench.http_load import RATE_LIMIT, load_levels, warm, write_questions
from bench.loopback import Topology, build, start, stop
from bench.loopback_services import Process, ServiceMissing, free_port, nginx_command, wait_ready, write_nginx_prefix
from bench.procs import child_env, dir_mb, tree_cpu_s, tree_rss_mb
from bench.stats import http_cost
from evals.dataset import EvalCase

# The setups in the order they are loaded; their labels are the report's.
SETUPS = {"direct": "one instance, direct", "nginx_one": "one instance behind nginx",
          "nginx_two": "two instances behind nginx"}
STORED_ROWS = 300  # chats, each with feedback and a contact request, for the bytes per row


def _nginx_for_one(topology: Topology) -> tuple[Process, str]:
    """A second nginx, running the same deploy/nginx.conf with instance 1 as its only upstream server."""
    prefix, port = topology.root / "nginx-one", free_port()
    write_nginx_prefix(prefix, listen_port=port, instance_ports=[topology.instances[0].port])
    nginx = Process("nginx (one instance)", nginx_command(prefix), topology.root / "logs" / "nginx-one.log")
    nginx.start()
    url = f"http://127.0.0.1:{port}"
    wait_ready("nginx (one instance)", lambda: httpx.get(f"{url}/nginx-health", timeout=2).status_code == 200, nginx)
    return nginx, url


def _footprint(topology: Topology) -> dict:
    """What the built-in knowledge takes: chunks, the Chroma server's folder (MB) and its resident memory."""
    health = httpx.get(f"{topology.base_url}/api/health", timeout=10).json()
    return {"chunks": health["chunks"], "chroma_dir_mb": dir_mb(topology.root / "chroma"),
            "chroma_rss_mb": tree_rss_mb(topology.chroma.process.pid)}


def _service_pids(topology: Topology, nginx_one: Process) -> dict[str, list[int]]:
    """The processes whose CPU time is counted, by service (PostgreSQL: the postmaster and its backends)."""
    postmaster = int((topology.postgres.data / "postmaster.pid").read_text().split()[0])
    return {"instances": [i.process.pid for i in topology.instances], "chroma": [topology.chroma.process.pid],
            "postgres": [postmaster], "redis": [topology.redis.process.pid],
            "nginx": [topology.nginx.process.pid, nginx_one.process.pid]}


def _cpu_s(pids: dict[str, list[int]]) -> dict[str, float]:
    return {service: sum(tree_cpu_s(pid) for pid in ids) for service, ids in pids.items()}


def _load_all(topology: Topology, nginx_one: Process, urls: dict[str, str], questions: Path,
              concurrencies: tuple[int, ...], duration: float) -> dict:
    """Every setup under the same load, one after the other; instance 1's memory before and after, and each
    service's CPU milliseconds per answer over all the loads (what the sizing table's cores come from)."""
    for instance in topology.instances:  # each instance warm, as the HTTP section's server is
        warm(instance.url, questions)
    env = child_env(topology.root / "load-client")
    # A short load through both paths, not reported: else the setup loaded first also pays the services' first
    # connections and caches.
    for url in (urls["nginx_one"], urls["nginx_two"]):
        load_levels(url, questions, (max(concurrencies),), min(duration, 5.0), env)
    out: dict = {"instance_rss_warm_mb": tree_rss_mb(topology.instances[0].process.pid)}
    pids = _service_pids(topology, nginx_one)
    cpu_before = _cpu_s(pids)
    for setup, url in urls.items():
        out[setup] = load_levels(url, questions, concurrencies, duration, env)
    cpu_after = _cpu_s(pids)
    answers = sum(level["ok"] for setup in urls for level in out[setup].values())
    out["cpu_ms_per_answer"] = {s: (cpu_after[s] - cpu_before[s]) * 1000 / answers for s in pids} if answers else {}
    out["instance_rss_loaded_mb"] = tree_rss_mb(topology.instances[0].process.pid)
    return out


def _distributed(root: Path, cases: list[EvalCase], concurrencies: tuple[int, ...], duration: float) -> dict:
    """The three setups' load levels, the footprint, and bytes per stored row; raises ServiceMissing before starting
    anything when a service binary is not installed."""
    root.mkdir(parents=True, exist_ok=True)
    topology = build(root, {"ASSISTANT_RATE_LIMIT": RATE_LIMIT})
    out: dict = {"duration_s": duration, "rate_limit": RATE_LIMIT, "setups": SETUPS}
    nginx_one = None
    try:
        start(topology)
        nginx_one, one_url = _nginx_for_one(topology)
        out.update(_footprint(topology))
        questions = write_questions(cases, root)
        before = storage.table_sizes(topology.postgres.url)
        urls = {"direct": topology.instances[0].url, "nginx_one": one_url, "nginx_two": topology.base_url}
        out.update(_load_all(topology, nginx_one, urls, questions, concurrencies, duration))
        storage.add_feedback_and_referrals(topology.base_url, cases[0].question, STORED_ROWS)
        after = storage.table_sizes(topology.postgres.url)
        out["postgres"] = {"before": before, "after": after, "bytes_per_row": storage.bytes_per_row(before, after)}
    finally:
        if nginx_one is not None:
            nginx_one.stop()
        stop(topology)
    return out


def measure(assistant: Assistant, root: Path, cases: list[EvalCase], concurrencies: tuple[int, ...], duration: float,
            embedded: dict | None = None) -> dict:
    """The results this section adds: "inprocess" (the reference, measured first, on an idle machine), "topology"
    (or "topology_skipped" with the package to install) and "http_cost" of each HTTP setup, the `http` section's
    embedded single instance included when it ran."""
    out: dict = {"inprocess": inprocess.measure(assistant, cases, concurrencies, duration)}
    try:
        out["topology"] = _distributed(root, cases, concurrencies, duration)
    except ServiceMissing as exc:
        out["topology_skipped"] = f"Not measured: {exc}."
    setups = {"embedded": embedded, **{s: out.get("topology", {}).get(s) for s in SETUPS}}
    out["http_cost"] = {s: http_cost(levels, out["inprocess"]) for s, levels in setups.items() if levels}
    return out
