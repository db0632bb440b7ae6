"""The Markdown report of a results dict (pure: numbers in, text out)."""

from __future__ import annotations

from bench.targets import Check

QUICK_BUDGET_S = 120
STAGES = ("embed", "dense", "lexical", "fusion", "retrieve", "referral", "answer", "total")


def fmt(value, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def table(header: list[str], rows: list[list]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(c if isinstance(c, str) else fmt(c) for c in row) + " |" for row in rows]
    return lines + [""]


def render(results: dict, checks: list[Check]) -> str:
    meta = results["meta"]
    out = [
        f"# Benchmark ({meta['mode']}) — {meta['started']}",
        "",
        f"Commit `{meta.get('commit') or '?'}`, {meta['cpus']} CPUs, load average {fmt(meta['load_before'], 2)} before "
        f"and {fmt(meta['load_after'], 2)} after, {fmt(meta['seconds'])} s in all. Questions: "
        f"{meta['dataset']} ({meta['questions']}). Non-default settings: {', '.join(meta['settings_env']) or 'none'}.",
        "",
    ]
    if meta["load_before"] and meta["load_before"] > meta["cpus"] * 0.5:
        out += ["**The machine was busy when this ran: latencies are inflated and noisy.**", ""]
    if meta["mode"] == "quick" and meta["seconds"] > QUICK_BUDGET_S:
        out += [f"**This quick run took {fmt(meta['seconds'])} s, over its {QUICK_BUDGET_S} s budget.**", ""]
    for section, error in results.get("errors", {}).items():
        out += [f"**{section} failed:** `{error}`", ""]

    out += ["## Targets", ""]
    out += table(["target", "value", "limit", "verdict"],
                 [[c.target.label, c.value, f"{'≤' if c.target.kind == 'max' else '≥'} {c.target.limit:g}", c.shown_verdict]
                  for c in checks])
    waived = [c for c in checks if c.shown_verdict != c.verdict]
    out += [f"Waived (reported, not gated): {c.target.label}: {c.target.waived}" for c in waived] + [""] * bool(waived)

    if "stages" in results:
        s = results["stages"]
        out += [f"## Per stage (ms), {results['stage_runs']['questions']} questions × "
                f"{results['stage_runs']['passes']} passes, in process, warm", ""]
        out += table(["stage", "p50", "p95", "p99", "n"],
                     [[st, s[st]["p50"], s[st]["p95"], s[st]["p99"], s[st]["n"]] for st in STAGES if st in s])

    if "comparison" in results:
        c = results["comparison"]
        o, p = c["ours"], c["plain"]
        out += [f"## Side by side: ours and a plain LangChain pipeline (same Chroma and embeddings, "
                f"`similarity_search(k={c['k']})`)", ""]
        out += table(["", "ours", "plain", "ours / plain"], [
            [f"context fact recall ({c['cases_with_facts']} cases, top {c['k']} chunks)", o["context_fact_recall"],
             p["context_fact_recall"], c["context_fact_recall_ratio"]],
            ["answer fact recall (answer text)", o["answer_fact_recall"], "–", "–"],
            ["latency p50 (ms, whole call)", o["latency_ms"]["p50"], p["latency_ms"]["p50"], c["latency_p50_ratio"]],
            ["latency p95 (ms, whole call)", o["latency_ms"]["p95"], p["latency_ms"]["p95"], c["latency_p95_ratio"]],
        ])
        out += ["Ours is the whole `ask` (retrieval, referral, composed answer); the plain pipeline only retrieves, "
                "and gets a follow-up question without its conversation.", ""]

    if "http" in results:
        h = results["http"]
        levels = sorted((v for k, v in h.items() if k.startswith("c") and isinstance(v, dict)),
                        key=lambda v: v["concurrency"])
        out += [f"## HTTP `/api/chat` on loopback ({fmt(h['duration_s'], 0)} s per level, separate load process)", ""]
        out += table(["concurrency", "answers", "answers/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
                     [[v["concurrency"], v["ok"], v["throughput_rps"], v["p50_ms"], v["p95_ms"], v["p99_ms"],
                       v["errors"]] for v in levels])
        out += [f"Server start (`assistant serve`) to its first `/api/chat` answer: {fmt(h.get('server_cold_start_s'))} s.", ""]
    elif "http_skipped" in results:
        out += ["## HTTP", "", results["http_skipped"], ""]

    if "cold_start" in results:
        cs = results["cold_start"]
        b = cs["breakdown_s"]
        out += ["## Cold start", ""]
        out += table(["process start → first answer (s)", "imports done", "Assistant built", "first answer", "runs"],
                     [[cs["seconds"], b["imported"], b["assistant_built"], b["first_answer"],
                       ", ".join(fmt(r) for r in cs["runs"])]])

    if "indexing" in results:
        ix = results["indexing"]
        out += ["## Indexing (fresh data dir, model loaded and store opened first)", ""]
        out += table(["documents", "chunks", "full build s", "chunks/s", "embedding precision", "re-run s",
                      "re-run changed", "model load s", "store open s", "`assistant index` re-run s"],
                     [[ix["documents"], ix["chunks"], ix["full_build_s"], ix["chunks_per_s"], ix.get("precision"),
                       ix["rerun_s"], ix["rerun_changed"], ix["model_load_s"], ix.get("store_open_s"),
                       ix.get("cli_rerun_s")]])

    if "scale" in results:
        sc = results["scale"]
        sizes = [v for v in sc.values() if isinstance(v, dict) and "chunks" in v]
        asked = sizes[0].get("questions") if sizes else None
        out += [f"## Scale (synthetic corpus; a fresh serving process per size answers {fmt(asked)} questions)", ""]
        out += table(["chunks", "vectors", "retrieve p50", "retrieve p95", "dense p95", "lexical p95", "fusion p95",
                      "total p95", "RSS MB", "load s", "build s (Chroma + BM25)"],
                     [[s["chunks"], s["method"], s["retrieve_p50_ms"], s["retrieve_p95_ms"],
                       s["stages"].get("dense", {}).get("p95"), s["stages"].get("lexical", {}).get("p95"),
                       s["stages"].get("fusion", {}).get("p95"), s["stages"].get("total", {}).get("p95"),
                       s["rss_mb"], s["load_s"], s["chroma_add_s"] + s["lexical_build_s"]] for s in sizes])
        out += [f"Embedding throughput of the real model on synthetic chunks: {fmt(sc['embedding_chunks_per_s'])} "
                f"chunks/s; {sc['unique_units_embedded']} unique sentences and titles embedded in "
                f"{fmt(sc['unit_embedding_s'])} s. Vectors: {sc['note']}.", "",
                "![retrieval latency against corpus size](scale.svg)", ""]
    return "\n".join(out)
