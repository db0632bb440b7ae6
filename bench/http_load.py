"""HTTP: the real server (`assistant serve`) on loopback, loaded by a separate process at fixed concurrencies.

The rate limit is raised for the run (ASSISTANT_RATE_LIMIT), else it would be the thing measured.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.config import PROJECT_ROOT
from bench.procs import PYTHON, child_env
from bench.stats import summarize
from evals.dataset import EvalCase

RATE_LIMIT = "1000000/minute"


def available() -> bool:
    return (PROJECT_ROOT / "assistant" / "web" / "app.py").is_file()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _payloads(cases: list[EvalCase]) -> list[dict]:
    out = []
    for case in cases:
        body: dict = {"message": case.question}
        if case.history:
            body["history"] = [t.model_dump() for t in case.history]
        out.append(body)
    return out


def _wait_ready(url: str, server: subprocess.Popen, payload: dict, timeout: float) -> float:
    """Seconds until the server answers its first /api/chat (it is polled from the moment it is spawned)."""
    import httpx

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode} before it answered")
        try:
            if httpx.post(f"{url}/api/chat", json=payload, timeout=60).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"the server did not answer /api/chat within {timeout:.0f} s")


def measure(data_dir: Path, cases: list[EvalCase], concurrencies: tuple[int, ...], duration: float) -> dict:
    """Per concurrency: requests, throughput, latency percentiles and errors; plus the server's own cold start."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    payloads = _payloads(cases)
    out: dict = {"duration_s": duration, "rate_limit": RATE_LIMIT}
    with tempfile.TemporaryDirectory(prefix="bench-http-") as scratch:
        questions = Path(scratch) / "questions.json"
        questions.write_text(json.dumps(payloads), encoding="utf-8")
        log = (Path(scratch) / "server.log").open("w")
        server = subprocess.Popen(
            [PYTHON, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=scratch, env=child_env(data_dir, rate_limit=RATE_LIMIT), stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            out["server_cold_start_s"] = _wait_ready(url, server, payloads[0], timeout=300)
            for payload in payloads[:5]:  # a few sequential answers: first-call costs are not latency
                _wait_ready(url, server, payload, timeout=60)
            for c in concurrencies:
                proc = subprocess.run(
                    [PYTHON, "-m", "bench.load_client", url, str(questions), "--concurrency", str(c),
                     "--duration", str(duration)],
                    cwd=scratch, env=child_env(data_dir), capture_output=True, text=True, timeout=duration + 300,
                )
                if proc.returncode != 0:
                    raise RuntimeError(f"load client failed: {proc.stderr[-2000:]}")
                raw = json.loads(proc.stdout.strip().splitlines()[-1])
                latency = summarize(raw.pop("latencies_ms"))
                out[f"c{c}"] = {
                    **raw,
                    "throughput_rps": raw["ok"] / raw["duration_s"] if raw["duration_s"] else None,
                    **{f"{q}_ms": latency[q] for q in ("p50", "p95", "p99", "max")},
                }
        finally:
            server.terminate()
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            log.close()
            if "server_cold_start_s" not in out:  # it never answered: its log says why
                print((Path(scratch) / "server.log").read_text()[-3000:], file=sys.stderr)
    return out
