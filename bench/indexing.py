"""Indexing: a full build into a fresh data dir (chunks per second), then a re-run with nothing changed."""

from __future__ import annotations

import subprocess
import tempfile
import time
from pathlib import Path

from assistant.config import Settings
from assistant.pipeline import Assistant
from assistant.providers import index_in_bf16
from bench.procs import PYTHON, child_env


def measure(settings: Settings, cli_rerun: bool = False) -> tuple[dict, Assistant]:
    """Build the index under `settings.data_dir` (which should be empty) and time it; returns the Assistant too.

    The embedding model is loaded and the Chroma store opened before the clock starts, so chunks/s is the
    indexing itself; both are reported on their own (`model_load_s`, `store_open_s`). With `cli_rerun`, the
    re-run is also timed as a user runs it: `assistant index` in a fresh process.
    """
    assistant = Assistant(settings)
    started = time.perf_counter()
    assistant.embeddings.embed_query("load the model")
    model_load = time.perf_counter() - started
    started = time.perf_counter()
    assistant.chunk_count()  # opens the Chroma client and collection (imports included)
    store_open = time.perf_counter() - started

    started = time.perf_counter()
    full = assistant.index()
    full_s = time.perf_counter() - started

    started = time.perf_counter()
    rerun = assistant.index()
    rerun_s = time.perf_counter() - started

    out = {
        "documents": full.documents,
        "chunks": full.chunks_total,
        "model_load_s": model_load,
        "store_open_s": store_open,
        "precision": "bfloat16" if index_in_bf16(settings) else "float32",
        "full_build_s": full_s,
        "chunks_per_s": full.chunks_total / full_s if full_s else None,
        "rerun_s": rerun_s,
        "rerun_changed": rerun.changed,
    }
    if cli_rerun:
        with tempfile.TemporaryDirectory(prefix="bench-index-") as scratch:
            started = time.perf_counter()
            subprocess.run([PYTHON, "-m", "assistant.cli", "index"], cwd=scratch, env=child_env(settings.data_dir),
                           check=True, capture_output=True, timeout=300)
            out["cli_rerun_s"] = time.perf_counter() - started
    return out, assistant


def fresh_settings(root: Path) -> Settings:
    """Settings for a new, empty data dir under `root` (the project's knowledge and prompts; no `.env`)."""
    return Settings(_env_file=None, data_dir=root / "data")
