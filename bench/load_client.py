"""The load process: N concurrent clients post to /api/chat back to back for a fixed time.

`python -m bench.load_client URL QUESTIONS_JSON --concurrency 8 --duration 5` prints one JSON line with the
latencies of successful answers, throughput and errors by kind. It runs in its own process so that the client's
work is not counted against the server's event loop (both still share the machine's cores).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import time
from collections import Counter
from pathlib import Path


async def run(url: str, payloads: list[dict], concurrency: int, duration: float) -> dict:
    import httpx

    latencies: list[float] = []
    errors: Counter[str] = Counter()
    order = itertools.cycle(range(len(payloads)))
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60.0) as client:
        started = time.perf_counter()
        deadline = started + duration

        async def worker() -> None:
            while time.perf_counter() < deadline:
                payload = payloads[next(order)]
                sent = time.perf_counter()
                try:
                    response = await client.post("/api/chat", json=payload)
                except httpx.HTTPError as exc:
                    errors[type(exc).__name__] += 1
                    continue
                if response.status_code == 200 and "text" in response.json():
                    latencies.append((time.perf_counter() - sent) * 1000)
                else:
                    errors[f"http_{response.status_code}"] += 1

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {"concurrency": concurrency, "duration_s": elapsed, "ok": len(latencies),
            "errors": sum(errors.values()), "errors_by_kind": dict(errors), "latencies_ms": latencies}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("questions", type=Path, help="JSON list of /api/chat request bodies")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--duration", type=float, default=5.0)
    args = parser.parse_args()
    payloads = json.loads(args.questions.read_text(encoding="utf-8"))
    print(json.dumps(asyncio.run(run(args.url, payloads, args.concurrency, args.duration))), flush=True)


if __name__ == "__main__":
    main()
