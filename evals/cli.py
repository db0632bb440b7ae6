"""`python -m evals run | lint | compare | history`: nothing heavy is imported until a command needs it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Answer-quality evals for the assistant.")
DEFAULT_DB = Path("evals/out/history.sqlite")


@app.command()
def run(
    dataset: Annotated[list[Path], typer.Option(metavar="FILE", help="Golden dataset (JSON Lines). Give several (each with its own --out) to answer them with one assistant, loaded once.")] = [Path("evals/datasets/golden.jsonl")],  # noqa: B006
    out: Annotated[list[Path], typer.Option(metavar="DIR", help="Where reports, the run history and (by default) the index go; one per --dataset.")] = [Path("evals/out")],  # noqa: B006
    baseline: Annotated[Optional[Path], typer.Option(help="A results.json / baseline.json to compare with.")] = None,
    answerer: Annotated[str, typer.Option(help="extractive (default, offline) or llm (needs ASSISTANT_LLM).")] = "extractive",
    thresholds: Annotated[Path, typer.Option(help="Floors and ceilings.")] = Path(__file__).parent / "thresholds.toml",
    judge: Annotated[str, typer.Option(help="LLM judge tier: auto (when ASSISTANT_LLM is set), on or off.")] = "auto",
    history: Annotated[Optional[Path], typer.Option(help="Run history SQLite file (default <out>/history.sqlite).")] = None,
    save_baseline: Annotated[Optional[Path], typer.Option(help="Also write this run as a slim baseline file.")] = None,
    documents: Annotated[Optional[Path], typer.Option(help="A folder of staff documents to upload through the admin API first (own-documents suite).")] = None,
    index_cache: Annotated[Optional[Path], typer.Option(help="Folder of prepared indexes: a run whose own data dir is empty starts from the copy of the same index (same knowledge, prompts, settings, code and packages) and a run that builds one keeps a copy there.")] = None,
    cases: Annotated[bool, typer.Option("--cases/--no-cases", help="Print each failed case on the terminal. --no-cases for a frozen test split: its questions and facts stay out of logs (CI's included), so that it keeps measuring; the reports still hold them.")] = True,
) -> None:
    """Run a dataset (or several) through the assistant, write reports, and exit 0 (gate passed), 1 (failed) or 2
    (errors; for several datasets, the worst of their codes)."""
    from evals.runner import RunOptions, run_several

    if judge not in ("auto", "on", "off"):
        raise typer.BadParameter("--judge must be auto, on or off")
    if len(dataset) != len(out):
        raise typer.BadParameter(f"one --out for each --dataset: {len(dataset)} datasets, {len(out)} out dirs")
    code = run_several([RunOptions(dataset=d, out=o, baseline=baseline, answerer=answerer, thresholds=thresholds,
                                   judge=judge, history=history, save_baseline=save_baseline, documents=documents,
                                   index_cache=index_cache, show_cases=cases) for d, o in zip(dataset, out, strict=True)])
    raise typer.Exit(code)


@app.command()
def lint(
    dataset: Annotated[Path, typer.Option(help="Dataset to check.")] = Path("evals/datasets/golden.jsonl"),
    knowledge: Annotated[Optional[Path], typer.Option(help="Knowledge folder (default: the configured one).")] = None,
) -> None:
    """Check a dataset: valid fields and every relevant_docs id a note in knowledge/. Exit 2 on errors."""
    from collections import Counter

    from assistant.config import Settings
    from evals.context import load_notes
    from evals.dataset import lint as lint_dataset

    notes, _ = load_notes([knowledge or Settings().knowledge_dir])
    report = lint_dataset(dataset, set(notes), notes)
    for warning in report.warnings:
        typer.secho(f"warning: {warning}", fg="yellow")
    for error in report.errors:
        typer.secho(f"error: {error}", fg="red")
    cases = report.cases
    langs = Counter(c.lang for c in cases)
    routes = Counter(c.route + (f":{c.refer_reason}" if c.refer_reason else "") for c in cases)
    tags = Counter(t for c in cases for t in c.tags)
    typer.echo(f"{dataset}: {len(cases)} valid cases ({', '.join(f'{k} {v}' for k, v in sorted(langs.items()))}); "
               f"{sum(bool(c.history) for c in cases)} multi-turn, {sum(c.critical for c in cases)} critical")
    typer.echo("routes: " + ", ".join(f"{k} {v}" for k, v in sorted(routes.items())))
    typer.echo("tags: " + ", ".join(f"{k} {v}" for k, v in sorted(tags.items())))
    if not report.ok:
        typer.secho(f"{len(report.errors)} error(s)", fg="red")
        raise typer.Exit(2)
    typer.secho("OK", fg="green")


def _load(ref: str, db: Path) -> dict:
    from evals.gate import load_run_file
    from evals.history import RunHistory

    path = Path(ref)
    if path.is_file():
        return load_run_file(path)
    return RunHistory(db).load(ref)


@app.command()
def compare(
    run_a: Annotated[str, typer.Argument(help="Before: a run id, `last`, `prev`, or a results/baseline JSON file.")],
    run_b: Annotated[str, typer.Argument(help="After: same forms.")] = "last",
    db: Annotated[Path, typer.Option(help="Run history SQLite file.")] = DEFAULT_DB,
) -> None:
    """Metric deltas between two runs and the cases that flipped between pass and fail."""
    from rich.console import Console
    from rich.table import Table

    from evals.gate import ConfigError, compare_runs
    from evals.history import HistoryError
    from evals.reports import METRIC_LABELS, fmt, fmt_delta, ordered_metrics

    try:
        before, after = _load(run_a, db), _load(run_b, db)
    except (HistoryError, ConfigError) as exc:
        typer.secho(str(exc), fg="red", err=True)
        raise typer.Exit(2) from None
    result = compare_runs(before, after)
    console = Console()

    def label(doc: dict, ref: str) -> str:
        r = doc.get("run", {})
        return f"{ref} (run {r.get('id', '-')}, {(r.get('git_commit') or '?')[:10]}, {r.get('started_at', '')})"

    table = Table(title=f"{label(before, run_a)} → {label(after, run_b)}", title_justify="left")
    for col in ("metric", "before", "after", "Δ"):
        table.add_column(col, justify="left" if col == "metric" else "right")
    merged = {**before["metrics"], **after["metrics"]}
    for name in ordered_metrics(merged):
        d = result["deltas"][name]
        colour = "green" if d["better"] else "red" if d["better"] is False else "dim"
        table.add_row(METRIC_LABELS.get(name, name), fmt(name, d["before"]), fmt(name, d["after"]),
                      f"[{colour}]{fmt_delta(name, d['delta'])}[/]")
    console.print(table)
    flipped = result["flipped"]
    console.print(f"[red]pass → fail ({len(flipped['pass_to_fail'])})[/]")
    for item in flipped["pass_to_fail"]:
        console.print(f"  {item['id']}: " + " | ".join(item["failures"]), highlight=False)
    console.print(f"[green]fail → pass ({len(flipped['fail_to_pass'])})[/]")
    for item in flipped["fail_to_pass"]:
        console.print(f"  {item['id']} (was: " + " | ".join(item["failures"]) + ")", highlight=False)
    if flipped["added"] or flipped["removed"]:
        console.print(f"cases added: {', '.join(flipped['added']) or '-'}; removed: {', '.join(flipped['removed']) or '-'}")


@app.command("history")
def history_command(
    db: Annotated[Path, typer.Option(help="Run history SQLite file.")] = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="How many runs.")] = 20,
) -> None:
    """The latest runs: id, time, commit, dataset, exit code and headline metrics."""
    from evals.history import RunHistory

    runs = RunHistory(db).runs(limit)
    if not runs:
        typer.echo(f"No runs recorded in {db}.")
        return
    for r in runs:
        m = r["metrics"]
        headline = ", ".join(f"{k.split('.', 1)[1]} {m[k]:.3f}" for k in
                             ("cases.pass_rate", "routing.accuracy", "answer.key_fact_recall") if m.get(k) is not None)
        typer.echo(f"#{r['id']:<4} {r['started_at']}  {(r['git_commit'] or '?')[:10]}{'+' if r['git_dirty'] else ' '} "
                   f"exit {r['exit_code']}  {r['dataset_path']}  {headline}")
