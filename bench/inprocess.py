"""In-process load: N threads calling the pipeline directly, for the same time, questions and concurrencies as the
HTTP load. It is the reference for the HTTP figures: the gap between the two is the HTTP layer (uvicorn, FastAPI,
JSON, the conversation written to the database, a load client on the same cores)."""

from __future__ import annotations

import itertools
import threading
import time
from collections import Counter

from assistant.pipeline import Assistant
from assistant.types import Turn
from bench.stats import load_level
from evals.dataset import EvalCase


def _level(assistant: Assistant, questions: list[tuple[str, list[Turn]]], concurrency: int, duration: float) -> dict:
    """One concurrency level: threads ask back to back until the deadline, as the load client's workers post."""
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    order, lock = itertools.cycle(range(len(questions))), threading.Lock()
    started = time.perf_counter()
    deadline = started + duration

    def worker() -> None:
        while time.perf_counter() < deadline:
            with lock:
                question, history = questions[next(order)]
            sent = time.perf_counter()
            try:
                assistant.ask(question, history)
            except Exception as exc:  # noqa: BLE001 - counted, as the load client counts a failed request
                errors[type(exc).__name__] += 1
                continue
            latencies.append((time.perf_counter() - sent) * 1000)

    threads = [threading.Thread(target=worker, name=f"inprocess-{n}") for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return load_level({"concurrency": concurrency, "duration_s": time.perf_counter() - started, "ok": len(latencies),
                       "errors": sum(errors.values()), "errors_by_kind": dict(errors), "latencies_ms": latencies})


def measure(assistant: Assistant, cases: list[EvalCase], concurrencies: tuple[int, ...], duration: float) -> dict:
    """Per concurrency ("c8"): answers, answers/s, latency percentiles and errors, as `http_load.load_levels`."""
    questions = [(c.question, [Turn(role=t.role, content=t.content) for t in c.history]) for c in cases]
    assistant.warm_up()
    for question, history in questions[:5]:  # first-call costs are not latency, as in the HTTP warm-up
        assistant.ask(question, history)
    return {f"c{c}": _level(assistant, questions, c, duration) for c in concurrencies}
