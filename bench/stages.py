"""Per-stage latency over the golden questions, side by side with the plain LangChain pipeline.

Both run in this process on the same index, question by question (interleaved, so that a noisy neighbour hits
both alike). Context fact recall: the share of a case's key facts found in the top-k retrieved chunk texts
(normalised: case, accents, whitespace, "29,2" == "29.2"; see evals.metrics).
"""

from __future__ import annotations

import time

from assistant.pipeline import Assistant
from assistant.types import Turn
from bench.baseline import PlainPipeline
from bench.cases import fact_cases
from bench.stats import ratio, summarize, summarize_stages
from evals.dataset import EvalCase
from evals.metrics import context_fact_recall, key_fact_recall, mean


def measure(assistant: Assistant, cases: list[EvalCase], passes: int = 1) -> dict:
    """{"stages": per-stage summaries of timings_ms, "comparison": ours next to the plain pipeline}."""
    assistant.warm_up()
    k = assistant.settings.k
    plain = PlainPipeline(assistant.vector_store, k=k)
    chunk_text = {r.chunk_id: r.text for r in assistant.retriever.lexical.records}
    with_facts = {c.id for c in fact_cases(cases)}
    assistant.ask(cases[0].question)  # first-call costs (lazy imports, caches) are cold start, not latency
    plain.ask(cases[0].question)

    timings: list[dict[str, float]] = []
    ours_ms: list[float] = []
    plain_ms: list[float] = []
    recall = {"ours_context": [], "ours_answer": [], "plain_context": []}
    for n in range(passes):
        for i, case in enumerate(cases):
            history = [Turn(role=t.role, content=t.content) for t in case.history]
            runs = [("ours", lambda: assistant.ask(case.question, history)), ("plain", lambda: plain.ask(case.question))]
            if (i + n) % 2:
                runs.reverse()
            results = {}
            for name, run in runs:
                started = time.perf_counter()
                results[name] = run()
                (ours_ms if name == "ours" else plain_ms).append((time.perf_counter() - started) * 1000)
            answer = results["ours"]
            timings.append(answer.timings_ms)
            if n == 0 and case.id in with_facts:
                top = [chunk_text.get(r.chunk_id, "") for r in sorted(answer.retrieved, key=lambda r: r.rank)[:k]]
                recall["ours_context"].append(context_fact_recall(top, case.key_facts))
                recall["ours_answer"].append(key_fact_recall(answer.text, case.key_facts))
                recall["plain_context"].append(context_fact_recall(results["plain"], case.key_facts))

    ours_latency, plain_latency = summarize(ours_ms), summarize(plain_ms)
    ours_recall, plain_recall = mean(recall["ours_context"]), mean(recall["plain_context"])
    return {
        "stages": summarize_stages(timings),
        "questions": len(cases),
        "passes": passes,
        "comparison": {
            "cases_with_facts": len(with_facts),
            "k": k,
            "ours": {"context_fact_recall": ours_recall, "answer_fact_recall": mean(recall["ours_answer"]),
                     "latency_ms": ours_latency},
            "plain": {"context_fact_recall": plain_recall, "latency_ms": plain_latency},
            "context_fact_recall_ratio": ratio(ours_recall, plain_recall),
            "latency_p50_ratio": ratio(ours_latency["p50"], plain_latency["p50"]),
            "latency_p95_ratio": ratio(ours_latency["p95"], plain_latency["p95"]),
        },
    }
