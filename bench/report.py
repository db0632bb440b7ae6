"""The Markdown report of a results dict (pure: numbers in, text out)."""

from __future__ import annotations

from bench import sizing
from bench.targets import Check

QUICK_BUDGET_S = 180  # each section starts processes that load the models: ~170 s on an idle 2-core machine
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


def _levels(levels: dict) -> list[dict]:
    return sorted((v for k, v in levels.items() if k.startswith("c") and isinstance(v, dict)),
                  key=lambda v: v["concurrency"])


def topology_lines(results: dict) -> list[str]:
    """The same load on each setup side by side (grouped by concurrency), the HTTP layer's cost against the pipeline
    in process, and the footprint the README's sizing table uses; or why it was not measured."""
    if "topology_skipped" in results and "inprocess" not in results:
        return ["## Topology", "", results["topology_skipped"], ""]
    if "inprocess" not in results:
        return []
    topo = results.get("topology", {})
    setups = {"inprocess": ("in process (threads, no HTTP)", results["inprocess"]),
              "embedded": ("one instance, embedded store and SQLite", results.get("http")),
              **{s: (label, topo.get(s)) for s, label in topo.get("setups", {}).items()}}
    rows = [[v["concurrency"], label, v["throughput_rps"], v["p50_ms"], v["p95_ms"], v["errors"]]
            for label, levels in setups.values() if levels for v in _levels(levels)]
    out = ["## Topology: the same load on each setup (shared Chroma server, PostgreSQL, Redis on loopback)", ""]
    out += table(["concurrency", "setup", "answers/s", "p50 ms", "p95 ms", "errors"], sorted(rows, key=lambda r: r[0]))
    if "topology_skipped" in results:
        out += [results["topology_skipped"], ""]
    out += ["HTTP layer's cost against the pipeline in process: per answer, 1/(answers/s over HTTP) − 1/(answers/s in "
            "process) at concurrency 8 (machine time); and the p50 difference at concurrency 1 (what one visitor "
            "waits longer).", ""]
    out += table(["setup", "ms per answer at c8", "p50 ms more at c1"],
                 [[setups[s][0], cost["per_answer_ms"], cost["p50_ms"]] for s, cost in results["http_cost"].items()])
    if topo:
        pg = topo["postgres"]["bytes_per_row"]
        cpu = ", ".join(f"{s} {fmt(ms)}" for s, ms in topo["cpu_ms_per_answer"].items())
        out += [f"Footprint: {topo['chunks']} chunks of built-in knowledge take {fmt(topo['chroma_dir_mb'])} MB in "
                f"Chroma's folder; the Chroma server {fmt(topo['chroma_rss_mb'])} MB resident; an instance "
                f"{fmt(topo['instance_rss_warm_mb'])} MB warm, {fmt(topo['instance_rss_loaded_mb'])} MB after the "
                f"loads. CPU ms per answer over all loads: {cpu}. PostgreSQL bytes per row: "
                + ", ".join(f"{table_} {fmt(b)}" for table_, b in pg.items()) + ".", ""]
    if topo and "scale" in results:
        header, sized = sizing.rows(sizing.Measured.from_results(results))
        out += ["## Sizing from this run's figures (assumptions in bench/sizing.py; the README shows the working)", ""]
        out += table(header, sized)
    return out


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
        levels = _levels(h)
        out += [f"## HTTP `/api/chat` on loopback ({fmt(h['duration_s'], 0)} s per level, separate load process)", ""]
        out += table(["concurrency", "answers", "answers/s", "p50 ms", "p95 ms", "p99 ms", "errors"],
                     [[v["concurrency"], v["ok"], v["throughput_rps"], v["p50_ms"], v["p95_ms"], v["p99_ms"],
                       v["errors"]] for v in levels])
        out += [f"Server start (`assistant serve`) to its first `/api/chat` answer: {fmt(h.get('server_cold_start_s'))} s.", ""]
    elif "http_skipped" in results:
        out += ["## HTTP", "", results["http_skipped"], ""]

    out += topology_lines(results)

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
