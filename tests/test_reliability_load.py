"""Load and crashes against real `assistant serve` subprocesses on loopback: concurrent clients mixing chat,
feedback and referral requests; kill -9 of the server under that load and of an indexing run.

The load is RELIABILITY_CLIENTS clients (default 50) for RELIABILITY_SECONDS seconds (default 20; the issue's
full run is `RELIABILITY_SECONDS=60`). Figures are printed (`pytest -s` shows them).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter

import pytest
from load_client import Load, check_acknowledged, run_load, server_env, start_server

from assistant.config import PROJECT_ROOT, Settings

pytest_plugins = ["web_server"]
pytestmark = pytest.mark.integration

CLIENTS = int(os.environ.get("RELIABILITY_CLIENTS", "50"))
SECONDS = float(os.environ.get("RELIABILITY_SECONDS", "20"))


@pytest.fixture
def data_copy(indexed_assistant, tmp_path):
    """A data dir holding a copy of the session's real index and no database yet."""
    data = tmp_path / "data"
    shutil.copytree(indexed_assistant.settings.data_dir, data,
                    ignore=shutil.ignore_patterns("*.lock", "*.tmp", "assistant.sqlite*", "uploads"))
    return data


def _assert_all_stored(figures: dict[str, tuple[int, int, int]]) -> None:
    for kind, (acknowledged, found, _rows) in figures.items():
        assert found == acknowledged, f"{kind}: {acknowledged - found} of {acknowledged} acknowledged rows are missing"


def test_concurrent_clients_get_no_errors_and_every_acknowledged_row_is_stored(data_copy, tmp_path):
    server = start_server(data_copy, tmp_path / "server.log")
    try:
        report = run_load(server.base_url, CLIENTS, SECONDS)
    finally:
        server.stop()
    figures = check_acknowledged(report, data_copy)
    print(f"\nload: {CLIENTS} clients, {report.summary()}\nrows (acknowledged, found, in table): {figures}")
    assert report.errors == [], report.errors[:10]
    assert set(report.statuses) <= {200, 201}, report.statuses
    assert report.sent["referral"] >= CLIENTS, "every client should have finished at least one round"
    _assert_all_stored(figures)
    # Nothing but the load wrote feedback and referrals, and every attempt was acknowledged: no stray rows either.
    assert figures["feedback"][2] == figures["feedback"][0] and figures["referrals"][2] == figures["referrals"][0]


def test_kill_9_under_load_loses_no_acknowledged_request(data_copy, tmp_path):
    log = tmp_path / "server.log"
    server = start_server(data_copy, log)
    load = Load(server.base_url, CLIENTS).start()
    try:
        # Kill in full flow: once writes are being acknowledged, and at least a few seconds in.
        started, deadline = time.monotonic(), time.monotonic() + max(60.0, SECONDS)
        while time.monotonic() < deadline and (len(load.report.referral_ids) < CLIENTS // 2
                                               or time.monotonic() - started < min(SECONDS / 2, 10.0)):
            time.sleep(0.1)
        server.kill9()
        killed_at = time.monotonic()
        time.sleep(1.0)  # clients meet the dead port
    finally:
        server.stop()
        report = load.stop()
    before = check_acknowledged(report, data_copy)
    print(f"\nkill -9 under load: {CLIENTS} clients, {report.summary()}\n"
          f"rows (acknowledged, found, in table): {before}")
    assert report.statuses[201] > 0, "the kill came before any write was acknowledged"
    assert report.server_errors == [], report.server_errors[:10]
    _assert_all_stored(before)

    restarted = start_server(data_copy, log)
    try:
        print(f"restarted in {time.monotonic() - killed_at:.1f} s")
        after_restart = check_acknowledged(report, data_copy)
        again = run_load(restarted.base_url, min(CLIENTS, 10), 3)
    finally:
        restarted.stop()
    print(f"after restart: {after_restart}; new load: {again.summary()}")
    _assert_all_stored(after_restart)
    assert again.errors == [] and again.referral_ids, again.summary()
    _assert_all_stored(check_acknowledged(again, data_copy))


# -- indexing ----------------------------------------------------------------------------------------------------------
def _records(data_dir) -> int:
    path = data_dir / "records.sqlite"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT count(*) FROM upsertion_record").fetchone()[0]
    except sqlite3.Error:  # not created yet, or busy
        return 0


def _index_command(data_dir, knowledge) -> tuple[list[str], dict[str, str]]:
    # The killed run leaves its indexing lock behind; the re-run takes it over once it is not renewed for this long
    # (120 s by default, which this test spent waiting).
    return [sys.executable, "-m", "assistant.cli", "index"], server_env(data_dir, knowledge, index_lock_seconds="10")


BATCH = 128  # chunks per indexing batch (assistant.index.run_index)
SECOND_BATCH = 32  # at least this many chunks after the first batch: seconds of indexing left to kill


def _knowledge_of_two_batches(settings: Settings) -> list:
    """A copy of the knowledge in `settings.knowledge_dir`, with notes left out from the end while more than a batch
    and a good part of a second stay: a run can still be killed between two batches, and the two runs embed ~165
    chunks instead of all 223. The chunks of the copy."""
    from assistant.ingest import load_documents, source_dirs, split_documents

    shutil.copytree(PROJECT_ROOT / "knowledge", settings.knowledge_dir)

    def chunks() -> list:
        return split_documents(load_documents(source_dirs(settings)).documents, settings)

    per_note = Counter(chunk.metadata["source_path"] for chunk in chunks())
    left = sum(per_note.values())
    for note in sorted(per_note, reverse=True):
        if left - per_note[note] > BATCH + SECOND_BATCH:
            (settings.knowledge_dir / note).unlink()
            left -= per_note[note]
    return chunks()


def test_kill_9_during_indexing_then_a_rerun_ends_complete_without_duplicates(tmp_path):
    from assistant.indexstate import IndexCoordinator
    from assistant.lexical import LexicalIndex
    from assistant.pipeline import Assistant
    from assistant.providers import build_record_manager

    knowledge, data = tmp_path / "knowledge", tmp_path / "data"
    settings = Settings(_env_file=None, data_dir=data, knowledge_dir=knowledge)
    expected = {c.id for c in _knowledge_of_two_batches(settings)}
    assert len(expected) > BATCH, "needs more than one indexing batch to be killed in between"

    command, env = _index_command(data, knowledge)
    run = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 240
    while _records(data) == 0 and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    run.kill()  # SIGKILL
    run.wait(30)
    at_kill = _records(data)
    print(f"\nindexing killed with {at_kill} of {len(expected)} chunks recorded")
    assert 0 < at_kill < len(expected), "the kill did not land in the middle of the run"
    holder = IndexCoordinator(settings).holder()
    assert holder is not None and f":{run.pid}:" in holder, "the killed run left its lock for the re-run to take over"

    rerun = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert f"into {len(expected)} chunks" in rerun.stdout, rerun.stdout

    assistant = Assistant(settings)
    stored = assistant.vector_store.get(include=["metadatas"])
    places = [(m["source_path"], m["chunk_index"]) for m in stored["metadatas"]]
    keys = build_record_manager(settings).list_keys()
    lexical = LexicalIndex.load(settings.lexical_dir)
    print(f"after the re-run: {len(stored['ids'])} chunks in Chroma, {len(set(places))} distinct places, "
          f"{len(keys)} records, {len(lexical)} lexical; expected {len(expected)}")
    assert len(stored["ids"]) == len(expected) and set(stored["ids"]) == expected
    assert len(set(places)) == len(places), "the same piece of a note is indexed twice"
    assert sorted(keys) == sorted(expected)
    assert len(lexical) == len(expected)
