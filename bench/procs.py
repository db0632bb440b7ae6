"""Child processes of the benchmark: their environment, and resident memory."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from assistant.config import PROJECT_ROOT

PYTHON = sys.executable


def child_env(data_dir: Path, **settings: str) -> dict[str, str]:
    """The environment for a child process: this one's, the project importable, and ASSISTANT_* overrides.

    Children run in a scratch folder so that a developer's `.env` (an LLM, another data dir) does not leak into
    the numbers; ASSISTANT_* variables set in the environment itself do apply, as they do in this process.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(PROJECT_ROOT), env.get("PYTHONPATH", "")) if p)
    env["ASSISTANT_DATA_DIR"] = str(data_dir)
    env.setdefault("HF_HUB_OFFLINE", "1")
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    env["PYTHONUNBUFFERED"] = "1"
    for name, value in settings.items():
        env[f"ASSISTANT_{name.upper()}"] = value
    return env


def rss_mb() -> float:
    """This process's resident memory now, in MB."""
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def peak_rss_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports kilobytes)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children now, in MB (`assistant serve` may fork workers)."""
    import psutil

    root = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)]) / 2**20


def dir_mb(path: Path) -> float:
    """Bytes of the files under a folder, in MB (what a Chroma data folder takes on disk)."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def tree_cpu_s(pid: int) -> float:
    """CPU seconds (user and system) used so far by a process and its live children: a service's share of the
    machine under load, from snapshots before and after."""
    import psutil

    root = psutil.Process(pid)
    times = [p.cpu_times() for p in [root, *root.children(recursive=True)]]
    return sum(t.user + t.system for t in times)
