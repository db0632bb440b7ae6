"""Sizing: what a deployment needs, from a benchmark's measured figures and stated assumptions about traffic.

Pure arithmetic (numbers in, rows out), so that each figure of the README's sizing table traces back to a figure of
results.json (`Measured.from_results` says which) or to an assumption in `Traffic` below.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Traffic:
    """Assumptions about visitors and staff, not measurements."""

    name: str
    sites: int                       # websites embedding the widget
    visitors_per_site_day: int
    chat_share: float                # visitors who open the chat
    questions_per_chat: float
    peak_hour_share: float           # share of a day's questions asked in its busiest hour
    burst: float                     # the busiest second over the busiest hour's mean
    feedback_share: float            # chats rated (thumbs with a comment)
    contact_share: float             # chats that end in a contact request
    uploaded_chunks: int             # chunks staff add to the knowledge beyond the built-in notes
    min_instances: int               # 2 where an update or a crash must not stop the service


CHAMBER = Traffic("one chamber", 1, 2_000, 0.03, 3, 0.15, 4, 0.10, 0.02, 2_000, 1)
NETWORK = Traffic("national network, 100 regional sites", 100, 2_000, 0.03, 3, 0.15, 4, 0.10, 0.02, 50_000, 2)
UTILISATION = 0.5      # plan for half the measured capacity: at concurrency 8 p95 is still within its target
RETENTION_DAYS = 180   # ASSISTANT_RETENTION_DAYS' default: stored conversations are deleted after it
SERVICES_MB = 256      # PostgreSQL (128 MB shared_buffers, its default) and Redis: assumed, not measured


@dataclass(frozen=True)
class Measured:
    """The benchmark's figures the sizing uses."""

    answers_per_s: float             # topology.direct.c8: one instance on the shared services, concurrency 8
    cores_measured_on: int           # meta.cpus: the machine that capacity was measured on
    cpu_ms_per_answer: float         # topology.cpu_ms_per_answer, summed over every service
    instance_rss_mb: float           # topology.instance_rss_loaded_mb
    chroma_rss_mb: float             # topology.chroma_rss_mb
    chroma_builtin_mb: float         # topology.chroma_dir_mb (topology.chunks chunks)
    chroma_mb_per_1k: float          # scale: the largest corpus's Chroma folder over its chunks
    bytes_per_row: dict[str, float]  # topology.postgres.bytes_per_row

    @classmethod
    def from_results(cls, results: dict) -> Measured:
        topo = results["topology"]
        sizes = [v for v in results["scale"].values() if isinstance(v, dict) and "chroma_dir_mb" in v]
        largest = max(sizes, key=lambda v: v["chunks"])
        return cls(
            answers_per_s=topo["direct"]["c8"]["throughput_rps"], cores_measured_on=results["meta"]["cpus"],
            cpu_ms_per_answer=sum(topo["cpu_ms_per_answer"].values()), instance_rss_mb=topo["instance_rss_loaded_mb"],
            chroma_rss_mb=topo["chroma_rss_mb"], chroma_builtin_mb=topo["chroma_dir_mb"],
            chroma_mb_per_1k=largest["chroma_dir_mb"] / largest["chunks"] * 1000,
            bytes_per_row=topo["postgres"]["bytes_per_row"],
        )


def bytes_per_chat(traffic: Traffic, rows: dict[str, float]) -> float:
    """A conversation row, a question and an answer row per question, and the shares of feedback and contact rows."""
    return (rows["conversations"] + 2 * traffic.questions_per_chat * rows["messages"]
            + traffic.feedback_share * rows["feedback"] + traffic.contact_share * rows["referral_requests"])


def plan(traffic: Traffic, m: Measured) -> dict[str, float]:
    """Every step of the arithmetic, by name, so that the table can show its working."""
    chats_day = traffic.sites * traffic.visitors_per_site_day * traffic.chat_share
    questions_day = chats_day * traffic.questions_per_chat
    peak = questions_day * traffic.peak_hour_share / 3600 * traffic.burst
    instances = max(traffic.min_instances, math.ceil(peak / (m.answers_per_s * UTILISATION)))
    per_chat = bytes_per_chat(traffic, m.bytes_per_row)
    return {
        "chats_day": chats_day, "questions_day": questions_day, "peak_per_s": peak, "instances": instances,
        "cores": instances * m.cores_measured_on,
        "cores_busy_at_peak": peak * m.cpu_ms_per_answer / 1000,
        "memory_mb": instances * m.instance_rss_mb + m.chroma_rss_mb + SERVICES_MB,
        "chroma_mb": m.chroma_builtin_mb + traffic.uploaded_chunks / 1000 * m.chroma_mb_per_1k,
        "bytes_per_chat": per_chat,
        "postgres_mb": chats_day * RETENTION_DAYS * per_chat / 2**20,
    }


ROWS = (("chats per day", "chats_day"), ("questions per day", "questions_day"),
        ("peak questions per second", "peak_per_s"), ("instances", "instances"), ("cores", "cores"),
        ("cores busy at peak (CPU time)", "cores_busy_at_peak"), ("memory MB", "memory_mb"),
        ("Chroma MB", "chroma_mb"), ("PostgreSQL bytes per chat", "bytes_per_chat"),
        ("PostgreSQL MB (retention)", "postgres_mb"))


def rows(m: Measured, scenarios: tuple[Traffic, ...] = (CHAMBER, NETWORK)) -> tuple[list[str], list[list]]:
    """The sizing table: a header naming the scenarios, a row per quantity."""
    plans = [plan(t, m) for t in scenarios]
    return ["", *(t.name for t in scenarios)], [[label, *(p[key] for p in plans)] for label, key in ROWS]
