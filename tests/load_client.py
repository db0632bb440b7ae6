"""Helpers for the reliability tests: `assistant serve` as a real subprocess on loopback, and a mixed load of
concurrent clients that records which writes the server acknowledged.

Not a test module (pytest collects only test_*.py); import it from tests after `pytest_plugins = ["web_server"]`.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from assistant.config import PROJECT_ROOT

ADMIN_TOKEN = "reliability-admin-token-0123456789"
HIGH_RATE_LIMIT = "100000/second"

CHAT_QUESTIONS = [
    "Is LinkedIn nuttig voor een klein bedrijf?",
    "How do I respond to complaints on Facebook?",
    "Hoe pas ik social media in mijn marketingstrategie?",
    "Can you write a marketing plan for my bakery?",
    "What goals should I set for social media?",
    "Mijn Instagram-account is gehackt, wat nu?",
]


@dataclass
class Server:
    """A running `assistant serve` process; its stdout and stderr go to `log_path`."""

    process: subprocess.Popen
    base_url: str
    log_path: Path
    data_dir: Path

    def kill9(self) -> None:
        """SIGKILL: no shutdown hooks, no flushing; what a power cut or the OOM killer does to the process."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill9()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def server_env(data_dir: Path, knowledge_dir: Path | None = None, **settings: str) -> dict[str, str]:
    """The environment for an assistant subprocess over `data_dir` (settings given without the ASSISTANT_ prefix)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    env.update({
        "ASSISTANT_DATA_DIR": str(data_dir),
        "ASSISTANT_KNOWLEDGE_DIR": str(knowledge_dir or PROJECT_ROOT / "knowledge"),
        "ASSISTANT_RATE_LIMIT": HIGH_RATE_LIMIT,
        "ASSISTANT_ADMIN_TOKEN": ADMIN_TOKEN,
        "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONUNBUFFERED": "1",
    })
    env.update({f"ASSISTANT_{k.upper()}": v for k, v in settings.items()})
    return env


def start_server(data_dir: Path, log_path: Path, *, access_log: bool = True, timeout: float = 240,
                 knowledge_dir: Path | None = None, **settings: str) -> Server:
    """Start `assistant serve` on a free loopback port and wait until /api/health answers."""
    from bench.loopback_services import free_port
    from web_server import wait_for_health

    port = free_port()
    command = [sys.executable, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if access_log:
        command.append("--access-log")
    with log_path.open("ab") as log:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=server_env(data_dir, knowledge_dir, **settings),
                                   stdout=log, stderr=subprocess.STDOUT)
    server = Server(process, f"http://127.0.0.1:{port}", log_path, data_dir)
    try:
        wait_for_health(server.base_url, timeout=timeout, alive=lambda: process.poll() is None)
    except BaseException:
        server.stop()
        raise
    return server


# -- the load ----------------------------------------------------------------------------------------------------------
@dataclass
class LoadReport:
    """What the clients sent and what the server acknowledged (ids it returned with 201)."""

    sent: Counter = field(default_factory=Counter)  # per kind: chat, feedback, referral
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)  # 5xx and transport errors, "kind: what"
    feedback_ids: set[int] = field(default_factory=set)
    referral_ids: set[int] = field(default_factory=set)
    message_ids: set[int] = field(default_factory=set)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def server_errors(self) -> list[str]:
        """The 5xx answers among the errors (the others are connections that failed)."""
        return [e for e in self.errors if e.split(": ", 1)[1][:1] == "5"]

    @property
    def requests(self) -> int:
        return sum(self.sent.values())

    def summary(self) -> str:
        return (f"{self.requests} requests in {self.seconds:.1f} s ({dict(self.sent)}), "
                f"statuses {dict(self.statuses)}, "
                f"{len(self.errors)} errors; acknowledged: {len(self.message_ids)} answers, "
                f"{len(self.feedback_ids)} feedback, {len(self.referral_ids)} referrals")


def _client_loop(base_url: str, n: int, stop: threading.Event, report: LoadReport) -> None:
    """One client: ask, rate the answer, leave contact details; again until told to stop."""
    address = f"10.200.{n // 256 % 256}.{n % 256}"
    with httpx.Client(base_url=base_url, timeout=120, headers={"X-Forwarded-For": address}) as client:
        i = 0
        while not stop.is_set():
            i += 1
            question = CHAT_QUESTIONS[(n + i) % len(CHAT_QUESTIONS)]
            chat = _send(client, report, "chat", "/api/chat", {"message": question}, stop)
            if chat is None:
                continue
            answer = chat.json()
            with report.lock:
                report.message_ids.add(answer["message_id"])
            rated = _send(client, report, "feedback", "/api/feedback", {
                "session_id": answer["session_id"], "message_id": answer["message_id"],
                "rating": "up" if i % 2 else "down", "comment": f"load {n}-{i}"}, stop)
            if rated is not None:
                with report.lock:
                    report.feedback_ids.add(rated.json()["id"])
            referred = _send(client, report, "referral", "/api/referrals", {
                "session_id": answer["session_id"], "name": f"Load Client {n}", "email": f"load-{n}-{i}@example.org",
                "question": question, "consent": True}, stop)
            if referred is not None:
                with report.lock:
                    report.referral_ids.add(referred.json()["id"])


def _send(client: httpx.Client, report: LoadReport, kind: str, path: str, body: dict,
          stop: threading.Event) -> httpx.Response | None:
    """POST once; the response when the server acknowledged it (2xx), else None (the failure is counted)."""
    with report.lock:
        report.sent[kind] += 1
    try:
        response = client.post(path, json=body)
    except httpx.TransportError as exc:
        with report.lock:
            report.errors.append(f"{kind}: {type(exc).__name__}")
        if stop.is_set():
            return None
        time.sleep(0.2)  # the server is gone (a crash test): do not spin
        return None
    with report.lock:
        report.statuses[response.status_code] += 1
        if response.status_code >= 500:
            report.errors.append(f"{kind}: {response.status_code} {response.text[:200]}")
    return response if response.is_success else None


class Load:
    """`clients` threads, each looping chat -> feedback -> referral against `base_url` until `stop()`."""

    def __init__(self, base_url: str, clients: int):
        self.report = LoadReport()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=_client_loop, args=(base_url, n, self._stop, self.report),
                                          name=f"load-{n}", daemon=True) for n in range(1, clients + 1)]
        self._started = 0.0

    def start(self) -> Load:
        self._started = time.monotonic()
        for thread in self._threads:
            thread.start()
        return self

    def stop(self, timeout: float = 180) -> LoadReport:
        """Stop the clients after their current request; every request they sent has an outcome after this."""
        self._stop.set()
        deadline = time.monotonic() + timeout
        for thread in self._threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        alive = [t.name for t in self._threads if t.is_alive()]
        if alive:
            raise TimeoutError(f"{len(alive)} load clients still waiting for an answer after {timeout:.0f} s")
        self.report.seconds = time.monotonic() - self._started
        return self.report


def run_load(base_url: str, clients: int, seconds: float) -> LoadReport:
    load = Load(base_url, clients).start()
    time.sleep(seconds)
    return load.stop()


# -- what the database holds -------------------------------------------------------------------------------------------
def stored_ids(data_dir: Path, table: str) -> set[int]:
    """Row ids in a table of the assistant's SQLite database, read with plain sqlite3 (as staff tools would)."""
    with sqlite3.connect(f"file:{data_dir / 'assistant.sqlite'}?mode=ro", uri=True, timeout=30) as db:
        return {row[0] for row in db.execute(f"SELECT id FROM {table}")}  # noqa: S608 - fixed table names


def check_acknowledged(report: LoadReport, data_dir: Path) -> dict[str, tuple[int, int, int]]:
    """(acknowledged, found among them, rows in the table) per kind of write."""
    figures = {}
    for kind, table, acked in (("answers", "messages", report.message_ids),
                               ("feedback", "feedback", report.feedback_ids),
                               ("referrals", "referral_requests", report.referral_ids)):
        rows = stored_ids(data_dir, table)
        figures[kind] = (len(acked), len(acked & rows), len(rows))
    return figures
