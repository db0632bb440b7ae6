"""The run as terminal tables: metrics against floors and baseline, routing, latency, failed cases, verdict."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from evals.reports import METRIC_LABELS, check_for, fmt, fmt_delta, ordered_metrics

ROUTES = ("answer", "refer", "out_of_scope")


def _status(check: dict | None) -> str:
    if check is None:
        return ""
    if check["passed"] is None:
        return "[dim]not measured[/]"
    sign = "≥" if check["kind"] == "min" else "≤"
    return f"[green]ok[/] {sign} {check['limit']}" if check["passed"] else f"[bold red]FAIL[/] {sign} {check['limit']}"


def render(doc: dict, console: Console, show_cases: bool = True) -> None:
    """`show_cases=False` (a frozen test split): how many cases failed, never which or why."""
    run = doc["run"]
    deltas = (doc.get("baseline") or {}).get("deltas", {})
    table = Table(title=f"Evals · {run['dataset']['path']} · {run['dataset']['cases']} cases · answerer {run['answerer']}"
                  f" · k={run.get('k')}", title_justify="left")
    table.add_column("metric")
    table.add_column("value", justify="right")
    if deltas:
        table.add_column("baseline", justify="right")
        table.add_column("Δ", justify="right")
    table.add_column("gate")
    for name in ordered_metrics(doc["metrics"]):
        value = doc["metrics"][name]
        row = [METRIC_LABELS.get(name, name) + f" [dim]({name})[/]", fmt(name, value)]
        if deltas:
            d = deltas.get(name, {})
            colour = "green" if d.get("better") else "red" if d.get("better") is False else "dim"
            row += [fmt(name, d.get("before")), f"[{colour}]{fmt_delta(name, d.get('delta'))}[/]"]
        row.append(_status(check_for(doc, name)))
        table.add_row(*row)
    console.print(table)

    routing = Table(title="Routing: expected (rows) × actual (columns)", title_justify="left")
    routing.add_column("expected \\ actual")
    for r in ROUTES:
        routing.add_column(r, justify="right")
    for e in ROUTES:
        routing.add_row(e, *[str(doc["routing"]["confusion"][e][a]) for a in ROUTES])
    console.print(routing)

    reasons = Table(title="Per referral reason", title_justify="left")
    for col in ("reason", "support", "correct", "missed", "wrong reason", "predicted", "precision", "recall", "over-referrals"):
        reasons.add_column(col, justify="right" if col != "reason" else "left")
    for reason, s in doc["routing"]["per_reason"].items():
        missed = round((s["missed_rate"] or 0) * s["support"])
        reasons.add_row(reason, str(s["support"]), str(s["correct"]), str(missed), str(s["wrong_reason"]),
                        str(s["predicted"]), fmt("", s["precision"]), fmt("", s["recall"]), str(s["over_referrals"]))
    console.print(reasons)

    latency = Table(title="Latency (ms) per stage", title_justify="left")
    for col in ("stage", "p50", "p95", "mean", "n"):
        latency.add_column(col, justify="right" if col != "stage" else "left")
    for stage, s in doc["latency"].items():
        latency.add_row(stage, f"{s['p50']:.1f}", f"{s['p95']:.1f}", f"{s['mean']:.1f}", str(s["n"]))
    console.print(latency)

    failed = [c for c in doc["cases"] if not c["passed"]]
    if failed and not show_cases:
        console.print(f"[bold]{len(failed)} of {len(doc['cases'])} cases failed[/] (not listed: a frozen split; "
                      "its reports hold them)")
    elif failed:
        console.print(f"[bold]{len(failed)} of {len(doc['cases'])} cases failed:[/]")
        for c in failed:
            mark = "[bold red]CRITICAL[/] " if c.get("critical_failure") else ""
            console.print(f"  {mark}[bold]{c['id']}[/]: " + " | ".join(c["failures"]), highlight=False)
    flipped = (doc.get("baseline") or {}).get("flipped")
    if flipped and show_cases:
        if flipped["pass_to_fail"]:
            console.print("[red]Now failing (passed in the baseline):[/] " + ", ".join(f["id"] for f in flipped["pass_to_fail"]))
        if flipped["fail_to_pass"]:
            console.print("[green]Now passing (failed in the baseline):[/] " + ", ".join(f["id"] for f in flipped["fail_to_pass"]))

    gate = doc["gate"]
    if gate["exit_code"] == 0:
        console.print("[bold green]GATE PASSED[/]: every floor met, no critical case failed.")
    else:
        reasons_text = [f"{c['metric']} = {fmt(c['metric'], c['value'])} ({'<' if c['kind'] == 'min' else '>'} {c['limit']})"
                        for c in gate["checks"] if c["passed"] is False]
        reasons_text += [f"critical case {cid} failed" for cid in gate["critical_failures"]]
        reasons_text += [f"error in {e}" for e in gate["errors"]]
        word = "ERRORS" if gate["exit_code"] == 2 else "GATE FAILED"
        console.print(f"[bold red]{word}[/] (exit {gate['exit_code']}): " + "; ".join(reasons_text), highlight=False)
