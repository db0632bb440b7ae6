"""HTTP: the real server (`assistant serve`) on loopback, loaded by a separate process at fixed concurrencies.

The rate limit is raised for the run (ASSISTANT_RATE_LIMIT), else it would be the thing measured.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from assistant.config import PROJECT_ROOT
from bench.loopback_services import free_port
from bench.procs import PYTHON, child_env
from bench.stats import load_level
from evals.dataset import EvalCase

RATE_LIMIT = "1000000/minute"


def available() -> bool:
    return (PROJECT_ROOT / "assistant" / "web" / "app.py").is_file()


def _payloads(cases: list[EvalCase]) -> list[dict]:
    out = []
    for case in cases:
        body: dict = {"message": case.question}
        if case.history:
            body["history"] = [t.model_dump() for t in case.history]
        out.append(body)
    return out


def write_questions(cases: list[EvalCase], folder: Path) -> Path:
    """The /api/chat request bodies of the cases, as the JSON file the load client reads."""
    questions = folder / "questions.json"
    questions.write_text(json.dumps(_payloads(cases)), encoding="utf-8")
    return questions


def _wait_ready(url: str, server: subprocess.Popen | None, payload: dict, timeout: float) -> float:
    """Seconds until the server answers its first /api/chat (it is polled from the moment it is spawned)."""
    import httpx

    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if server is not None and server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode} before it answered")
        try:
            if httpx.post(f"{url}/api/chat", json=payload, timeout=60).status_code == 200:
                return time.perf_counter() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"the server did not answer /api/chat within {timeout:.0f} s")


def warm(url: str, questions: Path, server: subprocess.Popen | None = None, timeout: float = 300) -> float:
    """Seconds to the first answer, then a few sequential answers: first-call costs are not latency."""
    payloads = json.loads(questions.read_text(encoding="utf-8"))
    first = _wait_ready(url, server, payloads[0], timeout=timeout)
    for payload in payloads[:5]:
        _wait_ready(url, server, payload, timeout=60)
    return first


def load_levels(url: str, questions: Path, concurrencies: tuple[int, ...], duration: float,
                env: dict[str, str]) -> dict[str, dict]:
    """Per concurrency ("c8"): the load client's answers, throughput, latency percentiles and errors against `url`."""
    out = {}
    for c in concurrencies:
        proc = subprocess.run(
            [PYTHON, "-m", "bench.load_client", url, str(questions), "--concurrency", str(c),
             "--duration", str(duration)],
            cwd=questions.parent, env=env, capture_output=True, text=True, timeout=duration + 300,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"load client failed: {proc.stderr[-2000:]}")
        out[f"c{c}"] = load_level(json.loads(proc.stdout.strip().splitlines()[-1]))
    return out


def measure(data_dir: Path, cases: list[EvalCase], concurrencies: tuple[int, ...], duration: float) -> dict:
    """Per concurrency: requests, throughput, latency percentiles and errors; plus the server's own cold start."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    out: dict = {"duration_s": duration, "rate_limit": RATE_LIMIT}
    with tempfile.TemporaryDirectory(prefix="bench-http-") as scratch:
        questions = write_questions(cases, Path(scratch))
        log = (Path(scratch) / "server.log").open("w")
        server = subprocess.Popen(
            [PYTHON, "-m", "assistant.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=scratch, env=child_env(data_dir, rate_limit=RATE_LIMIT), stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            out["server_cold_start_s"] = warm(url, questions, server)
            out.update(load_levels(url, questions, concurrencies, duration, child_env(data_dir)))
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
