"""Cold start: a fresh process that imports the package, loads the index and models, and answers one question.

Run as a child (`python -m bench.cold_start QUESTION`) it prints one JSON line; `measure` starts it and times
process start to that line (interpreter start-up included).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.procs import PYTHON, child_env


def measure(data_dir: Path, question: str, runs: int = 1, timeout: float = 300) -> dict:
    """Seconds from process start to the first answer, over `runs` fresh processes (the index must exist)."""
    samples, details = [], []
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as scratch:
        for _ in range(runs):
            started = time.perf_counter()
            proc = subprocess.run([PYTHON, "-m", "bench.cold_start", question], cwd=scratch, env=child_env(data_dir),
                                  capture_output=True, text=True, timeout=timeout)
            elapsed = time.perf_counter() - started
            line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("{")), None)
            if proc.returncode != 0 or line is None:
                raise RuntimeError(f"cold-start child failed ({proc.returncode}): {proc.stderr[-2000:]}")
            details.append(json.loads(line))
            samples.append(elapsed)
    return {
        "seconds": sorted(samples)[len(samples) // 2],  # the median run
        "runs": samples,
        # Inside the child, from its own start: imports done, Assistant built, first answer composed.
        "breakdown_s": details[len(details) // 2],
    }


def main(question: str) -> None:
    import psutil

    process_start = psutil.Process().create_time()

    def since_start() -> float:
        return round(time.time() - process_start, 3)

    from assistant.config import Settings
    from assistant.pipeline import Assistant

    imported = since_start()
    assistant = Assistant(Settings())
    built = since_start()
    answer = assistant.ask(question)
    print(json.dumps({"imported": imported, "assistant_built": built, "first_answer": since_start(),
                      "route": answer.route, "answer_ms": answer.timings_ms}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
