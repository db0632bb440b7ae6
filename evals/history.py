"""Run history in SQLite: every run's metadata, metrics and per-case outcome, to compare runs later."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at TEXT NOT NULL,
    git_commit TEXT,
    git_dirty INTEGER,
    dataset_path TEXT,
    dataset_sha256 TEXT,
    answerer TEXT,
    settings_json TEXT,
    metrics_json TEXT,
    exit_code INTEGER,
    duration_s REAL,
    document_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS case_results (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    case_id TEXT NOT NULL,
    passed INTEGER NOT NULL,
    route TEXT,
    reason TEXT,
    failures_json TEXT,
    PRIMARY KEY (run_id, case_id)
);
"""


class HistoryError(LookupError):
    pass


class RunHistory:
    """One SQLite file; opened per call so that concurrent runs do not hold it."""

    def __init__(self, path: Path):
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, timeout=30)
        conn.executescript(SCHEMA)
        return conn

    def record(self, doc: dict) -> int:
        """Store a run document; returns its run id."""
        run = doc["run"]
        with closing(self._connect()) as conn, conn:
            cur = conn.execute(
                "INSERT INTO runs (started_at, git_commit, git_dirty, dataset_path, dataset_sha256, answerer,"
                " settings_json, metrics_json, exit_code, duration_s, document_json) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (run["started_at"], run.get("git_commit"), int(bool(run.get("git_dirty"))), run["dataset"]["path"],
                 run["dataset"]["sha256"], run.get("answerer"), json.dumps(run.get("settings", {})),
                 json.dumps(doc["metrics"]), doc["gate"]["exit_code"], run.get("duration_s"), json.dumps(doc)),
            )
            run_id = int(cur.lastrowid)
            doc["run"]["id"] = run_id
            conn.execute("UPDATE runs SET document_json = ? WHERE id = ?", (json.dumps(doc), run_id))
            conn.executemany(
                "INSERT INTO case_results (run_id, case_id, passed, route, reason, failures_json) VALUES (?,?,?,?,?,?)",
                [(run_id, c["id"], int(c["passed"]), c.get("route"), c.get("reason"), json.dumps(c.get("failures", [])))
                 for c in doc.get("cases", [])],
            )
        return run_id

    def runs(self, limit: int = 20) -> list[dict]:
        if not self.path.is_file():
            return []
        with closing(self._connect()) as conn:
            rows = conn.execute(
                "SELECT id, started_at, git_commit, git_dirty, dataset_path, answerer, exit_code, metrics_json"
                " FROM runs ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        keys = ("id", "started_at", "git_commit", "git_dirty", "dataset_path", "answerer", "exit_code", "metrics")
        return [dict(zip(keys, (*r[:7], json.loads(r[7] or "{}")), strict=True)) for r in rows]

    def load(self, ref: str | int) -> dict:
        """A stored run by id, or `last` / `prev` (the one before last)."""
        if not self.path.is_file():
            raise HistoryError(f"no run history at {self.path}")
        with closing(self._connect()) as conn:
            if str(ref) in ("last", "latest", "prev", "previous"):
                offset = 0 if str(ref) in ("last", "latest") else 1
                row = conn.execute("SELECT document_json FROM runs ORDER BY id DESC LIMIT 1 OFFSET ?", (offset,)).fetchone()
            else:
                try:
                    run_id = int(ref)
                except ValueError:
                    raise HistoryError(f"{ref!r} is neither a run id, `last`, `prev`, nor a results file") from None
                row = conn.execute("SELECT document_json FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            raise HistoryError(f"no run {ref!r} in {self.path}")
        return json.loads(row[0])
